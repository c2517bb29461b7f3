import EnvInterface

/// What a command source decided at one tick: the command, and for policies the observation it
/// saw and the raw action it returned.
public struct SourceDecision: Sendable {
  public var command: ArmCommand
  public var observation: [Double]?
  public var action: [Double]?

  public init(command: ArmCommand, observation: [Double]? = nil, action: [Double]? = nil) {
    self.command = command
    self.observation = observation
    self.action = action
  }
}

/// Decides the command of each control tick.
public protocol CommandSource: AnyObject {
  /// A short description for records (`policy …`, `trajectory …`).
  var label: String { get }
  /// Called once before the first tick with the arm's state.
  func begin(_ state: ArmState) throws
  /// The command for tick `index` (time `time` s after the first tick); nil when finished.
  func decide(tick index: Int, time: Double, state: ArmState) throws -> SourceDecision?
}

/// Replays a joint trajectory open-loop as servo targets: at time t the target is the
/// trajectory's (interpolated) positions at t. After the last sample it holds the final target
/// for `hold` seconds (so a lagging servo settles before the loop's final stop), then finishes.
/// Ticks the control loop skipped (it fell behind) delay the rest of the trajectory by their
/// periods instead of jumping ahead: a late loop never asks for the doubled step that the safety
/// layer would refuse as a speed or acceleration jump.
public final class TrajectorySource: CommandSource {
  public let trajectory: JointTrajectory
  public let hold: Double
  public let label: String
  /// Time lost to skipped ticks (s).
  public private(set) var delay = 0.0
  private var lastTick: Int?

  public init(_ trajectory: JointTrajectory, hold: Double = 0, label: String = "trajectory") {
    self.trajectory = trajectory
    self.hold = hold
    self.label = label
  }

  public func begin(_ state: ArmState) throws {
    delay = 0
    lastTick = nil
  }

  public func decide(tick index: Int, time: Double, state: ArmState) throws -> SourceDecision? {
    // Ticks are due every period from the first, so the period is time / index.
    if let last = lastTick, index > last + 1 { delay += Double(index - last - 1) * time / Double(index) }
    lastTick = index
    let t = time - delay
    guard t <= trajectory.duration + hold + 1e-9 else { return nil }
    return SourceDecision(command: .servo(trajectory.positions(at: t)))
  }
}

/// How a policy's action becomes an arm command.
public enum ActionMapping: Hashable, Sendable {
  /// The action is the joint position target (rad).
  case jointPositions
  /// The action, times `scale`, is added to the last target (or the measured position).
  case jointPositionDeltas(scale: Double)
  /// The action is the joint velocity (rad/s).
  case jointVelocities
}

/// How the arm's state becomes a policy's observation.
public protocol ObservationBuilder: AnyObject {
  func observation(from state: ArmState, tick: Int) throws -> Observation
}

/// Observes the joint positions followed by the joint velocities.
public final class JointStateObservation: ObservationBuilder {
  public init() {}
  public func observation(from state: ArmState, tick: Int) throws -> Observation {
    Observation(vector: state.jointPositions + state.jointVelocities)
  }
}

/// Runs a `Policy` closed-loop: each tick it builds an observation from the arm's state, takes
/// the next action of the policy's current chunk (asking for a new chunk when the last one is
/// used up), and maps it to a command. Runs until the control loop's limits.
public final class PolicySource: CommandSource {
  public let policy: any Policy
  public let observations: any ObservationBuilder
  public let mapping: ActionMapping
  public let label: String
  private var queue: [[Double]] = []
  private var lastTarget: [Double]?

  public init(
    policy: any Policy, observations: any ObservationBuilder = JointStateObservation(),
    mapping: ActionMapping, label: String = "policy"
  ) {
    self.policy = policy
    self.observations = observations
    self.mapping = mapping
    self.label = label
  }

  public func begin(_ state: ArmState) throws {
    policy.reset()
    queue = []
    lastTarget = nil
  }

  public func decide(tick index: Int, time: Double, state: ArmState) throws -> SourceDecision? {
    let observation = try observations.observation(from: state, tick: index)
    if queue.isEmpty { queue = try policy.act(observation).actions }
    let action = queue.removeFirst()
    let command: ArmCommand
    switch mapping {
    case .jointPositions:
      command = .servo(action)
    case .jointPositionDeltas(let scale):
      let base = lastTarget ?? state.jointPositions
      let target = action.count == base.count ? zip(base, action).map { $0 + scale * $1 } : action
      lastTarget = target
      command = .servo(target)
    case .jointVelocities:
      command = .velocity(action)
    }
    return SourceDecision(command: command, observation: observation.vector, action: action)
  }
}
