import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C for long work: the first SIGINT asks the work to stop at its next safe point (a
/// training run finishes its iteration, writes a checkpoint and exits); a second one ends the
/// process at once.
public enum InterruptSignal {
  private static let count = Atomic<Int>(0)

  /// Installs the SIGINT handler.
  public static func install() {
    signal(SIGINT) { _ in
      if InterruptSignal.count.add(1, ordering: .sequentiallyConsistent).newValue >= 2 { _exit(130) }
    }
  }

  /// Whether a stop was asked for.
  public static var isRequested: Bool { count.load(ordering: .sequentiallyConsistent) > 0 }

  /// Asks for a stop as SIGINT does (for callers that stop for other reasons).
  public static func request() { count.add(1, ordering: .sequentiallyConsistent) }
}
