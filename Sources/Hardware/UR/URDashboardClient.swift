/// A client for a UR controller's dashboard server (port 29999): one text line per request,
/// one line per reply.
public final class URDashboardClient: @unchecked Sendable {
  // Requests are serialized by `connection`'s send lock and answered in order; `buffer` is only
  // touched inside `request`, which callers do not run concurrently (documented).
  private let connection: TCPConnection
  private var buffer: [UInt8] = []
  /// The greeting line (`Connected: Universal Robots Dashboard Server`).
  public private(set) var greeting = ""
  public let replyTimeout: Double

  /// Connects and reads the greeting.
  public init(host: String, port: UInt16 = 29999, connectTimeout: Double = 2, replyTimeout: Double = 2) throws {
    connection = try TCPConnection.connect(host: host, port: port, timeout: connectTimeout)
    self.replyTimeout = replyTimeout
    let line = try readLine(operation: "dashboard greeting")
    guard line.hasPrefix("Connected: Universal Robots Dashboard Server") else {
      throw ArmError.refused(arm: connection.peer, detail: "unexpected dashboard greeting '\(line)'")
    }
    greeting = line
  }

  /// Sends `command` and returns the reply line (without the newline).
  public func request(_ command: String) throws -> String {
    try connection.send(Array((command + "\n").utf8), timeout: replyTimeout)
    return try readLine(operation: "reply to '\(command)'")
  }

  /// `robotmode` → the robot mode.
  public func robotMode() throws -> URRobotMode {
    let reply = try request("robotmode")
    let name = reply.replacingPrefix("Robotmode: ")
    guard let mode = URRobotMode.allCases.first(where: { $0.dashboardName == name }) else {
      throw ArmError.refused(arm: connection.peer, detail: "unexpected robotmode reply '\(reply)'")
    }
    return mode
  }

  /// `safetystatus` (software ≥ 5.4) → the safety mode; falls back to `safetymode` (CB3).
  public func safetyStatus() throws -> URSafetyMode {
    let reply = try request("safetystatus")
    let name = reply.replacingPrefix("Safetystatus: ")
    if let mode = URSafetyMode.allCases.first(where: { $0.dashboardName == name }) { return mode }
    let old = try request("safetymode")
    guard let mode = URSafetyMode.allCases.first(where: { $0.dashboardName == old.replacingPrefix("Safetymode: ") })
    else {
      throw ArmError.refused(arm: connection.peer, detail: "unexpected safetystatus reply '\(reply)' and safetymode reply '\(old)'")
    }
    return mode
  }

  /// `unlock protective stop`. Only an operator's explicit call; nothing in Armature calls it
  /// on its own.
  public func unlockProtectiveStop() throws {
    try expect("unlock protective stop", reply: "Protective stop releasing")
  }

  /// `stop`: stops the running program.
  public func stopProgram() throws { try expect("stop", reply: "Stopped") }

  /// `power on`.
  public func powerOn() throws { try expect("power on", reply: "Powering on") }

  /// `brake release`.
  public func releaseBrakes() throws { try expect("brake release", reply: "Brake releasing") }

  /// `close safety popup`.
  public func closeSafetyPopup() throws { try expect("close safety popup", reply: "closing safety popup") }

  /// `PolyscopeVersion`.
  public func polyscopeVersion() throws -> String { try request("PolyscopeVersion") }

  /// Closes the session politely (`quit`) and the socket.
  public func close() {
    _ = try? connection.send(Array("quit\n".utf8), timeout: 0.2)
    connection.shutdown()
  }

  private func expect(_ command: String, reply expected: String) throws {
    let reply = try request(command)
    guard reply.hasPrefix(expected) else {
      throw ArmError.refused(arm: connection.peer, detail: "dashboard '\(command)' answered '\(reply)'")
    }
  }

  private func readLine(operation: String) throws -> String {
    let deadline = MonotonicClock.now + replyTimeout
    while true {
      if let newline = buffer.firstIndex(of: 10) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == 13 { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
      }
      let remaining = deadline - MonotonicClock.now
      if remaining <= 0 {
        throw NetworkError.timedOut(peer: connection.peer, operation: operation, seconds: replyTimeout)
      }
      buffer += try connection.receive(timeout: remaining)
    }
  }
}

extension String {
  fileprivate func replacingPrefix(_ prefix: String) -> String {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
  }
}
