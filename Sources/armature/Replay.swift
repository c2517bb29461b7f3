import ArgumentParser
import ArmatureCore
import EnvInterface
import Foundation
import Hardware
import Policies
import Replay
import Tasks

struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Run a trained policy closed-loop, or a recorded joint trajectory open-loop, on a UR arm over RTDE.",
    discussion: """
      Every command goes through the safety layer. Before each episode the arm moves to the episode's start pose with a slow synchronized point-to-point move.

      --policy FILE --task T: episode k starts as episode k of `armature eval --seed S` does. The task's workcell runs as a shadow simulation: every tick its arm is set to the measured joint state, it makes the policy's observation exactly as in simulation (the target, cube and tote are the shadow's: an estimate, Armature has no perception), and it maps the action to joint targets through the task's action mode. --policy expert runs the task's scripted expert.

      --trajectory FILE.csv: a `time,<joint>,…` CSV replayed open-loop as servo targets.

      --record DIR writes each episode as DIR/episode-NNNN.jsonl (the episode log of simulated episodes), DIR/episode-NNNN.ticks.jsonl (every control tick) and DIR/episode-NNNN.approach.ticks.jsonl (the move to the start pose).
      """)

  @Option(help: "A policy file, or 'expert' for the task's scripted expert.") var policy: String?
  @Option(help: "The task (default: the one the policy was trained on).") var task: String?
  @Option(help: "A joint trajectory CSV (time,<joint>,…) to replay open-loop.") var trajectory: String?
  @Option(help: "The arm: ur-rtde://HOST.") var robot: String
  @Option(help: "Control rate, Hz (default: the task's for policies, 125 Hz for trajectories).") var rate: Double?
  @Option(help: "Episodes (policy replay).") var episodes: Int = 1
  @Option(help: "Seed of the episodes (as armature eval's --seed).") var seed: UInt64 = 0
  @Option(help: "Control steps per episode (default: the task's).") var episodeSteps: Int?
  @Option(help: "servoj lookahead time, s (0.03-0.2; shorter tracks tighter).") var lookahead: Double = 0.05
  @Option(help: "Write episode logs into this folder.") var record: String?
  @Flag(help: "No per-episode lines.") var quiet = false

  func validate() throws {
    if (policy == nil) == (trajectory == nil) { throw ValidationError("give either --policy or --trajectory") }
    if trajectory != nil, task != nil { throw ValidationError("--task goes with --policy, not --trajectory") }
    if episodes < 1 { throw ValidationError("--episodes must be at least 1") }
    if let rate, !(rate > 0 && rate <= 500) { throw ValidationError("--rate must be in (0, 500] Hz") }
    if let episodeSteps, episodeSteps < 1 { throw ValidationError("--episode-steps must be at least 1") }
    if !(0.03...0.2).contains(lookahead) { throw ValidationError("--lookahead must be in [0.03, 0.2] s") }
  }

  func run() throws {
    do {
      let host = try RobotAddress(robot).host
      if let trajectory {
        let loaded = try JointTrajectory.load(file: trajectory)
        let replay = try connect(host: host, rate: rate ?? 125)
        defer { replay.arm.disconnect() }
        let episode = try replay.replay(trajectory: loaded, name: trajectory)
        try report(episode, index: 0, replay: replay, policy: false)
        guard episode.completed else { throw ReplayError("the trajectory did not finish: \(ControlRunLog.endDetail(episode.run.endReason))") }
        return
      }
      let (shadow, agent, name) = try preparePolicy()
      let replay = try connect(host: host, rate: rate ?? shadow.taskDescription.controlRate)
      defer { replay.arm.disconnect() }
      var successes = 0
      let episodes = try replay.replay(
        policy: agent, name: name, shadow: shadow, episodes: episodes, seed: seed, episodeSteps: episodeSteps
      ) { k, episode in
        if episode.log.succeeded { successes += 1 }
        try report(episode, index: k, replay: replay)
      }
      say("replay: \(successes) of \(episodes.count) episodes succeeded on \(robot)")
      if let last = episodes.last, !last.completed {
        throw ReplayError("episode \(episodes.count - 1) ended early: \(ControlRunLog.endDetail(last.run.endReason))")
      }
    } catch let e as ValidationError {
      throw e
    } catch {
      throw fail(error)
    }
  }

  private func preparePolicy() throws -> (any ArmShadow, any Policy, String) {
    let source = policy ?? "expert"
    if source == "expert" {
      guard let task else { throw ValidationError("--task is required with --policy expert") }
      let shadow = try TaskRegistry.makeShadow(task, episodeSteps: episodeSteps)
      return (shadow, shadow.makeExpert(), "expert")
    }
    let trained = try PolicyFile.load(source)
    let taskName = task ?? trained.provenance.task
    let shadow = try TaskRegistry.makeShadow(taskName, episodeSteps: episodeSteps)
    let checked = try PolicyFile.load(
      source, observationSpace: shadow.observationSpace, actionSpace: shadow.actionSpace, task: taskName)
    return (shadow, checked, source)
  }

  private func connect(host: String, rate: Double) throws -> ArmReplay {
    var configuration = URRTDEArm.Configuration(host: host)
    configuration.servoTime = 1 / rate
    configuration.lookahead = lookahead
    let arm = URRTDEArm(configuration)
    try arm.connect()
    let replay = ArmReplay(arm: arm, rate: rate)
    replay.notes["robot"] = robot
    if let v = arm.controllerVersion { replay.notes["controller"] = "\(v.major).\(v.minor).\(v.bugfix).\(v.build)" }
    return replay
  }

  private func report(_ episode: ReplayEpisode, index: Int, replay: ArmReplay, policy: Bool = true) throws {
    let name = String(format: "episode-%04d", index)
    if let record { try replay.record(episode, name: name, in: record) }
    if quiet { return }
    let t = episode.run.timing
    var outcome = ""
    if policy {
      outcome = "\(episode.log.succeeded ? "success" : "no success"), return \(String(format: "%.3f", episode.log.totalReward)), "
    } else if let last = episode.run.ticks.last {
      let error = zip(last.state.jointPositions, last.outcome.requested.values).map { abs($0 - $1) }.max() ?? 0
      outcome = "final tracking error \(String(format: "%.2g", error)) rad, "
    }
    say(
      "\(name): \(episode.log.steps.count) steps, \(outcome)end \(ControlRunLog.endCode(episode.run.endReason)), "
        + "jitter p99 \(String(format: "%.1f", t.jitterP99 * 1000)) ms, missed \(t.missedDeadlines), "
        + "refused \(episode.run.ticks.filter { $0.outcome.refusal != nil }.count)")
  }
}
