/// RTDE package types: the third byte of every package header, the same in both directions.
public enum RTDEPackageType: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// 'V' RTDE_REQUEST_PROTOCOL_VERSION
  case requestProtocolVersion = 86
  /// 'v' RTDE_GET_URCONTROL_VERSION
  case getURControlVersion = 118
  /// 'M' RTDE_TEXT_MESSAGE
  case textMessage = 77
  /// 'U' RTDE_DATA_PACKAGE
  case dataPackage = 85
  /// 'O' RTDE_CONTROL_PACKAGE_SETUP_OUTPUTS
  case setupOutputs = 79
  /// 'I' RTDE_CONTROL_PACKAGE_SETUP_INPUTS
  case setupInputs = 73
  /// 'S' RTDE_CONTROL_PACKAGE_START
  case start = 83
  /// 'P' RTDE_CONTROL_PACKAGE_PAUSE
  case pause = 80

  /// The type's letter and name, for messages.
  public var description: String {
    let name: String
    switch self {
    case .requestProtocolVersion: name = "REQUEST_PROTOCOL_VERSION"
    case .getURControlVersion: name = "GET_URCONTROL_VERSION"
    case .textMessage: name = "TEXT_MESSAGE"
    case .dataPackage: name = "DATA_PACKAGE"
    case .setupOutputs: name = "CONTROL_PACKAGE_SETUP_OUTPUTS"
    case .setupInputs: name = "CONTROL_PACKAGE_SETUP_INPUTS"
    case .start: name = "CONTROL_PACKAGE_START"
    case .pause: name = "CONTROL_PACKAGE_PAUSE"
    }
    return "'\(Character(UnicodeScalar(rawValue)))' \(name)"
  }
}

/// One framed package: its type byte and payload (header removed).
public struct RTDEPackage: Hashable, Sendable {
  public var type: UInt8
  public var payload: [UInt8]
  public init(type: UInt8, payload: [UInt8]) {
    self.type = type
    self.payload = payload
  }

  /// The package with its 3-byte header: `uint16 size` (including the header) and the type.
  /// Payloads longer than 65532 bytes cannot be framed; callers keep them shorter (names ≤ 2048).
  public var bytes: [UInt8] {
    precondition(payload.count <= Int(UInt16.max) - 3, "RTDE payload too long to frame")
    var writer = BigEndianWriter(capacity: payload.count + 3)
    writer.uint16(UInt16(payload.count + 3))
    writer.uint8(type)
    writer.raw(payload)
    return writer.bytes
  }
}

/// Cuts a byte stream into RTDE packages, whatever the chunking of the reads.
public struct RTDEFramer: Sendable {
  private var buffer: [UInt8] = []
  private var start = 0

  public init() {}

  /// Adds received bytes.
  public mutating func append(_ bytes: [UInt8]) {
    if start > 0, start == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Bytes received but not yet returned as packages.
  public var bufferedCount: Int { buffer.count - start }

  /// The next complete package, nil when more bytes are needed. A header whose size is below 3
  /// throws `RTDEError.malformedHeader`: the stream cannot be resynchronized after it.
  public mutating func next() throws -> RTDEPackage? {
    guard buffer.count - start >= 3 else { return nil }
    let size = Int(buffer[start]) << 8 | Int(buffer[start + 1])
    guard size >= 3 else { throw RTDEError.malformedHeader(declaredSize: size) }
    guard buffer.count - start >= size else { return nil }
    let package = RTDEPackage(type: buffer[start + 2], payload: Array(buffer[(start + 3)..<(start + size)]))
    start += size
    if start > 65536 {
      buffer.removeFirst(start)
      start = 0
    }
    return package
  }
}
