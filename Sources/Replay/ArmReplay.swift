import ArmatureCore
import EnvInterface
import Experiments
import Foundation
import Hardware
import Tasks

/// One replayed episode: the shared episode log, the control run behind it (its full tick record),
/// and the approach move that brought the arm to the start pose.
public struct ReplayEpisode: Sendable {
  public var log: EpisodeLog
  public var run: ControlLoop.Run
  public var approach: ControlLoop.Run?
  /// Whether the run ended as planned (not refused by the safety layer, not failed).
  public var completed: Bool {
    switch run.endReason {
    case .sourceFinished, .tickLimit, .timeLimit: return true
    case .refused, .failed: return false
    }
  }
}

/// Replays policies and recorded trajectories on an arm, every command through a `SafetyLayer`:
/// brings the arm to the start pose with a synchronized point-to-point move at a fraction of its
/// speed and acceleration limits, runs the source at a fixed rate (`ControlLoop`), stops the arm,
/// and returns the episode in the format of simulated episodes.
public final class ArmReplay {
  public let arm: SafetyLayer
  public let rate: Double
  /// Fractions of the speed and acceleration limits for moves to a start pose.
  public var approachSpeed = 0.25
  public var approachAcceleration = 0.25
  /// Seconds the last target of a move is held so a lagging servo settles.
  public var settle = 0.5
  /// Largest distance (rad, per joint) at which the start pose counts as reached.
  public var startTolerance = 0.01
  /// Facts for every episode's notes (robot address, arm kind).
  public var notes: [String: String] = [:]

