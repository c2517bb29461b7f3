import Hardware

/// The dashboard server (port 29999): a greeting, then one reply line per request line.
enum DashboardServer {
  static let greeting = "Connected: Universal Robots Dashboard Server"

  /// Serves one dashboard client.
  static func serve(_ connection: TCPConnection, _ controller: TwinController) {
    controller.log(.clientConnected, "dashboard \(connection.peer)")
    var buffer: [UInt8] = []
    do {
      try connection.send(Array((greeting + "\n").utf8), timeout: 2)
      while true {
        let bytes = try connection.receive(timeout: nil)
        buffer += bytes
        if buffer.count > 65536 {
          try connection.send(Array("could not understand: request too long\n".utf8), timeout: 2)
          break
        }
        while let newline = buffer.firstIndex(of: 10) {
          let line = String(decoding: buffer[..<newline], as: UTF8.self).trimmingWhitespace
          buffer.removeSubrange(...newline)
          let (reply, close) = respond(to: line, controller)
          try connection.send(Array((reply + "\n").utf8), timeout: 2)
          if close { return }
        }
      }
    } catch {}
    controller.log(.clientDisconnected, "dashboard \(connection.peer)")
  }

  /// The reply to one request, and whether to close the connection after it.
  static func respond(to line: String, _ controller: TwinController) -> (String, Bool) {
    let modes = controller.modes
    let programState = controller.programState
    let generation = controller.configuration.generation
    switch line {
    case "robotmode": return ("Robotmode: \(modes.robot.dashboardName)", false)
    case "safetystatus": return ("Safetystatus: \(modes.safety.dashboardName)", false)
    case "safetymode": return ("Safetymode: \(modes.safety.dashboardName)", false)
    case "programState":
      return ("\(programState.running ? "PLAYING" : "STOPPED") \(programState.name)", false)
    case "running": return ("Program running: \(programState.running)", false)
    case "get loaded program": return ("No program loaded", false)
    case "isProgramSaved": return ("true \(programState.name)", false)
    case "PolyscopeVersion": return (generation.polyscopeVersion, false)
    case "version": return ("\(generation.version)", false)
    case "get serial number": return ("20000000000", false)
    case "get robot model": return ("UR5", false)
    case "is in remote control": return ("true", false)
    case "getUserRole": return ("NONE", false)
    case "get operational mode": return ("NONE", false)
    case "stop":
      // Answered "Stopped" also when nothing runs: ur_rtde stops its script, then sends `stop`
      // and requires this reply.
      if programState.running { controller.stopProgram() }
      return ("Stopped", false)
    case "play": return ("Failed to execute: play", false)
    case "pause": return ("Failed to execute: pause", false)
    case "unlock protective stop": return (controller.unlockProtectiveStop(), false)
    case "close safety popup": return ("closing safety popup", false)
    case "close popup": return ("closing popup", false)
    case "power on", "power off", "brake release": return (controller.power(line), false)
    case "quit": return ("Disconnected", true)
    default:
      if line.hasPrefix("load ") { return ("File not found: \(line.dropFirst(5))", false) }
      if line.hasPrefix("popup ") { return ("showing popup", false) }
      if line.hasPrefix("addToLog ") {
        controller.log(.dashboard, "log: \(line.dropFirst(9))")
        return ("Added log message", false)
      }
      return ("could not understand: '\(line)'", false)
    }
  }
}

/// The script port (30003): accepts URScript programs (`def name(): … end`) and starts them.
enum ScriptServer {
  /// Serves one script client; each complete program received is started.
  static func serve(_ connection: TCPConnection, _ controller: TwinController) {
    var text = ""
    func takePrograms(final: Bool) {
      while let end = completeProgramEnd(in: text) ?? (final && !text.trimmingWhitespace.isEmpty ? text.endIndex : nil) {
        let program = String(text[..<end])
        text = String(text[end...])
        try? controller.loadProgram(program)
      }
    }
    do {
      while true {
        let bytes = try connection.receive(timeout: nil)
        text += String(decoding: bytes, as: UTF8.self)
        if text.utf8.count > 4 << 20 {
          controller.log(.programRejected, "\(connection.peer): more than 4 MB without a complete program")
          return
        }
        takePrograms(final: false)
      }
    } catch {
      takePrograms(final: true)
    }
  }

  /// The end of the first complete top-level program in `text` (after its `end` line).
  static func completeProgramEnd(in text: String) -> String.Index? {
    var lineStart = text.startIndex
    var sawDef = false
    while lineStart < text.endIndex {
      guard let newline = text[lineStart...].firstIndex(of: "\n") else { return nil }
      let line = text[lineStart..<newline]
      if !sawDef {
        if line.hasPrefix("def ") { sawDef = true } else if !line.trimmingWhitespace.isEmpty {
          // A one-line script command: the twin does not interpret URScript.
          return text.index(after: newline)
        }
      } else if line.trimmingWhitespace == "end", !(line.first?.isWhitespace ?? true) {
        return text.index(after: newline)
      }
      lineStart = text.index(after: newline)
    }
    return nil
  }
}
