#if canImport(Glibc)
  import Glibc
#endif

/// The one place where Armature's sockets wait: `poll` with a timeout in seconds (nil waits
/// forever; rounded up to whole milliseconds), retried on EINTR with the remaining time.
enum PollWait {
  struct Readiness: OptionSet {
    let rawValue: Int16
    static let readable = Readiness(rawValue: Int16(POLLIN))
    static let writable = Readiness(rawValue: Int16(POLLOUT))
    static let hangup = Readiness(rawValue: Int16(POLLHUP))
    static let error = Readiness(rawValue: Int16(POLLERR))
    static let invalid = Readiness(rawValue: Int16(POLLNVAL))
  }

  /// Waits until one of `fds` is ready for its requested events or the timeout passes. Returns
  /// the events that occurred per descriptor (empty when timed out).
  static func wait(_ fds: [(fd: Int32, events: Readiness)], timeout: Double?) throws(PollFailure) -> [Readiness] {
    var pollFDs = fds.map { pollfd(fd: $0.fd, events: $0.events.rawValue, revents: 0) }
    let deadline = timeout.map { MonotonicClock.now + max(0, $0) }
    while true {
      var milliseconds: Int32 = -1
      if let deadline {
        let remaining = max(0, deadline - MonotonicClock.now)
        milliseconds = Int32(min(Double(Int32.max), (remaining * 1000).rounded(.up)))
      }
      let result = poll(&pollFDs, nfds_t(pollFDs.count), milliseconds)
      if result >= 0 { return pollFDs.map { Readiness(rawValue: $0.revents) } }
      let code = errno
      if code == EINTR { continue }
      throw PollFailure(code: code)
    }
  }

  struct PollFailure: Error { var code: Int32 }
}

/// Monotonic time in seconds (CLOCK_MONOTONIC), for deadlines and timestamps.
public enum MonotonicClock {
  /// Seconds since an arbitrary fixed point; never goes backwards.
  public static var now: Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// Sleeps until the monotonic clock reads `time` (returns at once if it already passed).
  public static func sleep(until time: Double) {
    var ts = timespec(tv_sec: Int(time.rounded(.down)), tv_nsec: Int((time - time.rounded(.down)) * 1e9))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
  }

  /// Sleeps for `seconds`.
  public static func sleep(seconds: Double) { sleep(until: now + seconds) }
}
