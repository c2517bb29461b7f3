/// A text message (`M`), protocol version 2 layout: `uint8 length, message, uint8 length,
/// source, uint8 level`.
public struct RTDETextMessage: Hashable, Sendable {
  /// Severity: 0 exception, 1 error, 2 warning, 3 info.
  public enum Level: UInt8, Hashable, Sendable {
    case exception = 0
    case error = 1
    case warning = 2
    case info = 3
  }
  public var message: String
  public var source: String
  public var level: Level

  public init(_ message: String, source: String, level: Level) {
    self.message = message
    self.source = source
    self.level = level
  }

  func write(to writer: inout BigEndianWriter) {
    let m = Array(message.utf8.prefix(255))
    let s = Array(source.utf8.prefix(255))
    writer.uint8(UInt8(m.count))
    writer.raw(m)
    writer.uint8(UInt8(s.count))
    writer.raw(s)
    writer.uint8(level.rawValue)
  }

  static func read(_ payload: [UInt8]) throws -> RTDETextMessage {
    var r = BigEndianReader(payload, context: "TEXT_MESSAGE")
    let message = try text(r.raw(Int(r.uint8())), "TEXT_MESSAGE message")
    let source = try text(r.raw(Int(r.uint8())), "TEXT_MESSAGE source")
    let raw = try r.uint8()
    guard r.remaining == 0 else {
      throw RTDEError.wrongPayloadSize(context: "TEXT_MESSAGE", expected: r.offset, actual: payload.count)
    }
    guard let level = Level(rawValue: raw) else {
      throw RTDEError.recipeMismatch(recipeID: 0, reason: "text message level \(raw) is not 0-3")
    }
    return RTDETextMessage(message, source: source, level: level)
  }
}

/// The controller's software version (reply to `v`).
public struct RTDEControllerVersion: Hashable, Sendable, CustomStringConvertible {
  public var major, minor, bugfix, build: UInt32
  public init(major: UInt32, minor: UInt32, bugfix: UInt32, build: UInt32) {
    (self.major, self.minor, self.bugfix, self.build) = (major, minor, bugfix, build)
  }
  /// Whether this is an e-Series (or later) controller (major version above 3), which streams
  /// at up to 500 Hz; CB3 controllers (major 3) stream at up to 125 Hz.
  public var isESeries: Bool { major > 3 }
  /// The highest output frequency this generation supports.
  public var maximumFrequency: Double { isESeries ? 500 : 125 }
  public var description: String { "\(major).\(minor).\(bugfix).\(build)" }
}

/// Packages a client sends to the controller.
public enum RTDEClientMessage: Hashable, Sendable {
  /// `V`: asks for a protocol version (Armature speaks 2).
  case requestProtocolVersion(UInt16)
  /// `v`: asks for the controller's software version.
  case getControllerVersion
  /// `O` (protocol 2): output frequency in Hz and variable names.
  case setupOutputs(frequency: Double, names: [String])
  /// `I`: input variable names.
  case setupInputs(names: [String])
  /// `S`: start synchronization.
  case start
  /// `P`: pause synchronization.
  case pause
  /// `U`: input recipe id and the recipe's field bytes.
  case data(recipeID: UInt8, fields: [UInt8])
  /// `M`: a text message for the controller's log.
  case text(RTDETextMessage)

  /// The package type.
  public var type: RTDEPackageType {
    switch self {
    case .requestProtocolVersion: return .requestProtocolVersion
    case .getControllerVersion: return .getURControlVersion
    case .setupOutputs: return .setupOutputs
    case .setupInputs: return .setupInputs
    case .start: return .start
    case .pause: return .pause
    case .data: return .dataPackage
    case .text: return .textMessage
    }
  }

  /// The framed bytes (header and payload).
  public func encoded() -> [UInt8] { RTDEPackage(type: type.rawValue, payload: payload).bytes }

  /// The payload bytes.
  public var payload: [UInt8] {
    var w = BigEndianWriter()
    switch self {
    case .requestProtocolVersion(let v): w.uint16(v)
    case .getControllerVersion, .start, .pause: break
    case .setupOutputs(let frequency, let names):
      w.double(frequency)
      w.raw(names.joined(separator: ",").utf8)
    case .setupInputs(let names): w.raw(names.joined(separator: ",").utf8)
    case .data(let id, let fields):
      w.uint8(id)
      w.raw(fields)
    case .text(let m): m.write(to: &w)
    }
    return w.bytes
  }

  /// Decodes a package from a client. Name lists are split at commas and empty names dropped
  /// (ur_rtde ends its lists with a comma).
  public static func decode(_ package: RTDEPackage) throws -> RTDEClientMessage {
    guard let type = RTDEPackageType(rawValue: package.type) else { throw RTDEError.unknownPackageType(package.type) }
    let p = package.payload
    switch type {
    case .requestProtocolVersion:
      try expectSize(p, 2, type)
      var r = BigEndianReader(p, context: type.description)
      return .requestProtocolVersion(try r.uint16())
    case .getURControlVersion:
      try expectSize(p, 0, type)
      return .getControllerVersion
    case .setupOutputs:
      var r = BigEndianReader(p, context: type.description)
      let frequency = try r.double()
      return .setupOutputs(frequency: frequency, names: try names(r.rest(), type))
    case .setupInputs:
      return .setupInputs(names: try names(p, type))
    case .start:
      try expectSize(p, 0, type)
      return .start
    case .pause:
      try expectSize(p, 0, type)
      return .pause
    case .dataPackage:
      guard let id = p.first else { throw RTDEError.truncated(context: type.description, needed: 1, available: 0) }
      return .data(recipeID: id, fields: Array(p.dropFirst()))
    case .textMessage:
      return .text(try RTDETextMessage.read(p))
    }
  }
}

