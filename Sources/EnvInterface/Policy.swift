import ArmatureCore

/// Everything a policy may look at: the robot and task state vector, camera images, and an
/// instruction in words. State-based policies read `observation.vector`; vision-language-action
/// policies read the images and the instruction.
public typealias PolicyInput = Observation

/// A sequence of actions to execute one per control step; single-step policies return one.
public struct ActionChunk: Hashable, Sendable {
  public var actions: [[Double]]
  public init(_ actions: [[Double]]) {
    precondition(!actions.isEmpty, "an action chunk holds at least one action")
    self.actions = actions
  }
  public init(single action: [Double]) { actions = [action] }
  public var first: [Double] { actions[0] }
}

/// A policy: from an observation (state, images, instruction) to a chunk of actions.
///
/// Used alike by the trainer's evaluator, by `armature eval`, and by hardware replay. Policies
/// keep internal state (an action queue, a recurrent state), so they are reference types;
/// `reset()` starts a new episode.
public protocol Policy: AnyObject {
  /// The action space this policy acts in.
  var actionSpace: BoxSpace { get }
  /// Starts a new episode.
  func reset()
  /// The next actions for this observation.
  func act(_ input: PolicyInput) throws -> ActionChunk
}
