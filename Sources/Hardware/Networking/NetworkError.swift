#if canImport(Glibc)
  import Glibc
#endif

/// A failure of a network connection, with the peer and the system's reason.
///
/// Dropped connections are ordinary events for a robot link: every socket operation reports them
/// as one of these values and never terminates the process.
public enum NetworkError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The host name or address could not be resolved.
  case unresolvable(host: String, reason: String)
  /// Nothing listens at the address (connection refused).
  case refused(peer: String)
  /// The operation did not complete in time.
  case timedOut(peer: String, operation: String, seconds: Double)
  /// The peer closed the connection or reset it.
  case closed(peer: String)
  /// The connection was shut down locally while an operation was waiting.
  case shutDown(peer: String)
  /// A system call failed.
  case system(peer: String, operation: String, reason: String)

  public var description: String {
    switch self {
    case .unresolvable(let host, let reason): return "cannot resolve '\(host)': \(reason)"
    case .refused(let peer): return "\(peer): connection refused (is the controller running and reachable?)"
    case .timedOut(let peer, let operation, let seconds):
      return "\(peer): \(operation) timed out after \(formatSeconds(seconds))"
    case .closed(let peer): return "\(peer): the connection was closed by the peer"
    case .shutDown(let peer): return "\(peer): the connection was shut down locally"
    case .system(let peer, let operation, let reason): return "\(peer): \(operation) failed: \(reason)"
    }
  }

  /// The text for the current `errno`.
  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

func formatSeconds(_ s: Double) -> String {
  s < 1 ? "\(Int((s * 1000).rounded())) ms" : "\((s * 100).rounded() / 100) s"
}
