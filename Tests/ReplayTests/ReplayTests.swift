import ArmatureCore
import EnvInterface
import Foundation
import Hardware
import Replay
import SceneDescription
import Synchronization
import Tasks
import Testing
import Twin
import _TestSupport

/// A loopback address of its own for each twin (the ports are fixed; TwinTests use 127.0.1.x).
private let addressCounter = Atomic<Int>(10)
private func nextAddress() -> String { "127.0.3.\(addressCounter.add(1, ordering: .relaxed).newValue)" }

/// A physics-arm twin (the ODE UR5e) serving on a fresh loopback address, its arm at the initial
/// pose of `scene`.
private func startPhysicsTwin(scene path: String = "Scenes/ur5e-table.yaml", dynamics: TwinDynamics = TwinDynamics()) throws
  -> TwinServer
{
  var configuration = TwinConfiguration(host: nextAddress())
  let file = try ResourceLocator.path(path)
  let scene = try Scene.load(file: file)
  try configuration.apply(scene: scene, file: file)
  let arm = try TwinArmKind.physics.makeArm(configuration: configuration, scene: scene, file: file, dynamics: dynamics)
  let server = TwinServer(controller: TwinController(configuration: configuration, arm: arm))
  try server.start()
  return server
}

private func connect(_ twin: TwinServer, rate: Double) throws -> ArmReplay {
  var c = URRTDEArm.Configuration(host: twin.configuration.host)
  c.servoTime = 1 / rate
  c.lookahead = 0.05
  let arm = URRTDEArm(c)
  try arm.connect()
  return ArmReplay(arm: arm, rate: rate)
}

