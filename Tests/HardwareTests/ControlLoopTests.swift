import EnvInterface
import Foundation
import Hardware
import Testing

/// A policy that returns chunks of `chunk` identical actions and counts its calls.
final class ConstantPolicy: Policy {
  let actionSpace = BoxSpace(name: "delta", count: 6, low: -1, high: 1)
  let action: [Double]
  let chunk: Int
  var calls = 0
  var resets = 0
  init(action: [Double], chunk: Int) {
    self.action = action
    self.chunk = chunk
  }
  func reset() { resets += 1 }
  func act(_ input: PolicyInput) throws -> ActionChunk {
    calls += 1
    return ActionChunk(Array(repeating: action, count: chunk))
  }
}

@Suite struct ControlLoopTests {
  let home = [0, -1.5, 1.5, -1.5, -1.5, 0.0]

  @Test func pointToPointRespectsSpeedAndAcceleration() {
    let goal = [0.5, -1.2, 1.3, -1.5, -1.0, 0.3]
    let t = JointTrajectory.pointToPoint(
      from: home, to: goal, speed: 1, acceleration: 4, period: 0.01, jointNames: ArmModel.ur5e.jointNames)
    #expect(t.positions.first == home && t.positions.last == goal)
    // Longest way 0.5 rad: ramps 0.25 s each, cruise 0.25 s: 0.75 s.
    #expect(abs(t.duration - 0.75) < 0.011)
    var previous = [Double](repeating: 0, count: 6)
    for k in 1..<t.times.count {
      let v = zip(t.positions[k], t.positions[k - 1]).map { ($0 - $1) / 0.01 }
      #expect(v.allSatisfy { abs($0) <= 1 + 1e-9 })
      #expect(zip(v, previous).allSatisfy { abs($0 - $1) / 0.01 <= 4 * 1.0001 + 1e-6 })
      previous = v
    }
  }

