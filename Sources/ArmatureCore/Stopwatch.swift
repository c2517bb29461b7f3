#if canImport(Glibc)
  import Glibc
#endif

/// Monotonic wall-clock time for benchmarks and progress reports.
public struct Stopwatch: Sendable {
  private var start: timespec

  public init() {
    start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
  }

  /// Seconds since creation or the last `reset()`.
  public var elapsed: Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) * 1e-9
  }

  public mutating func reset() { clock_gettime(CLOCK_MONOTONIC, &start) }
}
