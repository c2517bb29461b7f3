/// A client connection to a controller's RTDE interface (port 30004).
///
/// Setup is request/reply: `negotiateProtocolVersion`, `controllerVersion`, `setupOutputs`,
/// `setupInputs`, `start`. After `start`, one thread calls `receive` in a loop to read the output
/// stream while others `send` input data packages. Text messages from the controller that arrive
/// during setup are collected in `messages`. All errors are `NetworkError` or `RTDEError`.
public final class RTDEClient: @unchecked Sendable {
  // The reader thread owns `framer` and `messages`; senders only use `connection`.
  public let host: String
  public let port: UInt16
  private let connection: TCPConnection
  private var framer = RTDEFramer()
  /// How long a setup request waits for its reply.
  public var replyTimeout: Double
  /// Text messages received so far (warnings, errors) from the controller.
  public private(set) var messages: [RTDETextMessage] = []
  /// Data packages with an unknown recipe, or other unexpected packages, seen while streaming.
  public private(set) var ignoredPackages = 0

  /// Connects to `host:port`.
  public init(host: String, port: UInt16 = 30004, connectTimeout: Double = 2, replyTimeout: Double = 2) throws {
    self.host = host
    self.port = port
    self.replyTimeout = replyTimeout
    connection = try TCPConnection.connect(host: host, port: port, timeout: connectTimeout)
  }

  /// `host:port`.
  public var peer: String { connection.peer }

  /// Asks for protocol `version`; throws when the controller refuses it.
  public func negotiateProtocolVersion(_ version: UInt16 = 2) throws {
    try write(.requestProtocolVersion(version))
    guard case .protocolVersionAccepted(let ok) = try reply(.requestProtocolVersion), ok else {
      throw RTDEError.protocolVersionRefused(version)
    }
  }

  /// The controller's software version.
  public func controllerVersion() throws -> RTDEControllerVersion {
    try write(.getControllerVersion)
    guard case .controllerVersion(let v) = try reply(.getURControlVersion) else {
      throw RTDEError.unexpectedPackage(expected: "a controller version", got: "another reply")
    }
    return v
  }

  /// Subscribes to `names` at `frequency` Hz; returns the output recipe. Throws
  /// `RTDEError.setupRefused` naming the variables the controller does not know.
  public func setupOutputs(_ names: [String], frequency: Double) throws -> RTDERecipe {
    try write(.setupOutputs(frequency: frequency, names: names))
    guard case .outputsSetUp(let id, let fields) = try reply(.setupOutputs) else {
      throw RTDEError.unexpectedPackage(expected: "an output setup reply", got: "another reply")
    }
    return try recipe(id: id, names: names, fields: fields)
  }

  /// Registers an input recipe for `names`. Throws `RTDEError.setupRefused` for unknown names
  /// and for inputs another client owns.
  public func setupInputs(_ names: [String]) throws -> RTDERecipe {
    try write(.setupInputs(names: names))
    guard case .inputsSetUp(let id, let fields) = try reply(.setupInputs) else {
      throw RTDEError.unexpectedPackage(expected: "an input setup reply", got: "another reply")
    }
    return try recipe(id: id, names: names, fields: fields)
  }

  /// Starts the output stream.
  public func start() throws {
    try write(.start)
    guard case .startAccepted(let ok) = try reply(.start), ok else { throw RTDEError.startRefused }
  }

  /// Pauses the output stream (data packages that crossed the reply are skipped).
  public func pause() throws {
    try write(.pause)
    guard case .pauseAccepted(let ok) = try reply(.pause), ok else { throw RTDEError.pauseRefused }
  }

  /// Sends an input data package with `values` for `recipe`.
  public func send(_ recipe: RTDERecipe, _ values: [RTDEValue]) throws {
    try write(.data(recipeID: recipe.id, fields: recipe.encode(values)))
  }

  /// Sends any client message (tests use this to send malformed or unusual requests).
  public func write(_ message: RTDEClientMessage, timeout: Double = 1) throws {
    try connection.send(message.encoded(), timeout: timeout)
  }

