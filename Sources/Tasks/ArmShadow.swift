import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// A task's simulated workcell run alongside a physical arm (`armature replay`): it supplies what
/// the arm cannot measure (the reach target, the cube, the tote) and maps the policy's actions to
/// joint targets exactly as the task's environment does in simulation.
///
/// Each control tick: `follow` puts the shadow's arm at the measured joint positions and
/// velocities and returns the observation the task's environment would make in that state (robot
/// components from the measurement, task components from the shadow's world) with the task's
/// reward and success; `act` turns the policy's action into joint targets through the task's
/// action mode (inverse kinematics for end-effector deltas) from that state, and advances the
/// shadow world one control step with its arm driven toward those targets, so objects the arm
/// touches move in simulation. The next `follow` corrects the shadow's arm to the measurement.
///
/// Without perception this is an estimate: the shadow's objects move as the simulated arm moves
/// them, not as the real ones do.
public protocol ArmShadow: AnyObject {
  var taskDescription: TaskDescription { get }
  var observationSpace: BoxSpace { get }
  var actionSpace: BoxSpace { get }
  /// The task's language instruction for the current episode.
  var instruction: String { get }
  /// The task's scripted expert, reading the shadow's observations.
  func makeExpert() -> any Policy
  /// The six arm joints' names, in the order of positions and targets.
  var armJointNames: [String] { get }
  /// Starts an episode as `reset(seed:)` does (objects and targets drawn from `seed`) and
  /// returns the arm's start joint positions for that episode.
  func beginEpisode(seed: UInt64) throws -> [Double]
  /// Puts the shadow's arm at the measured state; returns the observation and the task's
  /// evaluation of the state (with the last action's reward terms).
  func follow(positions: [Double], velocities: [Double]) throws -> ShadowStep
  /// The six arm joint targets the action asks for, and one control step of the shadow world.
  /// A non-finite or wrongly sized action is an error.
  func act(_ action: [Double]) throws -> [Double]
}

/// The task's view of the followed state.
public struct ShadowStep: Sendable {
  public var observation: Observation
  public var reward: Double
  public var rewardTerms: [RewardTerm]
  public var success: Bool
  /// The task ended (success ends most tasks).
  public var terminated: Bool
}

extension TaskRegistry {
  /// A shadow of task `name`'s workcell without randomization (the physical arm brings its own
  /// noise), or an error when the task has no arm.
  public static func makeShadow(_ name: String, episodeSteps: Int? = nil) throws -> any ArmShadow {
    let environment = try make(name, options: TaskOptions(randomization: RandomizationSpec.none, episodeSteps: episodeSteps))
    guard let shadow = environment as? any ArmShadow else {
      throw ShadowUnavailable(task: name)
    }
    return shadow
  }
}

extension ArmTaskEnvironment: ArmShadow {
  var armJointNames: [String] { Array(cell.model.variableNames.prefix(ArmWorkcell.armJointCount)) }

  func beginEpisode(seed: UInt64) throws -> [Double] {
    _ = try reset(seed: seed)
    lastShadowAction = [Double](repeating: 0, count: actionSpace.count)
    return cell.armPositions
  }

  func follow(positions: [Double], velocities: [Double]) throws -> ShadowStep {
    let n = ArmWorkcell.armJointCount
    guard positions.count == n, velocities.count == n, (positions + velocities).allSatisfy(\.isFinite) else {
      throw TaskError.invalidAction("a measured arm state needs \(n) finite positions and velocities")
    }
    let q = cell.jointPositions
    let qd = cell.jointVelocities
    try cell.world.setRobotJointPositions(
      cell.robot, positions + [q[cell.fingerIndex]], velocities: velocities + [qd[cell.fingerIndex]])
    // The joint components are the measurement itself (read back from the physics world they
    // could differ in the last bit).
    var observation = try observe(freshNoise: true)
    observation.vector.replaceSubrange(0..<n, with: positions)
    observation.vector.replaceSubrange(n..<(2 * n), with: velocities)
    let (terms, success, terminated) = evaluateTask(action: lastShadowAction)
    return ShadowStep(
      observation: observation, reward: terms.reduce(0) { $0 + $1.value }, rewardTerms: terms, success: success,
      terminated: terminated)
  }

  func act(_ action: [Double]) throws -> [Double] {
    guard action.count == actionSpace.count else {
      throw TaskError.invalidAction("expected \(actionSpace.count) action values (\(actionMode.rawValue)), got \(action.count)")
    }
    if let bad = action.firstIndex(where: { !$0.isFinite }) {
      throw TaskError.invalidAction("action element \(bad) is \(action[bad]); actions must be finite")
    }
    lastShadowAction = action
    let clipped = action.map { max(-1, min(1, $0)) }
    let targets = jointTargets(clipped)
    try cell.commandPositions(targets, effortScale: 1)
    try cell.step(count: substeps)
    return Array(targets.prefix(ArmWorkcell.armJointCount))
  }
}

/// A task that cannot shadow an arm (it has no UR5e workcell).
public struct ShadowUnavailable: Error, CustomStringConvertible {
  public var task: String
  public var description: String { "task '\(task)' has no UR5e workcell, so it cannot run on an arm" }
}
