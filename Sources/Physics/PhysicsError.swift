import ArmatureCore

/// Errors of the physics layer. None of them ends the process: arguments are checked before ODE
/// sees them, and a blow-up is detected after the step that caused it.
public enum PhysicsError: Error, Hashable, Sendable, CustomStringConvertible {
  /// An argument that ODE would reject (or abort on) was refused.
  case invalidArgument(String)
  /// The simulation blew up: a body's state, or an input applied to it, is not finite or too fast.
  case diverged(body: String, reason: String, time: Double)
  /// A name or id that the world does not have.
  case unknown(String)
  /// A scene could not be turned into a world.
  case scene(String)

  public var description: String {
    switch self {
    case .invalidArgument(let m): return "invalid physics argument: \(m)"
    case .diverged(let body, let reason, let time):
      return "physics diverged at t=\(JSONValue.number(time).serialized()) s: body '\(body)': \(reason)"
    case .unknown(let m): return m
    case .scene(let m): return m
    }
  }
}