  /// Sends raw bytes as they are.
  public func writeRaw(_ bytes: [UInt8], timeout: Double = 1) throws {
    try connection.send(bytes, timeout: timeout)
  }

  /// The next package from the controller, waiting at most `timeout` seconds (nil when none
  /// arrived in time).
  public func receive(timeout: Double?) throws -> RTDEControllerMessage? {
    let deadline = timeout.map { MonotonicClock.now + $0 }
    while true {
      if let package = try framer.next() { return try RTDEControllerMessage.decode(package) }
      let remaining = deadline.map { max(0, $0 - MonotonicClock.now) }
      let bytes = try connection.receive(timeout: remaining)
      if bytes.isEmpty {
        if let deadline, MonotonicClock.now >= deadline { return nil }
        continue
      }
      framer.append(bytes)
    }
  }

  /// The newest data package among those already received (older ones are dropped), waiting up
  /// to `timeout` seconds for one if none is buffered. Text messages are collected on the way.
  public func receiveLatestData(timeout: Double?) throws -> (recipeID: UInt8, fields: [UInt8])? {
    let deadline = timeout.map { MonotonicClock.now + $0 }
    var newest: (recipeID: UInt8, fields: [UInt8])?
    while true {
      if let package = try framer.next() {
        switch try RTDEControllerMessage.decode(package) {
        case .data(let id, let fields): newest = (id, fields)
        case .text(let m): messages.append(m)
        default: ignoredPackages += 1
        }
        continue
      }
      if newest != nil {
        guard let bytes = try connection.receiveNow() else { return newest }
        framer.append(bytes)
        continue
      }
      let remaining = deadline.map { max(0, $0 - MonotonicClock.now) }
      let bytes = try connection.receive(timeout: remaining)
      if bytes.isEmpty, let deadline, MonotonicClock.now >= deadline { return nil }
      framer.append(bytes)
    }
  }

  /// Wakes a thread blocked in `receive` and makes further operations fail. The socket closes
  /// when the client is released.
  public func close() { connection.shutdown() }

  private func reply(_ type: RTDEPackageType) throws -> RTDEControllerMessage {
    let deadline = MonotonicClock.now + replyTimeout
    while true {
      let remaining = deadline - MonotonicClock.now
      guard remaining > 0, let message = try receive(timeout: remaining) else {
        throw NetworkError.timedOut(peer: peer, operation: "waiting for the reply to \(type)", seconds: replyTimeout)
      }
      if message.type == type, message.type != .textMessage, !isData(message) { return message }
      switch message {
      case .text(let m): messages.append(m)
      case .data: ignoredPackages += 1  // the stream was running: skip to the reply
      default: throw RTDEError.unexpectedPackage(expected: type.description, got: message.type.description)
      }
    }
  }

  private func isData(_ m: RTDEControllerMessage) -> Bool {
    if case .data = m { return true }
    return false
  }

  private func recipe(id: UInt8, names: [String], fields: [RTDEFieldReply]) throws -> RTDERecipe {
    var notFound: [String] = []
    var inUse: [String] = []
    var types: [RTDEFieldType] = []
    guard fields.count == names.count else {
      throw RTDEError.recipeMismatch(
        recipeID: id, reason: "the controller answered \(fields.count) types for \(names.count) names")
    }
    for (name, field) in zip(names, fields) {
      switch field {
      case .type(let t): types.append(t)
      case .notFound: notFound.append(name)
      case .inUse: inUse.append(name)
      }
    }
    if !notFound.isEmpty || !inUse.isEmpty { throw RTDEError.setupRefused(notFound: notFound, inUse: inUse) }
    if id == 0 {
      // Recipe ids start at 1; 0 marks a failed setup, explained by a text message before it.
      throw RTDEError.setupFailed(reason: messages.last?.message ?? "the controller answered recipe id 0")
    }
    for (name, type) in zip(names, types) {
      if let known = RTDEVariables.type(of: name), known != type {
        throw RTDEError.recipeMismatch(
          recipeID: id, reason: "'\(name)' is \(known.rawValue) by the RTDE guide, the controller says \(type.rawValue)")
      }
    }
    return RTDERecipe(id: id, names: names, types: types)
  }
}
