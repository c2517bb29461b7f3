import Hardware

/// One RTDE client of the twin, served by its own thread: the one owner of the connection.
///
/// Replies are queued in order and never dropped. Output data packages go out at the client's
/// frequency on controller cycles, each carrying its own cycle's data; when the client does not
/// read fast enough and the previous package is still queued, the new ones are skipped. Bad
/// input gets a text message naming the problem and the connection goes on; only a header that
/// breaks framing (size below 3) ends it.
final class RTDESession: @unchecked Sendable {
  // Owned by the session thread, except `connection.shutdown()` from the server.
  let id: Int
  let connection: TCPConnection
  private let controller: TwinController
  private let wakeup: Wakeup
  private var framer = RTDEFramer()
  private var version: UInt16?
  private var output: (recipe: RTDERecipe, fields: [OutputField], frequency: Double)?
  private var inputs: [UInt8: (recipe: RTDERecipe, fields: [InputField])] = [:]
  private var nextOutputID: UInt8 = 1
  private var nextInputID: UInt8 = 1
  private var started = false
  private var phase = 0.0
  private var lastCycle: UInt64 = 0
  private var pending: [UInt8] = []
  private var pendingOffset = 0
  /// Output packages skipped because the client had not read the previous one.
  private(set) var skipped = 0
  private(set) var sent = 0

  /// Queued bytes above which a client that does not read is disconnected.
  static let maximumPending = 4 << 20

  init(id: Int, connection: TCPConnection, controller: TwinController) throws {
    self.id = id
    self.connection = connection
    self.controller = controller
    wakeup = try Wakeup()
  }

  /// Serves the client until it leaves or the connection is shut down.
  func run() {
    controller.subscribe(id, wakeup)
    defer {
      controller.unsubscribe(id)
      controller.releaseInputs(client: id)
    }
    var reason = "closed"
    do {
      while true {
        let ready = try connection.wait(
          readable: true, writable: pending.count > pendingOffset, wakeup: wakeup, timeout: 1)
        if ready.readable {
          while let bytes = try connection.receiveNow() {
            framer.append(bytes)
            while let package = try framer.next() { handle(package) }
          }
        }
        if ready.woken {
          wakeup.drain()
          sendOutputIfDue()
        }
        try flush()
        if pending.count - pendingOffset > Self.maximumPending {
          reason = "the client did not read \(Self.maximumPending >> 20) MB of replies"
          break
        }
      }
    } catch let error as RTDEError {
      reason = "\(error): closing the connection"
      controller.log(.protocolError, "\(connection.peer): \(reason)")
      queue(.text(RTDETextMessage(error.description, source: "RTDE", level: .exception)))
      try? flush()
    } catch let error as NetworkError {
      reason = error.description
    } catch {
      reason = "\(error)"
    }
    controller.log(
      .clientDisconnected, "RTDE \(connection.peer) (\(sent) packages sent, \(skipped) skipped): \(reason)")
    connection.shutdown()
  }

  // MARK: - Requests

  private func handle(_ package: RTDEPackage) {
    let message: RTDEClientMessage
    do {
      message = try RTDEClientMessage.decode(package)
    } catch {
      refuse(package.type, "\(error)")
      return
    }
    switch message {
    case .requestProtocolVersion(let v):
      let accepted = v == 2
      if accepted { version = 2 } else { error("protocol version \(v) is not supported; the twin speaks version 2") }
      queue(.protocolVersionAccepted(accepted))
    case .getControllerVersion:
      queue(.controllerVersion(controller.configuration.generation.version))
    case .setupOutputs(let frequency, let names):
      setupOutputs(frequency, names)
    case .setupInputs(let names):
      setupInputs(names)
    case .start:
      let ok = version == 2 && (output != nil || !inputs.isEmpty)
      if !ok { error("START before protocol version 2 was negotiated and a recipe was set up") }
      if ok && !started {
        started = true
        // The first package goes out on the next cycle, the following ones a period apart.
        phase = 1 - (output.map { $0.frequency * controller.configuration.generation.cycleTime } ?? 0)
        lastCycle = controller.snapshot.cycle
      }
      queue(.startAccepted(ok))
    case .pause:
      started = false
      queue(.pauseAccepted(true))
    case .data(let id, let bytes):
      guard let input = inputs[id] else {
        error("DATA_PACKAGE for input recipe \(id), which was not set up")
        return
      }
      do {
        controller.applyInputs(input.fields, try input.recipe.decode(bytes))
      } catch {
        self.error("\(error)")
      }
    case .text(let m):
      controller.log(.clientMessage, "\(connection.peer) [\(m.source)] \(m.message)")
    }
  }

