import Hardware

/// Which register-protocol program runs on the twin.
public enum ProgramFlavor: String, Hashable, Sendable {
  /// ur_rtde's `rtde_control` script.
  case urRTDE = "rtde_control"
  /// Armature's `armature_control` script (`URControlProgram`).
  case armature = "armature_control"
}

/// A running register-protocol program: the twin does not interpret URScript; it recognizes the
/// two programs by their `def` name and executes their register protocol (`URRegisterCommand`)
/// exactly as their script text does, cycle by cycle.
struct ControlProgram: Hashable, Sendable {
  var flavor: ProgramFlavor
  /// ur_rtde's upper register range puts commands at register 24 instead of 0.
  var registerOffset: Int
  /// A one-shot command was taken; waiting for the client to write `noCommand`.
  var busy = false
  /// A one-shot command whose motion is still running (its "done" comes when it finishes).
  var executing: URRegisterCommand?
  /// `rtde_set_watchdog` minimum frequency (Hz), once armed.
  var watchdogFrequency: Double?
  /// The previous servo setpoint, for jump detection.
  var lastServoSetpoint: [Double]?

  /// Recognizes a program text; nil with a reason when the twin cannot run it.
  static func recognize(_ text: String) -> Result<ControlProgram, ProgramRejection> {
    let trimmed = text.trimmingWhitespace
    guard trimmed.hasPrefix("def "), let open = trimmed.firstIndex(of: "(") else {
      return .failure(.notAProgram("it does not start with 'def NAME():'"))
    }
    guard trimmed.hasSuffix("end") else { return .failure(.notAProgram("it does not end with 'end'")) }
    let name = String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<open]).trimmingWhitespace
    guard let flavor = ProgramFlavor(rawValue: name) else { return .failure(.unsupported(name)) }
    let offset = flavor == .urRTDE && text.contains("# int register offset\n24") ? 24 : 0
    return .success(ControlProgram(flavor: flavor, registerOffset: offset))
  }
}

/// Why the twin did not start a program.
public enum ProgramRejection: Error, Hashable, Sendable, CustomStringConvertible {
  case notAProgram(String)
  case unsupported(String)
  case robotNotReady(String)

  public var description: String {
    switch self {
    case .notAProgram(let why): return "not a URScript program: \(why)"
    case .unsupported(let name):
      return "program '\(name)' is not one the twin runs (it runs 'rtde_control' from ur_rtde and "
        + "'armature_control'; it does not interpret other URScript)"
    case .robotNotReady(let why): return "cannot start a program: \(why)"
    }
  }
}

extension StringProtocol {
  var trimmingWhitespace: String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s = s.dropFirst() }
    while let c = s.last, c.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
