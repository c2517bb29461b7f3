import Foundation

/// The newest value of a stream, with a wait for the next one. One thread publishes; any thread
/// reads or waits.
package final class Mailbox<Value: Sendable>: @unchecked Sendable {
  // NSCondition guards `value`, `version` and `closedReason`.
  private let condition = NSCondition()
  private var value: Value?
  private var version: UInt64 = 0
  private var closedReason: (any Error)?

  package init() {}

  /// Replaces the value and wakes waiters.
  package func publish(_ newValue: Value) {
    condition.lock()
    value = newValue
    version &+= 1
    condition.broadcast()
    condition.unlock()
  }

  /// Marks the stream ended: waiters and later readers get `error`.
  package func close(_ error: any Error) {
    condition.lock()
    closedReason = error
    condition.broadcast()
    condition.unlock()
  }

  /// Clears a previous `close`, for a reconnect.
  package func reopen() {
    condition.lock()
    closedReason = nil
    value = nil
    condition.unlock()
  }

  /// The newest value and its version (how many values were published before it, plus one).
  package func latest() throws -> (value: Value?, version: UInt64) {
    condition.lock()
    defer { condition.unlock() }
    if let closedReason { throw closedReason }
    return (value, version)
  }

  /// Waits until a value satisfying `accept` is published (or the newest one already does),
  /// at most `timeout` seconds. Returns nil on timeout.
  package func wait(timeout: Double, until accept: (Value) -> Bool) throws -> Value? {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let closedReason { throw closedReason }
      if let value, accept(value) { return value }
      if !condition.wait(until: deadline) {
        if let value, accept(value) { return value }
        return nil
      }
    }
  }
}
