/// An arm that a program drives: its declared joints and limits, a connect/disconnect
/// lifecycle, state reads, and joint commands.
///
/// Every `send` returns the command that actually went to the arm. Adapters for real arms are
/// wrapped in a `SafetyLayer` (itself an `ArmController`), which refuses unsafe commands before
/// they reach the wire. Implementations are thread-safe: a watchdog may send `stop` while a
/// control loop sends targets.
public protocol ArmController: AnyObject, Sendable {
  /// Joint names and limits.
  var model: ArmModel { get }
  /// Whether `connect()` succeeded and the link is still up.
  var isConnected: Bool { get }
  /// Connects to the arm and makes it ready for commands.
  func connect() throws
  /// Stops the arm and closes the connection. Safe to call twice.
  func disconnect()
  /// The newest state reading.
  func state() throws -> ArmState
  /// Waits for a state reading newer than `after` (a controller timestamp), at most `timeout`
  /// seconds; returns the newest one.
  func nextState(after timestamp: Double, timeout: Double) throws -> ArmState
  /// Sends a command; returns what was actually sent.
  @discardableResult func send(_ command: ArmCommand) throws -> CommandOutcome
}

extension ArmController {
  /// Sends joint position targets (rad).
  @discardableResult public func servo(_ positions: [Double]) throws -> CommandOutcome {
    try send(.servo(positions))
  }
  /// Sends joint velocities (rad/s).
  @discardableResult public func setVelocities(_ velocities: [Double]) throws -> CommandOutcome {
    try send(.velocity(velocities))
  }
  /// Decelerates the arm to rest.
  @discardableResult public func stop() throws -> CommandOutcome { try send(.stop) }
}

/// A failure of an arm adapter.
public enum ArmError: Error, Hashable, Sendable, CustomStringConvertible {
  case notConnected(arm: String)
  /// No state reading arrived in time.
  case noState(arm: String, seconds: Double)
  /// The control program on the controller did not start or stopped.
  case programNotRunning(arm: String, detail: String)
  /// The controller refused something (a dashboard command, a setup).
  case refused(arm: String, detail: String)

  public var description: String {
    switch self {
    case .notConnected(let arm): return "\(arm): not connected"
    case .noState(let arm, let s): return "\(arm): no state reading within \(formatSeconds(s))"
    case .programNotRunning(let arm, let detail): return "\(arm): the control program is not running: \(detail)"
    case .refused(let arm, let detail): return "\(arm): \(detail)"
    }
  }
}
