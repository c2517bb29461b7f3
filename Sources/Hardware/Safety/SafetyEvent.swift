import Synchronization

/// One entry of the safety log.
public struct SafetyEvent: Hashable, Sendable {
  /// What happened.
  public enum Kind: String, Hashable, Sendable {
    /// A command was refused; the arm was stopped.
    case refused
    /// The watchdog stopped the arm because the command stream stalled.
    case watchdogStop
    /// The arm entered a safety stop (protective, safeguard, emergency) or fault.
    case armStopped
    /// An operator cleared a latched refusal.
    case cleared
  }
  /// Local monotonic time (`MonotonicClock.now`).
  public var time: Double
  public var kind: Kind
  public var reason: SafetyViolation?
  /// The command that was requested, if any.
  public var requested: ArmCommand?
  /// The command that was sent instead (a stop), if any.
  public var sent: ArmCommand?

  public init(time: Double, kind: Kind, reason: SafetyViolation?, requested: ArmCommand?, sent: ArmCommand?) {
    self.time = time
    self.kind = kind
    self.reason = reason
    self.requested = requested
    self.sent = sent
  }

  /// One line for logs: `refused velocity_over_limit: joint 2: speed 4.1 rad/s exceeds 3.14 rad/s`.
  public var line: String {
    var s = kind.rawValue
    if let reason { s += " \(reason.code): \(reason)" }
    if let requested { s += " [requested \(requested.kind)]" }
    if let sent { s += " [sent \(sent.kind)]" }
    return s
  }
}

/// A thread-safe, append-only safety log. Readers take the events since a mark, so a control
/// loop can attach each tick's events to its record.
public final class SafetyLog: Sendable {
  private let events = Mutex<[SafetyEvent]>([])
  private let echo: (@Sendable (SafetyEvent) -> Void)?

  /// `echo` sees every event as it is logged (for printing); the log keeps them all.
  public init(echo: (@Sendable (SafetyEvent) -> Void)? = nil) { self.echo = echo }

  public func append(_ event: SafetyEvent) {
    events.withLock { $0.append(event) }
    echo?(event)
  }

  /// Every event so far.
  public var all: [SafetyEvent] { events.withLock { $0 } }

  /// Number of events so far (a mark for `since(_:)`).
  public var count: Int { events.withLock { $0.count } }

  /// The events logged after the first `mark`.
  public func since(_ mark: Int) -> [SafetyEvent] {
    events.withLock { Array($0[min(mark, $0.count)...]) }
  }
}
