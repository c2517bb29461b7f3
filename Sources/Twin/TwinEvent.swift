import Foundation

/// Something the simulated controller did or refused, for its log.
public struct TwinEvent: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable {
    case programStarted, programStopped, programRejected, programError
    case protectiveStop, protectiveStopUnlocked, emergencyStop, emergencyStopReleased
    case watchdogTripped
    case clientConnected, clientDisconnected, protocolError, setupRefused
    case dashboard, powerChanged, clientMessage
  }
  /// Controller time (s).
  public var time: Double
  public var kind: Kind
  public var message: String

  public var description: String { String(format: "%9.3f  %@: %@", time, kind.rawValue, message) }
}

/// A bounded, thread-safe log of `TwinEvent`s (the newest 10 000 are kept).
public final class TwinEventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var events: [TwinEvent] = []
  private var dropped = 0
  private let echo: (@Sendable (TwinEvent) -> Void)?

  /// `echo` sees each event as it is logged (the CLI prints them).
  public init(echo: (@Sendable (TwinEvent) -> Void)? = nil) { self.echo = echo }

  func append(_ event: TwinEvent) {
    lock.lock()
    events.append(event)
    if events.count > 10_000 {
      events.removeFirst(1_000)
      dropped += 1_000
    }
    lock.unlock()
    echo?(event)
  }

  /// The events kept so far, oldest first.
  public var all: [TwinEvent] {
    lock.lock()
    defer { lock.unlock() }
    return events
  }

  /// The kept events of one kind.
  public func events(_ kind: TwinEvent.Kind) -> [TwinEvent] { all.filter { $0.kind == kind } }
}