/// Packages the controller sends to a client.
public enum RTDEControllerMessage: Hashable, Sendable {
  /// Reply to `V`.
  case protocolVersionAccepted(Bool)
  /// Reply to `v`.
  case controllerVersion(RTDEControllerVersion)
  /// Reply to `O`: the output recipe id and a type (or NOT_FOUND) per name.
  case outputsSetUp(recipeID: UInt8, fields: [RTDEFieldReply])
  /// Reply to `I`: the input recipe id and a type (or NOT_FOUND / IN_USE) per name.
  case inputsSetUp(recipeID: UInt8, fields: [RTDEFieldReply])
  /// Reply to `S`.
  case startAccepted(Bool)
  /// Reply to `P`.
  case pauseAccepted(Bool)
  /// `U`: output recipe id and the recipe's field bytes.
  case data(recipeID: UInt8, fields: [UInt8])
  /// `M`: a message from the controller.
  case text(RTDETextMessage)

  /// The package type.
  public var type: RTDEPackageType {
    switch self {
    case .protocolVersionAccepted: return .requestProtocolVersion
    case .controllerVersion: return .getURControlVersion
    case .outputsSetUp: return .setupOutputs
    case .inputsSetUp: return .setupInputs
    case .startAccepted: return .start
    case .pauseAccepted: return .pause
    case .data: return .dataPackage
    case .text: return .textMessage
    }
  }

  /// The framed bytes (header and payload).
  public func encoded() -> [UInt8] { RTDEPackage(type: type.rawValue, payload: payload).bytes }

  /// The payload bytes.
  public var payload: [UInt8] {
    var w = BigEndianWriter()
    switch self {
    case .protocolVersionAccepted(let ok), .startAccepted(let ok), .pauseAccepted(let ok): w.bool(ok)
    case .controllerVersion(let v):
      w.uint32(v.major)
      w.uint32(v.minor)
      w.uint32(v.bugfix)
      w.uint32(v.build)
    case .outputsSetUp(let id, let fields), .inputsSetUp(let id, let fields):
      w.uint8(id)
      w.raw(fields.map(\.wireName).joined(separator: ",").utf8)
    case .data(let id, let fields):
      w.uint8(id)
      w.raw(fields)
    case .text(let m): m.write(to: &w)
    }
    return w.bytes
  }

  /// Decodes a package from the controller.
  public static func decode(_ package: RTDEPackage) throws -> RTDEControllerMessage {
    guard let type = RTDEPackageType(rawValue: package.type) else { throw RTDEError.unknownPackageType(package.type) }
    let p = package.payload
    var r = BigEndianReader(p, context: type.description)
    switch type {
    case .requestProtocolVersion:
      try expectSize(p, 1, type)
      return .protocolVersionAccepted(try r.bool())
    case .getURControlVersion:
      try expectSize(p, 16, type)
      return .controllerVersion(
        RTDEControllerVersion(major: try r.uint32(), minor: try r.uint32(), bugfix: try r.uint32(), build: try r.uint32()))
    case .setupOutputs, .setupInputs:
      let id = try r.uint8()
      let fields = try names(r.rest(), type).map(RTDEFieldReply.init(wireName:))
      return type == .setupOutputs ? .outputsSetUp(recipeID: id, fields: fields) : .inputsSetUp(recipeID: id, fields: fields)
    case .start:
      try expectSize(p, 1, type)
      return .startAccepted(try r.bool())
    case .pause:
      try expectSize(p, 1, type)
      return .pauseAccepted(try r.bool())
    case .dataPackage:
      let id = try r.uint8()
      return .data(recipeID: id, fields: r.rest())
    case .textMessage:
      return .text(try RTDETextMessage.read(p))
    }
  }
}

private func expectSize(_ payload: [UInt8], _ size: Int, _ type: RTDEPackageType) throws {
  if payload.count != size {
    throw RTDEError.wrongPayloadSize(context: type.description, expected: size, actual: payload.count)
  }
}

private func names(_ bytes: [UInt8], _ type: RTDEPackageType) throws -> [String] {
  let joined = try text(bytes, type.description)
  return joined.split(separator: ",", omittingEmptySubsequences: true).map {
    $0.trimmingCharacters(in: " ")
  }.filter { !$0.isEmpty }
}

private func text(_ bytes: [UInt8], _ context: String) throws -> String {
  guard let s = String(validating: bytes, as: UTF8.self) else { throw RTDEError.invalidText(context: context) }
  return s
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    var s = self[...]
    while s.first == set { s = s.dropFirst() }
    while s.last == set { s = s.dropLast() }
    return String(s)
  }
}