/// `armature replay`'s library against the twin on the ODE UR5e, over RTDE.
@Suite(.serialized) struct ReplayTests {
  @Test func replaysARecordedTrajectoryAndItsLogsRoundTrip() throws {
    // A "real" arm: joint friction, damping and 3 cycles of command latency.
    let twin = try startPhysicsTwin(
      dynamics: TwinDynamics(friction: [4, 4, 3, 1, 1, 1], damping: [2, 2, 2, 0.5, 0.5, 0.5], latency: 3))
    defer { twin.stop() }
    let replay = try connect(twin, rate: 125)
    defer { replay.arm.disconnect() }
    // A trajectory that starts 0.2 rad away from the twin's pose (so the approach move runs),
    // with its columns in another order than the arm's, written and read back as CSV.
    let home = try replay.arm.state().jointPositions
    var start = home
    start[0] += 0.2
    var goal = start
    goal[1] -= 0.25
    goal[3] += 0.3
    let names = ArmModel.ur5e.jointNames
    let forward = JointTrajectory.pointToPoint(from: start, to: goal, speed: 0.8, acceleration: 4, period: 0.02, jointNames: names)
    let permutation = [5, 4, 3, 2, 1, 0]
    let shuffled = JointTrajectory(
      jointNames: permutation.map { names[$0] }, times: forward.times,
      positions: forward.positions.map { p in permutation.map { p[$0] } })
    let directory = try temporaryDirectory("replay")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let csv = directory + "/move.csv"
    try AtomicFile.write(shuffled.csv, to: csv)
    let loaded = try JointTrajectory.load(file: csv)

    let episode = try replay.replay(trajectory: loaded, name: "move.csv", hold: 0.5)
    #expect(episode.completed, "\(ControlRunLog.endDetail(episode.run.endReason))")
    #expect(episode.run.ticks.allSatisfy { $0.outcome.refusal == nil })
    #expect(episode.approach != nil)
    // Open loop: the last ticks hold the goal; the ODE arm settles on it through its drives
    // (lookahead 0.05 s, 0.5 s hold = 10 time constants).
    let last = try #require(episode.run.ticks.last)
    for j in 0..<6 {
      #expect(abs(last.outcome.requested.values[j] - goal[j]) < 1e-9)
      #expect(abs(last.state.jointPositions[j] - goal[j]) < 0.005, "joint \(j): \(last.state.jointPositions[j]) vs \(goal[j])")
    }
    // After the lead-in from where the arm settled, the requested targets follow the trajectory
    // at the tick times.
    let leadIn = try #require(episode.log.header.notes["lead_in_seconds"].flatMap(Double.init))
    #expect(leadIn > 0 && leadIn < 0.5)
    let mid = episode.run.ticks[episode.run.ticks.count / 3]
    #expect(mid.scheduled > leadIn)
    let expected = forward.positions(at: mid.scheduled - leadIn)
    for j in 0..<6 { #expect(abs(mid.outcome.requested.values[j] - expected[j]) < 1e-9) }

    try replay.record(episode, name: "episode-0000", in: directory)
    let back = try EpisodeLog.read(from: directory + "/episode-0000.jsonl")
    #expect(back == episode.log)
    #expect(back.header.source == .hardware && back.header.controlRate == 125)
    #expect(back.steps.count == episode.run.ticks.count)
    let ticks = try String(contentsOfFile: directory + "/episode-0000.ticks.jsonl", encoding: .utf8)
      .split(separator: "\n")
    #expect(ticks.count == episode.run.ticks.count + 2, "header, ticks, summary")
    #expect(ticks.first?.contains("\"armature-control-run\"") == true)
    #expect(FileManager.default.fileExists(atPath: directory + "/episode-0000.approach.ticks.jsonl"))
  }

  @Test func theReachExpertSucceedsOnTheTwinThroughTheShadow() throws {
    let twin = try startPhysicsTwin(scene: "Scenes/tasks/reach.yaml")
    defer { twin.stop() }
    let replay = try connect(twin, rate: 25)
    defer { replay.arm.disconnect() }
    let shadow = try TaskRegistry.makeShadow("reach")
    let episodes = try replay.replay(policy: shadow.makeExpert(), name: "expert", shadow: shadow, episodes: 5, seed: 3)
    #expect(episodes.count == 5)
    var successes = 0
    for (k, e) in episodes.enumerated() {
      #expect(e.completed, "episode \(k): \(ControlRunLog.endDetail(e.run.endReason))")
      #expect(e.run.ticks.allSatisfy { $0.outcome.refusal == nil })
      let log = e.log
      #expect(log.header.task == "reach" && log.header.source == .hardware)
      #expect(log.header.seed != nil)
      #expect(log.header.notes["non_robot_state"]?.contains("shadow simulation") == true)
      #expect(log.steps.allSatisfy { $0.observation.count == shadow.observationSpace.count && $0.requested.count == 4 })
      // The observation's joint part is the measurement of the tick's state.
      if let first = e.run.ticks.first, let o = log.steps.first?.observation {
        #expect(Array(o.prefix(12)) == first.state.jointPositions + first.state.jointVelocities)
      }
      if log.succeeded {
        successes += 1
        #expect(log.steps.last?.success == true, "success ends the episode")
      }
    }
    #expect(successes >= 4, "\(successes) of 5 episodes succeeded")
  }

  @Test func anEmergencyStopMidRunEndsTheEpisodeWithTheReason() throws {
    let twin = try startPhysicsTwin()
    defer { twin.stop() }
    let replay = try connect(twin, rate: 125)
    defer { replay.arm.disconnect() }
    let start = try replay.arm.state().jointPositions
    var goal = start
    goal[0] += 0.6
    let trajectory = JointTrajectory.pointToPoint(
      from: start, to: goal, speed: 0.3, acceleration: 1, period: 0.02, jointNames: ArmModel.ur5e.jointNames)
    let controller = twin.controller
    let presser = Thread {
      Thread.sleep(forTimeInterval: 1.2)  // after the 0.5 s approach hold, mid-trajectory
      controller.triggerEmergencyStop()
    }
    presser.start()
    let episode = try replay.replay(trajectory: trajectory)
    #expect(!episode.completed)
    guard case .refused(let violation) = episode.run.endReason else {
      Issue.record("expected a refusal, got \(episode.run.endReason)")
      return
    }
    // The safety layer sees the stop in the state stream and latches on it (or refuses on it
    // directly when it sees it first while checking a command).
    var first = violation
    if case .latched(let earlier) = violation { first = earlier }
    #expect(first.code == "arm_stopped", "\(violation)")
    #expect(episode.log.steps.last?.applied == [], "the refused step applied nothing")
    #expect(episode.log.steps.last?.note?.hasPrefix("refused") == true)
    #expect(episode.run.ticks.count < trajectory.times.count, "the run ended at the stop")
    #expect(replay.arm.log.all.contains { $0.reason?.code == "arm_stopped" })
    #expect(throws: ReplayError.self) { try replay.move(to: start) }
  }

  @Test func aPolicyThatDoesNotFitTheTaskIsRefusedBeforeTheArmMoves() throws {
    let twin = try startPhysicsTwin(scene: "Scenes/tasks/reach.yaml")
    defer { twin.stop() }
    let replay = try connect(twin, rate: 25)
    defer { replay.arm.disconnect() }
    let shadow = try TaskRegistry.makeShadow("reach")
    let before = try replay.arm.state().jointPositions
    #expect(throws: ReplayError.self) {
      try replay.replay(policy: SevenValuePolicy(), name: "wrong", shadow: shadow, episodes: 1, seed: 0)
    }
    #expect(throws: ReplayError.self) {
      try ArmReplay(arm: replay.arm, rate: 125).replay(
        policy: shadow.makeExpert(), name: "expert", shadow: shadow, episodes: 1, seed: 0)
    }
    let after = try replay.arm.state().jointPositions
    #expect(zip(before, after).allSatisfy { abs($0 - $1) < 1e-3 }, "the arm did not move")
    #expect(throws: ShadowUnavailable.self) { try TaskRegistry.makeShadow("point-reach") }
  }

  @Test func badRobotAddressesAndUnreachableHostsAreErrors() throws {
    #expect(try RobotAddress("ur-rtde://127.0.0.1").host == "127.0.0.1")
    for bad in ["127.0.0.1", "ur-rtde://", "ur-rtde://host:30004", "http://robot"] {
      #expect(throws: ReplayError.self) { try RobotAddress(bad) }
    }
    var c = URRTDEArm.Configuration(host: nextAddress())
    c.connectTimeout = 0.5
    let arm = URRTDEArm(c)
    #expect(throws: NetworkError.self) { try arm.connect() }
  }
}

