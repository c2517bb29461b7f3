import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C for long work: the first SIGINT asks the work to stop at its next safe point (a
/// training run finishes its iteration, writes a checkpoint and exits); a second one ends the
/// process at once.
public enum InterruptSignal {
  private static let count = Atomic<Int>(0)

  /// Installs the SIGINT handler, and unblocks SIGINT on the calling thread (a process inherits
  /// its parent's blocked signals, and some parents block SIGINT).
  public static func install() {
    signal(SIGINT) { _ in
      if InterruptSignal.count.add(1, ordering: .sequentiallyConsistent).newValue >= 2 { _exit(130) }
    }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Whether a stop was asked for.
  public static var isRequested: Bool { count.load(ordering: .sequentiallyConsistent) > 0 }
}
