#if canImport(Glibc)
  import Glibc
#endif

/// A self-pipe that one thread signals to wake another thread waiting in `PollWait`; the one
/// owner of both pipe descriptors.
package final class Wakeup: Sendable {
  /// The read end, to wait on.
  let descriptor: Int32
  private let writeEnd: Int32

  package init() throws {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else {
      throw NetworkError.system(peer: "wakeup pipe", operation: "create", reason: NetworkError.reason(errno))
    }
    for fd in ends {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    descriptor = ends[0]
    writeEnd = ends[1]
  }

  deinit {
    close(descriptor)
    close(writeEnd)
  }

  /// Wakes the waiter. Signals accumulate until drained (a full pipe already means "wake").
  package func signal() {
    var one: UInt8 = 1
    _ = write(writeEnd, &one, 1)
  }

  /// Clears pending signals.
  package func drain() {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(descriptor, &buffer, 256) > 0 {}
  }

  /// Waits up to `timeout` seconds for a signal; true when signalled.
  package func wait(timeout: Double?) -> Bool {
    let ready = (try? PollWait.wait([(descriptor, .readable)], timeout: timeout)) ?? []
    return ready.first.map { !$0.isEmpty } ?? false
  }
}