/// `armature replay`, the built binary, against a twin served by this process.
@Suite(.serialized) struct ReplayCommandTests {
  @Test func replaysTheExpertAndRecordsItsEpisodes() throws {
    let twin = try startPhysicsTwin(scene: "Scenes/tasks/reach.yaml")
    defer { twin.stop() }
    let directory = try temporaryDirectory("replay-cli")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      armatureExecutable(),
      ["replay", "--policy", "expert", "--task", "reach", "--robot", "ur-rtde://\(twin.configuration.host)",
       "--episodes", "2", "--seed", "7", "--record", directory],
      in: URL(fileURLWithPath: packageRoot))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("replay: 2 of 2 episodes succeeded on ur-rtde://\(twin.configuration.host)"), "\(result.stdout)")
    for k in 0..<2 {
      let log = try EpisodeLog.read(from: directory + "/episode-000\(k).jsonl")
      #expect(log.header.task == "reach" && log.header.policy == "expert" && log.succeeded)
      #expect(FileManager.default.fileExists(atPath: directory + "/episode-000\(k).ticks.jsonl"))
    }
  }

  /// A reach policy learned by behaviour cloning of the expert (2 s of training), replayed on the
  /// twin, succeeds about as often as in simulation on the same episodes. (Seeds 0: 9 of 10 on
  /// the twin in two runs, 9 of 10 in simulation.)
  @Test func aLearnedReachPolicySucceedsOnTheTwinAsInSimulation() throws {
    let directory = try temporaryDirectory("replay-bc")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let experiment = directory + "/reach-bc.yaml"
    try AtomicFile.write(
      """
      version: 1
      task: {name: reach}
      randomization: none
      algorithm: bc
      bc: {epochs: 400}
      demonstrations: {episodes: 500, onlySuccessful: true}
      seed: 0
      threads: 1
      budget: {environmentSteps: null}
      evaluation: {everySteps: null, episodes: 10, finalEpisodes: 10}
      """, to: experiment)
    let root = URL(fileURLWithPath: packageRoot)
    let trained = try run(armatureExecutable(), ["train", experiment, "--runs", directory, "--quiet"], in: root)
    try #require(trained.status == 0, "\(trained.stderr)")
    let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("reach-bc-") })
    let policy = directory + "/" + folder + "/policy.armature"

    let simulated = try run(
      armatureExecutable(),
      ["eval", "--policy", policy, "--episodes", "10", "--seed", "0", "--randomization", "none", "--json", "--quiet"], in: root)
    try #require(simulated.status == 0, "\(simulated.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(simulated.stdout.utf8)) as? [String: Any])
    let inSimulation = try #require(json["successes"] as? Int)

    let twin = try startPhysicsTwin(scene: "Scenes/tasks/reach.yaml")
    defer { twin.stop() }
    let replayed = try run(
      armatureExecutable(),
      ["replay", "--policy", policy, "--robot", "ur-rtde://\(twin.configuration.host)", "--episodes", "10", "--seed", "0"],
      in: root)
    #expect(replayed.status == 0, "\(replayed.stderr)")
    let line = try #require(replayed.stdout.split(separator: "\n").last { $0.hasPrefix("replay: ") })
    let onTwin = try #require(Int(line.split(separator: " ")[1]))
    #expect(onTwin >= 7, "\(line)")
    #expect(abs(onTwin - inSimulation) <= 2, "twin \(onTwin) of 10, simulation \(inSimulation) of 10")
  }

  @Test func reportsAnUnreachableArmAndBadArguments() throws {
    let unreachable = try run(
      armatureExecutable(), ["replay", "--policy", "expert", "--task", "reach", "--robot", "ur-rtde://\(nextAddress())"],
      in: URL(fileURLWithPath: packageRoot))
    #expect(unreachable.status == 1)
    #expect(unreachable.stderr.contains("connection refused"), "\(unreachable.stderr)")
    let both = try run(
      armatureExecutable(), ["replay", "--policy", "expert", "--trajectory", "x.csv", "--robot", "ur-rtde://127.0.0.1"])
    #expect(both.status != 0 && both.stderr.contains("give either --policy or --trajectory"))
  }
}

/// A policy with the action space of a joint-position task (7 values): wrong for `reach` (4).
private final class SevenValuePolicy: Policy {
  let actionSpace = BoxSpace([("joint_targets", [Double](repeating: -1, count: 7), [Double](repeating: 1, count: 7))])
  func reset() {}
  func act(_ input: PolicyInput) throws -> ActionChunk { ActionChunk(single: [Double](repeating: 0, count: 7)) }
}
