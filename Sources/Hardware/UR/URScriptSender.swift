/// Sends URScript programs to a UR controller's script port (30003 realtime, or 30001/30002),
/// which runs a program sent as `def name(): … end` at once, replacing the one running.
public enum URScriptSender {
  /// Connects, sends `program` (a newline is appended if missing), and closes.
  public static func send(_ program: String, host: String, port: UInt16 = 30003, timeout: Double = 2) throws {
    let connection = try TCPConnection.connect(host: host, port: port, timeout: timeout)
    let text = program.hasSuffix("\n") ? program : program + "\n"
    try connection.send(Array(text.utf8), timeout: timeout)
    // Half-close, then read what the port streams for a moment: closing with unread data would
    // reset the connection, and a reset may discard the program before the controller read it.
    connection.finishSending()
    let deadline = MonotonicClock.now + 0.2
    while MonotonicClock.now < deadline {
      guard let bytes = try? connection.receive(timeout: deadline - MonotonicClock.now), !bytes.isEmpty else { break }
    }
    connection.shutdown()
  }
}
