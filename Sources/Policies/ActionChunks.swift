import EnvInterface

/// Runs a chunk-producing policy (a VLA model, a planner) one action per control step: asks the
/// policy for a chunk, executes its first `executeSteps` actions (all of them when nil) from a
/// queue, then asks again with the observation of that moment — receding-horizon execution as
/// in ACT (Zhao et al. 2023) and π0 (Black et al. 2024).
public final class ActionChunkExecutor: Policy {
  public let inner: any Policy
  public let executeSteps: Int?
  private var queue: [[Double]] = []
  private var next = 0
  /// Times the inner policy was asked for a chunk (since creation).
  public private(set) var queries = 0

  public init(_ inner: any Policy, executeSteps: Int? = nil) {
    precondition(executeSteps.map { $0 >= 1 } ?? true, "execute at least one action per chunk")
    self.inner = inner
    self.executeSteps = executeSteps
  }

  public var actionSpace: BoxSpace { inner.actionSpace }

  /// Actions still queued.
  public var pending: Int { queue.count - next }

  public func reset() {
    queue = []
    next = 0
    inner.reset()
  }

  /// The next single action: from the queue, refilled from the inner policy when empty.
  public func act(_ input: PolicyInput) throws -> ActionChunk {
    if next >= queue.count {
      let chunk = try inner.act(input)
      queries += 1
      queue = Array(chunk.actions.prefix(executeSteps ?? chunk.actions.count))
      next = 0
    }
    let action = queue[next]
    next += 1
    return ActionChunk(single: action)
  }
}

/// Replays a fixed sequence of actions open-loop, `chunkSize` at a time (recorded
/// demonstrations, hardware replay); after the sequence it holds the last action.
public final class ReplayPolicy: Policy {
  public let actionSpace: BoxSpace
  public let actions: [[Double]]
  public let chunkSize: Int
  private var position = 0

  public init(actionSpace: BoxSpace, actions: [[Double]], chunkSize: Int = 1) {
    precondition(!actions.isEmpty, "nothing to replay")
    precondition(chunkSize >= 1, "chunks hold at least one action")
    self.actionSpace = actionSpace
    self.actions = actions
    self.chunkSize = chunkSize
  }

  public func reset() { position = 0 }

  public func act(_ input: PolicyInput) throws -> ActionChunk {
    guard position < actions.count else { return ActionChunk(single: actions[actions.count - 1]) }
    let end = min(actions.count, position + chunkSize)
    defer { position = end }
    return ActionChunk(Array(actions[position..<end]))
  }
}
