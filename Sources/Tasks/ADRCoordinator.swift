import ArmatureCore
import Foundation
import Randomization

/// Shares one automatic-domain-randomization state among the environment copies of a training
/// run, deterministically.
///
/// Environments read the ranges at every reset and report each finished episode's pinned
/// boundary and success into their own queue. The trainer calls `update()` between rollouts,
/// which applies the queued results copy by copy in index order, so the ranges do not depend on
/// thread timing. The state is saved and restored with checkpoints.
public final class ADRCoordinator: @unchecked Sendable {
  private let lock = NSLock()
  private var current: ADRState
  private var pending: [Int: [(ADRBoundary, Double)]] = [:]

  public init(_ state: ADRState) { current = state }

  /// The ranges, as of the last update.
  public var state: ADRState {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  /// Queues one episode's result at its pinned boundary, for copy `index`.
  public func report(copy index: Int, boundary: ADRBoundary, success: Double) {
    lock.lock()
    pending[index, default: []].append((boundary, success))
    lock.unlock()
  }

  /// Applies the queued results in copy order, then episode order. Returns how many were applied.
  @discardableResult
  public func update() -> Int {
    lock.lock()
    defer { lock.unlock() }
    var applied = 0
    for index in pending.keys.sorted() {
      for (boundary, success) in pending[index] ?? [] {
        current.record(boundary, success: success)
        applied += 1
      }
    }
    pending.removeAll()
    return applied
  }

  /// Replaces the state (restoring a checkpoint); queued results are dropped.
  public func restore(_ state: ADRState) {
    lock.lock()
    current = state
    pending.removeAll()
    lock.unlock()
  }
}