  private func setupOutputs(_ frequency: Double, _ names: [String]) {
    let fields = names.map { OutputField(name: $0) }
    let replies = zip(names, fields).map { name, field in
      field == nil ? RTDEFieldReply.notFound : .type(RTDEVariables.type(of: name)!)
    }
    let maximum = controller.configuration.generation.version.maximumFrequency
    var problems: [String] = []
    if version != 2 { problems.append("negotiate protocol version 2 first") }
    if started { problems.append("pause synchronization before changing the output recipe") }
    if names.isEmpty { problems.append("the output recipe names no variables") }
    if !(frequency > 0 && frequency <= maximum) {
      problems.append("frequency \(frequency) Hz is outside (0, \(Int(maximum))] Hz")
    }
    let unknown = zip(names, fields).filter { $0.1 == nil }.map(\.0)
    if !unknown.isEmpty {
      controller.log(.setupRefused, "\(connection.peer): outputs NOT_FOUND: \(unknown.joined(separator: ", "))")
    }
    guard problems.isEmpty, unknown.isEmpty else {
      if !problems.isEmpty { error(problems.joined(separator: "; ")) }
      queue(.outputsSetUp(recipeID: 0, fields: replies))
      return
    }
    let types = names.map { RTDEVariables.type(of: $0)! }
    let recipe = RTDERecipe(id: nextOutputID, names: names, types: types)
    nextOutputID = nextOutputID == 255 ? 1 : nextOutputID + 1
    output = (recipe, fields.map { $0! }, frequency)
    queue(.outputsSetUp(recipeID: recipe.id, fields: replies))
  }

  private func setupInputs(_ names: [String]) {
    let fields = names.map { InputField(name: $0) }
    var replies = zip(names, fields).map { name, field in
      field == nil ? RTDEFieldReply.notFound : .type(RTDEVariables.type(of: name)!)
    }
    var problems: [String] = []
    if version != 2 { problems.append("negotiate protocol version 2 first") }
    if names.isEmpty { problems.append("the input recipe names no variables") }
    if inputs.count >= 255 { problems.append("this connection has 255 input recipes already") }
    let unknown = zip(names, fields).filter { $0.1 == nil }.map(\.0)
    if !unknown.isEmpty {
      controller.log(.setupRefused, "\(connection.peer): inputs NOT_FOUND: \(unknown.joined(separator: ", "))")
    }
    guard problems.isEmpty, unknown.isEmpty else {
      if !problems.isEmpty { error(problems.joined(separator: "; ")) }
      queue(.inputsSetUp(recipeID: 0, fields: replies))
      return
    }
    let taken = controller.claimInputs(names, client: id)
    if !taken.isEmpty {
      controller.log(.setupRefused, "\(connection.peer): inputs IN_USE: \(taken.joined(separator: ", "))")
      replies = names.map { taken.contains($0) ? .inUse : .type(RTDEVariables.type(of: $0)!) }
      queue(.inputsSetUp(recipeID: 0, fields: replies))
      return
    }
    let recipe = RTDERecipe(id: nextInputID, names: names, types: names.map { RTDEVariables.type(of: $0)! })
    inputs[recipe.id] = (recipe, fields.map { $0! })
    nextInputID &+= 1
    queue(.inputsSetUp(recipeID: recipe.id, fields: replies))
  }

  /// Answers a package that could not be decoded: a text message, and for requests the
  /// negative reply, so a client waiting for one does not hang.
  private func refuse(_ type: UInt8, _ reason: String) {
    error(reason)
    switch RTDEPackageType(rawValue: type) {
    case .requestProtocolVersion: queue(.protocolVersionAccepted(false))
    case .getURControlVersion: queue(.controllerVersion(controller.configuration.generation.version))
    case .setupOutputs: queue(.outputsSetUp(recipeID: 0, fields: []))
    case .setupInputs: queue(.inputsSetUp(recipeID: 0, fields: []))
    case .start: queue(.startAccepted(false))
    case .pause: queue(.pauseAccepted(false))
    case .dataPackage, .textMessage, nil: break
    }
  }

  private func error(_ text: String) {
    controller.log(.protocolError, "\(connection.peer): \(text)")
    queue(.text(RTDETextMessage(text, source: "RTDE", level: .error)))
  }

  // MARK: - Output

  /// Sends a package for every cycle that fell due since the last wake, each with its own
  /// cycle's data (a session woken late catches up from the controller's retained cycles), unless
  /// the client has not read what was sent before.
  private func sendOutputIfDue() {
    guard started, let output else { return }
    let (held, newest) = controller.snapshots(after: lastCycle)
    guard newest > lastCycle else { return }
    let increment = output.frequency * controller.configuration.generation.cycleTime
    // Cycles no longer held (a session woken very late) lose their packages.
    let lostCycles = newest - lastCycle - UInt64(held.count)
    if lostCycles > 0 {
      phase += Double(lostCycles) * increment
      let lost = (phase + 1e-9).rounded(.down)
      phase -= lost
      skipped += Int(lost)
    }
    lastCycle = newest
    var due: [ControllerSnapshot] = []
    for snapshot in held {
      phase += increment
      if phase >= 1 - 1e-9 {
        phase -= 1
        due.append(snapshot)
      }
    }
    if pending.count > pendingOffset {
      skipped += due.count
      return
    }
    for snapshot in due {
      let values = output.fields.map { $0.value(in: snapshot) }
      guard let bytes = try? output.recipe.encode(values) else { continue }
      queue(.data(recipeID: output.recipe.id, fields: bytes))
      sent += 1
    }
  }

  private func queue(_ message: RTDEControllerMessage) {
    pending += message.encoded()
  }

  private func flush() throws {
    guard pending.count > pendingOffset else { return }
    pendingOffset += try connection.sendSome(pending[pendingOffset...])
    if pendingOffset == pending.count {
      pending.removeAll(keepingCapacity: true)
      pendingOffset = 0
    } else if pendingOffset > 65536 {
      pending.removeFirst(pendingOffset)
      pendingOffset = 0
    }
  }
}