  /// `arm` is connected already; every command goes through a safety layer with period 1/`rate`.
  public init(arm: any ArmController, rate: Double, log: SafetyLog = SafetyLog()) {
    precondition(rate > 0)
    self.rate = rate
    self.arm = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: arm.model, period: 1 / rate), log: log)
  }

  public var model: ArmModel { arm.model }

  /// Moves to `goal` (the arm's joint order) and waits for it to settle; throws when the move is
  /// refused or fails, or the arm ends farther than `startTolerance` from `goal`.
  @discardableResult public func move(to goal: [Double]) throws -> ControlLoop.Run {
    guard goal.count == model.dof else { throw ReplayError("a start pose needs \(model.dof) joint positions, got \(goal.count)") }
    for (j, l) in SafetyLimits(model: model, period: 1 / rate).joints.enumerated() where !(l.lower...l.upper).contains(goal[j]) {
      throw ReplayError("the start pose puts joint \(model.jointNames[j]) at \(goal[j]) rad, outside [\(l.lower), \(l.upper)]")
    }
    let start = try arm.state().jointPositions
    let speed = model.limits.map(\.maxVelocity).min()! * approachSpeed
    let acceleration = model.limits.map(\.maxAcceleration).min()! * approachAcceleration
    let trajectory = JointTrajectory.pointToPoint(
      from: start, to: goal, speed: speed, acceleration: acceleration, period: 1 / rate, jointNames: model.jointNames)
    let run = ControlLoop(arm: arm, settings: ControlLoop.Settings(rate: rate)).run(
      TrajectorySource(trajectory, hold: settle, label: "approach"))
    switch run.endReason {
    case .refused(let v): throw ReplayError("the move to the start pose was refused by the safety layer: \(v)")
    case .failed(let why): throw ReplayError("the move to the start pose failed: \(why)")
    default: break
    }
    let reached = try arm.state().jointPositions
    let off = zip(reached, goal).map { abs($0 - $1) }.max() ?? 0
    guard off <= startTolerance else {
      throw ReplayError("the arm stopped \(off) rad from the start pose (allowed \(startTolerance))")
    }
    return run
  }

  /// Replays `trajectory` open-loop (servo targets at the trajectory's times), after moving to its
  /// first sample. Its joints must be the arm's (any order). The run's stream begins with a
  /// lead-in from the measured position to the first sample (its length in the log's notes,
  /// `lead_in_seconds`: one period when the arm settled exactly there); the trajectory's own
  /// targets follow at their times after it.
  public func replay(trajectory: JointTrajectory, name: String = "trajectory", hold: Double = 0.5) throws -> ReplayEpisode {
    var order: [Int] = []
    for joint in model.jointNames {
      guard let k = trajectory.jointNames.firstIndex(of: joint) else {
        throw ReplayError("the trajectory has no column for joint '\(joint)' (it has \(trajectory.jointNames.joined(separator: ", ")))")
      }
      order.append(k)
    }
    guard trajectory.jointNames.count == model.dof else {
      throw ReplayError("the trajectory has \(trajectory.jointNames.count) joints, the arm \(model.dof)")
    }
    let arranged = JointTrajectory(
      jointNames: model.jointNames, times: trajectory.times, positions: trajectory.positions.map { p in order.map { p[$0] } })
    let approach = try move(to: arranged.positions[0])
    // The stream starts where the arm settled (a joint with friction stops a little short of
    // the start pose): a lead-in to the first sample, so that the first target is the measured
    // position and no step jumps.
    let here = try arm.state().jointPositions
    let lead = JointTrajectory.pointToPoint(
      from: here, to: arranged.positions[0], speed: model.limits.map(\.maxVelocity).min()! * approachSpeed,
      acceleration: model.limits.map(\.maxAcceleration).min()! * approachAcceleration, period: 1 / rate,
      jointNames: model.jointNames)
    let offset = lead.times.last! + 1 / rate - arranged.times[0]
    let stream = JointTrajectory(
      jointNames: model.jointNames, times: lead.times + arranged.times.map { $0 + offset },
      positions: lead.positions + arranged.positions)
    let run = ControlLoop(arm: arm, settings: ControlLoop.Settings(rate: rate)).run(
      TrajectorySource(stream, hold: hold, label: "trajectory \(name)"))
    var allNotes = notes
    allNotes["trajectory"] = name
    allNotes["lead_in_seconds"] = String(offset + arranged.times[0])
    let log = run.episodeLog(
      task: "trajectory", policy: name,
      observationComponents: [
        SpaceComponent(name: "joint_positions", range: 0..<model.dof),
        SpaceComponent(name: "joint_velocities", range: model.dof..<(2 * model.dof)),
      ],
      actionComponents: [SpaceComponent(name: "joint_targets", range: 0..<model.dof)], notes: allNotes)
    return ReplayEpisode(log: log, run: run, approach: approach)
  }

  /// Runs `policy` on task `shadow` for `episodes` episodes. Episode k starts from the state
  /// `armature eval --seed seed` gives its episode k (`EpisodeSeeds.evaluation`): the shadow draws
  /// the target and objects, the arm moves to the drawn start pose, then the policy runs for at
  /// most the task's episode length. `onEpisode` hears each finished episode.
  public func replay(
    policy: any Policy, name: String, shadow: any ArmShadow, episodes: Int, seed: UInt64, episodeSteps: Int? = nil,
    onEpisode: ((Int, ReplayEpisode) throws -> Void)? = nil
  ) throws -> [ReplayEpisode] {
    let task = shadow.taskDescription
    guard abs(task.controlRate - rate) < 1e-9 else {
      throw ReplayError(
        "task '\(task.name)' runs at \(task.controlRate) Hz: replay it at that rate (--rate \(task.controlRate)), not \(rate) Hz")
    }
    guard policy.actionSpace.count == shadow.actionSpace.count else {
      throw ReplayError(
        "the policy acts with \(policy.actionSpace.count) values, task '\(task.name)' takes \(shadow.actionSpace.count)")
    }
    var results: [ReplayEpisode] = []
    for k in 0..<episodes {
      let episodeSeed = EpisodeSeeds.evaluation(seed, episode: k)
      let start = try shadow.beginEpisode(seed: episodeSeed)
      let instruction = shadow.instruction
      var goal = try arm.state().jointPositions
      for (i, name) in shadow.armJointNames.enumerated() {
        guard let j = model.jointNames.firstIndex(of: name) else {
          throw ReplayError("the task's arm joint '\(name)' is not a joint of the robot")
        }
        goal[j] = start[i]
      }
      let approach = try move(to: goal)
      let source = try ShadowPolicySource(
        shadow: shadow, policy: policy, armJoints: model.jointNames, limits: arm.limits,
        maximumSteps: episodeSteps ?? task.episodeSteps, label: "policy \(name) on \(task.name)")
      let run = ControlLoop(arm: arm, settings: ControlLoop.Settings(rate: rate)).run(source)
      var allNotes = notes
      allNotes["non_robot_state"] =
        "shadow simulation of '\(task.name)' seeded \(episodeSeed), its arm set to the measured joint state every tick "
        + "(an estimate: no perception)"
      allNotes["shaped_ticks"] = String(source.shaped.filter { $0 }.count)
      var log = run.episodeLog(
        task: task.name, policy: name, instruction: instruction,
        observationComponents: shadow.observationSpace.components, actionComponents: shadow.actionSpace.components,
        notes: allNotes)
      log.header.seed = episodeSeed
      for i in log.steps.indices {
        if i < source.evaluations.count {
          let e = source.evaluations[i]
          log.steps[i].reward = e.reward
          log.steps[i].success = e.success
          log.steps[i].rewardTerms = Dictionary(e.rewardTerms.map { ($0.name, $0.value) }, uniquingKeysWith: +)
        }
        if i < source.shaped.count, source.shaped[i], log.steps[i].note == nil {
          log.steps[i].note = "targets shaped to the arm's speed and acceleration limits"
        }
      }
      let episode = ReplayEpisode(log: log, run: run, approach: approach)
      results.append(episode)
      try onEpisode?(k, episode)
      if !episode.completed { break }
    }
    return results
  }

  /// Writes an episode's logs into `directory`: `NAME.jsonl` (the episode log), `NAME.ticks.jsonl`
  /// (the control run) and, if there was one, `NAME.approach.ticks.jsonl`.
  public func record(_ episode: ReplayEpisode, name: String, in directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let base = (directory as NSString).appendingPathComponent(name)
    try episode.log.write(to: base + ".jsonl")
    try ControlRunLog.write(episode.run, model: model, to: base + ".ticks.jsonl")
    if let approach = episode.approach {
      try ControlRunLog.write(approach, model: model, to: base + ".approach.ticks.jsonl")
    }
  }
}
