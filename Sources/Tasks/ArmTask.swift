import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// One manipulation task on the shared arm workcell, in dm_control's split: the environment owns
/// the world, stepping, noise and bookkeeping; the task says what the world holds, how an
/// episode starts, what the policy observes of the task, how it is rewarded and when it ends.
/// Every hook receives the random stream explicitly.
protocol ArmTask {
  /// The registry description.
  static var description: TaskDescription { get }
  /// The scene file, relative to the project folder.
  static var sceneFile: String { get }
  /// The default action mode.
  static var actionMode: ActionMode { get }
  /// A fixed finger travel that replaces the gripper command (nil: the policy drives it).
  static var gripperLocked: Double? { get }
  /// The region the grasp centre is kept in (world coordinates).
  static var workspace: (low: Vector3, high: Vector3) { get }

  /// The task's observation components after the robot's: names and bounds.
  var observationComponents: [(name: String, low: [Double], high: [Double])] { get }
  /// The sentence telling the policy what to do this episode.
  var instruction: String { get }

  /// Binds the task to the workcell (finds its bodies).
  init(cell: ArmWorkcell, options: TaskOptions) throws
  /// Places objects and goals for a new episode (the world is already at its initial state and
  /// randomized).
  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws
  /// Applies the task's physical randomization (object mass, friction, size) from `randomizer`.
  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws
  /// The task's observation values, in `observationComponents` order.
  func observe(cell: ArmWorkcell) -> [Double]
  /// The reward terms (which sum to the reward), success, and whether the episode ends; called
  /// once per control step, so a task may count steps in its episode state (how long success held).
  mutating func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool)
  /// The scripted expert's action for an observation (laid out by `layout`).
  func expertAction(_ observation: ObservationLayout, memory: inout ExpertMemory) -> [Double]
  /// Where the task camera draws the episode's target (a small translucent-looking sphere), if
  /// the task has a target point.
  var targetMarker: Vector3? { get }
  /// The task's saveable episode state (goals, phases).
  var episodeState: [Double] { get }
  mutating func restoreEpisodeState(_ values: [Double]) throws
}

extension ArmTask {
  static var gripperLocked: Double? { nil }
  var targetMarker: Vector3? { nil }
}

/// Reads named components out of an observation vector.
public struct ObservationLayout: Sendable {
  public let space: BoxSpace
  public let vector: [Double]
  public func callAsFunction(_ name: String) -> [Double] {
    guard let r = space.range(of: name) else { preconditionFailure("no observation component '\(name)'") }
    return Array(vector[r])
  }
  public func vector3(_ name: String) -> Vector3 { Vector3(array: self(name)) ?? .zero }
}

/// A scripted expert's memory across steps (its phase and anything it latched).
public struct ExpertMemory: Sendable {
  public var phase = 0
  public var steps = 0
  public var values: [String: Double] = [:]
  public init() {}
}
