/// Why the safety layer refused a command or stopped the arm. Joint indices are 0-based in
/// `ArmModel.jointNames` order.
public enum SafetyViolation: Hashable, Sendable, CustomStringConvertible {
  /// NaN or infinity in a command.
  case nonFinite(joint: Int, value: Double)
  /// A command with the wrong number of joints.
  case wrongLength(expected: Int, got: Int)
  /// A position target outside the joint's (margin-reduced) range.
  case positionOutOfLimits(joint: Int, value: Double, lower: Double, upper: Double)
  /// A velocity command, or a position step divided by the control period, above the limit.
  case velocityOverLimit(joint: Int, value: Double, limit: Double)
  /// A change of velocity per control period above the acceleration limit.
  case accelerationOverLimit(joint: Int, value: Double, limit: Double)
  /// A velocity command that could not stop before the joint's range ends.
  case wouldLeaveLimits(joint: Int, position: Double, velocity: Double)
  /// The first target of a stream is far from where the arm is.
  case firstTargetTooFar(joint: Int, distance: Double, allowed: Double)
  /// The arm reports a safety stop (protective, safeguard, emergency) or a fault.
  case armStopped(ArmSafetyMode)
  /// No command arrived within the watchdog timeout while the arm was moving.
  case commandStreamStalled(seconds: Double)
  /// No fresh state reading to check the command against.
  case stateTooOld(seconds: Double)
  /// Motion is refused until `SafetyLayer.clearRefusal()` because of an earlier refusal.
  indirect case latched(after: SafetyViolation)

  /// A short machine-readable name of the reason.
  public var code: String {
    switch self {
    case .nonFinite: return "non_finite"
    case .wrongLength: return "wrong_length"
    case .positionOutOfLimits: return "position_out_of_limits"
    case .velocityOverLimit: return "velocity_over_limit"
    case .accelerationOverLimit: return "acceleration_over_limit"
    case .wouldLeaveLimits: return "would_leave_limits"
    case .firstTargetTooFar: return "first_target_too_far"
    case .armStopped: return "arm_stopped"
    case .commandStreamStalled: return "command_stream_stalled"
    case .stateTooOld: return "state_too_old"
    case .latched: return "latched"
    }
  }

  public var description: String {
    func f(_ v: Double) -> String { format6(v) }
    switch self {
    case .nonFinite(let j, let v): return "joint \(j): value \(v) is not finite"
    case .wrongLength(let e, let g): return "command has \(g) values, the arm has \(e) joints"
    case .positionOutOfLimits(let j, let v, let lo, let hi):
      return "joint \(j): target \(f(v)) rad is outside [\(f(lo)), \(f(hi))]"
    case .velocityOverLimit(let j, let v, let l): return "joint \(j): speed \(f(v)) rad/s exceeds \(f(l)) rad/s"
    case .accelerationOverLimit(let j, let v, let l):
      return "joint \(j): acceleration \(f(v)) rad/s² exceeds \(f(l)) rad/s²"
    case .wouldLeaveLimits(let j, let p, let v):
      return "joint \(j): at \(f(p)) rad moving \(f(v)) rad/s it cannot stop inside its range"
    case .firstTargetTooFar(let j, let d, let a):
      return "joint \(j): first target is \(f(d)) rad from the measured position (allowed \(f(a)))"
    case .armStopped(let mode): return "the arm reports \(mode.rawValue); it must be cleared by an operator"
    case .commandStreamStalled(let s): return "no command for \(formatSeconds(s)) while moving"
    case .stateTooOld(let s): return "the newest state reading is \(formatSeconds(s)) old"
    case .latched(let first): return "refusing motion after an earlier refusal (\(first)); call clearRefusal()"
    }
  }
}
