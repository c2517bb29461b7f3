import EnvInterface

/// A policy from closures: scripted experts, hand-written controllers, test doubles.
public final class ScriptedPolicy: Policy {
  public let actionSpace: BoxSpace
  private let onReset: () -> Void
  private let decide: (PolicyInput) throws -> ActionChunk

  /// A policy that returns chunks from `act`; `reset` runs at the start of each episode.
  public init(
    actionSpace: BoxSpace, reset: @escaping () -> Void = {}, act: @escaping (PolicyInput) throws -> ActionChunk
  ) {
    self.actionSpace = actionSpace
    onReset = reset
    decide = act
  }

  /// A single-step policy from an observation-to-action function.
  public convenience init(actionSpace: BoxSpace, action: @escaping (PolicyInput) throws -> [Double]) {
    self.init(actionSpace: actionSpace) { ActionChunk(single: try action($0)) }
  }

  public func reset() { onReset() }
  public func act(_ input: PolicyInput) throws -> ActionChunk { try decide(input) }
}
