/// A command to an arm.
public enum ArmCommand: Hashable, Sendable, CustomStringConvertible {
  /// Track these joint positions (rad) over the next control period (UR `servoj`).
  case servo([Double])
  /// Move the joints at these speeds (rad/s) until the next command (UR `speedj`).
  case velocity([Double])
  /// Decelerate to rest and hold.
  case stop

  /// The command's numbers (empty for stop).
  public var values: [Double] {
    switch self {
    case .servo(let q), .velocity(let q): return q
    case .stop: return []
    }
  }

  /// Whether this command moves the arm.
  public var isMotion: Bool { self != .stop }

  /// `servo`, `velocity` or `stop`.
  public var kind: String {
    switch self {
    case .servo: return "servo"
    case .velocity: return "velocity"
    case .stop: return "stop"
    }
  }

  public var description: String {
    values.isEmpty ? kind : kind + "(" + values.map { String(format6($0)) }.joined(separator: ", ") + ")"
  }
}

/// What became of a command: the one requested, the one actually sent to the arm (nil when
/// nothing was sent), and the safety layer's reason when the request was refused.
public struct CommandOutcome: Hashable, Sendable {
  public var requested: ArmCommand
  public var sent: ArmCommand?
  public var refusal: SafetyViolation?

  public init(requested: ArmCommand, sent: ArmCommand?, refusal: SafetyViolation? = nil) {
    self.requested = requested
    self.sent = sent
    self.refusal = refusal
  }

  /// Whether the requested command reached the arm unchanged.
  public var wasSentAsRequested: Bool { sent == requested }
}

func format6(_ v: Double) -> String {
  guard v.isFinite else { return String(v) }
  let scaled = (v * 1e6).rounded() / 1e6
  return String(scaled)
}
