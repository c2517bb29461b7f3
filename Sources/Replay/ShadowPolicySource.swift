import EnvInterface
import Hardware
import Tasks

/// Runs a task policy closed-loop on an arm through the task's `ArmShadow`: each tick the shadow
/// follows the measured joint state and makes the observation the task environment would make;
/// the policy's action becomes joint targets through the task's action mode; `JointStepLimiter`
/// keeps them within the arm's limits; they go to the arm as a servo command.
///
/// The episode ends after `maximumSteps` actions or when the task terminates (success), judged on
/// the measured state one tick after the action.
public final class ShadowPolicySource: CommandSource {
  public let shadow: any ArmShadow
  public let policy: any Policy
  public let label: String
  public let maximumSteps: Int
  /// For each of the shadow's arm joints, its index in the arm's joint order.
  private let order: [Int]
  private var limiter: JointStepLimiter
  private var queue: [[Double]] = []
  /// The task's evaluation of the start state.
  public private(set) var initial: ShadowStep?
  /// The task's evaluation after each action (index = tick of the action).
  public private(set) var evaluations: [ShadowStep] = []
  /// Whether the limiter changed the targets of each tick.
  public private(set) var shaped: [Bool] = []

  /// `armJoints` are the arm's joint names; the shadow's must be the same joints.
  public init(
    shadow: any ArmShadow, policy: any Policy, armJoints: [String], limits: SafetyLimits, maximumSteps: Int,
    label: String = "policy"
  ) throws {
    var order: [Int] = []
    for name in shadow.armJointNames {
      guard let k = armJoints.firstIndex(of: name) else {
        throw ReplayError("the task's arm joint '\(name)' is not a joint of the robot (\(armJoints.joined(separator: ", ")))")
      }
      order.append(k)
    }
    guard order.count == armJoints.count else {
      throw ReplayError("the task's arm has \(order.count) joints, the robot \(armJoints.count)")
    }
    self.shadow = shadow
    self.policy = policy
    self.order = order
    self.maximumSteps = maximumSteps
    self.label = label
    limiter = JointStepLimiter(limits: limits)
  }

  public func begin(_ state: ArmState) throws {
    policy.reset()
    queue = []
    initial = nil
    evaluations = []
    shaped = []
    limiter.reset()
  }

  public func decide(tick index: Int, time: Double, state: ArmState) throws -> SourceDecision? {
    let step = try shadow.follow(
      positions: order.map { state.jointPositions[$0] }, velocities: order.map { state.jointVelocities[$0] })
    if index == 0 { initial = step } else { evaluations.append(step) }
    if (index > 0 && step.terminated) || index >= maximumSteps { return nil }
    if queue.isEmpty { queue = try policy.act(step.observation).actions }
    let action = queue.removeFirst()
    let targets = try shadow.act(action)
    var arm = state.jointPositions
    for (i, k) in order.enumerated() { arm[k] = targets[i] }
    let (sent, changed) = limiter.limit(arm, state: state)
    shaped.append(changed)
    return SourceDecision(command: .servo(sent), observation: step.observation.vector, action: action)
  }
}

/// A replay that cannot go on, with the reason.
public struct ReplayError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
