import Dispatch
import Foundation

/// A named thread running one closure, that others can wait for.
package final class BackgroundThread: Sendable {
  private let finished = DispatchSemaphore(value: 0)

  /// Starts `body` on a new thread.
  package init(name: String, _ body: @escaping @Sendable () -> Void) {
    let finished = self.finished
    let thread = Thread {
      body()
      finished.signal()
    }
    thread.name = name
    thread.start()
  }

  /// Waits until the closure returned; false when `timeout` seconds passed first.
  @discardableResult package func join(timeout: Double? = nil) -> Bool {
    guard let timeout else {
      finished.wait()
      finished.signal()
      return true
    }
    if finished.wait(timeout: .now() + timeout) == .success {
      finished.signal()  // later joins return at once
      return true
    }
    return false
  }
}
