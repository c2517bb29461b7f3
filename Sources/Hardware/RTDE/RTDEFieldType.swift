/// The data types of RTDE fields, by their wire names. Sizes are in bytes, big-endian.
public enum RTDEFieldType: String, CaseIterable, Hashable, Sendable {
  case bool = "BOOL"
  case uint8 = "UINT8"
  case uint32 = "UINT32"
  case int32 = "INT32"
  case uint64 = "UINT64"
  case double = "DOUBLE"
  case vector3d = "VECTOR3D"
  case vector6d = "VECTOR6D"
  case vector6int32 = "VECTOR6INT32"
  case vector6uint32 = "VECTOR6UINT32"

  /// Bytes on the wire.
  public var size: Int {
    switch self {
    case .bool, .uint8: return 1
    case .uint32, .int32: return 4
    case .uint64, .double: return 8
    case .vector3d: return 24
    case .vector6d: return 48
    case .vector6int32, .vector6uint32: return 24
    }
  }
}

/// One entry of a setup reply's type list: a type, or the controller's refusal of that name.
public enum RTDEFieldReply: Hashable, Sendable, CustomStringConvertible {
  case type(RTDEFieldType)
  /// The controller does not know the variable name.
  case notFound
  /// Another client (or a fieldbus) already owns this input.
  case inUse

  /// Parses a wire name (`DOUBLE`, `NOT_FOUND`, `IN_USE`).
  public init(wireName: String) throws {
    switch wireName {
    case "NOT_FOUND": self = .notFound
    case "IN_USE": self = .inUse
    default:
      guard let type = RTDEFieldType(rawValue: wireName) else { throw RTDEError.unknownFieldType(wireName) }
      self = .type(type)
    }
  }

  public var wireName: String {
    switch self {
    case .type(let t): return t.rawValue
    case .notFound: return "NOT_FOUND"
    case .inUse: return "IN_USE"
    }
  }

  public var description: String { wireName }
}