  /// A tick the loop skipped delays the trajectory by its period: the next target is the one
  /// after the last sent, not a doubled step.
  @Test func skippedTicksDelayATrajectoryInsteadOfJumping() throws {
    let names = ArmModel.ur5e.jointNames
    let trajectory = JointTrajectory(
      jointNames: names, times: [0, 1], positions: [[Double](repeating: 0, count: 6), [Double](repeating: 1, count: 6)])
    let source = TrajectorySource(trajectory)
    let state = try FakeArm(positions: home).state()
    try source.begin(state)
    var firstJoint: [Double] = []
    for (tick, time) in [(0, 0.0), (1, 0.01), (4, 0.04), (5, 0.05)] {
      guard case .servo(let q)? = try source.decide(tick: tick, time: time, state: state)?.command else {
        Issue.record("no servo target at tick \(tick)")
        return
      }
      firstJoint.append(q[0])
    }
    for (got, want) in zip(firstJoint, [0, 0.01, 0.02, 0.03]) { #expect(abs(got - want) < 1e-12) }
    #expect(abs(source.delay - 0.02) < 1e-12)
  }

  @Test func replaysATrajectoryThroughTheSafetyLayer() throws {
    let arm = FakeArm(positions: home)
    let layer = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.01))
    try layer.connect()
    defer { layer.disconnect() }
    let goal = [0.2, -1.4, 1.45, -1.5, -1.4, 0.1]
    let trajectory = JointTrajectory.pointToPoint(
      from: home, to: goal, speed: 0.5, acceleration: 2, period: 0.01, jointNames: ArmModel.ur5e.jointNames)
    let loop = ControlLoop(arm: layer, settings: .init(rate: 100))
    let run = loop.run(TrajectorySource(trajectory))
    #expect(run.endReason == .sourceFinished)
    #expect(run.ticks.count == trajectory.times.count)
    #expect(run.ticks.allSatisfy { $0.outcome.wasSentAsRequested && $0.outcome.refusal == nil })
    #expect(arm.positions == goal)
    #expect(arm.sent.last == .stop)
    #expect(run.timing.ticks == run.ticks.count)
    #expect(run.timing.achievedRate > 80 && run.timing.achievedRate < 120)
    for (k, tick) in run.ticks.enumerated() {
      #expect(tick.index == k)
      #expect(abs(tick.scheduled - Double(k) * 0.01) < 1e-12)
      #expect(tick.started >= tick.scheduled - 1e-6)
      #expect(tick.outcome.requested == .servo(trajectory.positions[k]))
    }
  }

  @Test func runsAPolicyWithActionChunksAndDeltas() throws {
    let arm = FakeArm(positions: home)
    let policy = ConstantPolicy(action: [1, 0, 0, 0, 0, -1], chunk: 4)
    let loop = ControlLoop(arm: arm, settings: .init(rate: 200, maximumTicks: 20))
    let run = loop.run(PolicySource(policy: policy, mapping: .jointPositionDeltas(scale: 0.001)))
    #expect(run.endReason == .tickLimit)
    #expect(run.ticks.count == 20)
    #expect(policy.calls == 5 && policy.resets == 1)
    #expect(abs(arm.positions[0] - 0.02) < 1e-12 && abs(arm.positions[5] + 0.02) < 1e-12)
    #expect(run.ticks[3].observation == home + [0, 0, 0, 0, 0, 0] || run.ticks[3].observation?.count == 12)
    #expect(run.ticks.allSatisfy { $0.action == [1, 0, 0, 0, 0, -1] })
  }

  @Test func aRefusalEndsTheRunAndIsRecorded() throws {
    let arm = FakeArm(positions: home)
    let layer = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.01))
    try layer.connect()
    defer { layer.disconnect() }
    var jumpy = home
    jumpy[1] += 0.3
    let trajectory = JointTrajectory(
      jointNames: ArmModel.ur5e.jointNames, times: [0, 0.01, 0.02], positions: [home, home, jumpy])
    let run = ControlLoop(arm: layer, settings: .init(rate: 100)).run(TrajectorySource(trajectory))
    #expect(run.ticks.count == 3)
    guard case .refused(let violation) = run.endReason else {
      Issue.record("expected a refusal, got \(run.endReason)")
      return
    }
    #expect(violation.code == "velocity_over_limit")
    #expect(run.ticks[2].outcome.sent == .stop)
    #expect(run.ticks[2].safetyEvents.map(\.kind) == [.refused])
    #expect(arm.positions == home)

    // The same run in the episode format shared with simulation, written and read back.
    let log = run.episodeLog(task: "replay-test", policy: "trajectory")
    #expect(log.header.source == .hardware && log.header.controlRate == 100)
    #expect(log.steps.map(\.time) == [0, 0.01, 0.02])
    #expect(log.steps[1].requested == home && log.steps[1].applied == home && log.steps[1].note == nil)
    #expect(log.steps[2].requested == jumpy && log.steps[2].applied.isEmpty)
    #expect(log.steps[2].note?.hasPrefix("refused (velocity_over_limit)") == true)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("armature-episode-\(getpid()).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try log.write(to: path)
    #expect(try EpisodeLog.read(from: path) == log)
  }

  @Test func controlRunLogHasHeaderTicksAndSummary() throws {
    let arm = FakeArm(positions: home)
    let run = ControlLoop(arm: arm, settings: .init(rate: 100, maximumTicks: 5)).run(
      PolicySource(policy: ConstantPolicy(action: [0, 0, 0, 0, 0, 0], chunk: 1), mapping: .jointPositionDeltas(scale: 1)))
    let text = ControlRunLog.text(of: run, model: .ur5e)
    let lines = text.split(separator: "\n").map { String($0) }
    #expect(lines.count == 7)
    func object(_ line: String) throws -> [String: Any] {
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    let header = try object(lines[0])
    #expect(header["format"] as? String == "armature-control-run")
    #expect(header["joints"] as? [String] == ArmModel.ur5e.jointNames)
    #expect(header["rate"] as? Double == 100)
    let tick = try object(lines[3])
    #expect(tick["tick"] as? Int == 2)
    #expect((tick["q"] as? [Double])?.count == 6)
    #expect((tick["requested"] as? [String: Any])?["kind"] as? String == "servo")
    #expect(tick["refusal"] is NSNull)
    let summary = try object(lines[6])
    #expect(summary["end"] as? String == "tick_limit")
    #expect((summary["timing"] as? [String: Any])?["ticks"] as? Int == 5)
  }

  @Test func trajectoryFilesParseAndReportErrorsWithLines() throws {
    let good = "# joint trajectory\ntime,a,b\n0,0,1\n0.5,1,1\n\n1.0,1,0\n"
    let t = try JointTrajectory.parse(good, file: "t.csv")
    #expect(t.times == [0, 0.5, 1.0])
    #expect(t.positions(at: 0.25) == [0.5, 1])
    #expect(t.positions(at: 0.75) == [1, 0.5])
    #expect(t.positions(at: 2) == [1, 0])
    #expect(try JointTrajectory.parse(t.csv, file: "round-trip") == t)
    func error(_ text: String) -> String {
      do {
        _ = try JointTrajectory.parse(text, file: "t.csv")
        return "no error"
      } catch { return String(describing: error) }
    }
    #expect(error("0,1,2\n") == "t.csv:1: expected a header 'time,<joint>,…', got '0,1,2'")
    #expect(error("time,a,b\n0,1\n") == "t.csv:2: expected 3 values (time and 2 joints), got 2")
    #expect(error("time,a,b\n0,1,x\n") == "t.csv:2: b: 'x' is not a finite number")
    #expect(error("time,a,b\n0,1,2\n0,1,2\n") == "t.csv:3: time: 0.0 does not increase (previous 0.0)")
    #expect(error("time,a,b\n0,nan,2\n") == "t.csv:2: a: 'nan' is not a finite number")
    #expect(error("time,a\n") == "t.csv: the file has no samples")
  }
}
