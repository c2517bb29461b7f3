import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A named thread running one closure, that others can wait for.
package final class BackgroundThread: Sendable {
  private let finished = DispatchSemaphore(value: 0)
  private let identity = Identity()

  private final class Identity: Sendable {
    let value = Atomic<UInt>(0)
  }

  /// Starts `body` on a new thread.
  package init(name: String, _ body: @escaping @Sendable () -> Void) {
    let finished = self.finished
    let identity = self.identity
    let thread = Thread {
      identity.value.store(UInt(pthread_self()), ordering: .releasing)
      body()
      finished.signal()
    }
    thread.name = name
    thread.start()
  }

  /// Waits until the closure returned; false when `timeout` seconds passed first, or when
  /// called from the thread itself (an owner released on its own thread must not wait for it).
  @discardableResult package func join(timeout: Double? = nil) -> Bool {
    if identity.value.load(ordering: .acquiring) == UInt(pthread_self()) { return false }
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
