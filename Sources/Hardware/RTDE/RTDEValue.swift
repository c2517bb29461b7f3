/// A value of one RTDE field.
public enum RTDEValue: Hashable, Sendable {
  case bool(Bool)
  case uint8(UInt8)
  case uint32(UInt32)
  case int32(Int32)
  case uint64(UInt64)
  case double(Double)
  /// Three doubles.
  case vector3d([Double])
  /// Six doubles.
  case vector6d([Double])
  case vector6int32([Int32])
  case vector6uint32([UInt32])

  /// The field type this value has.
  public var type: RTDEFieldType {
    switch self {
    case .bool: return .bool
    case .uint8: return .uint8
    case .uint32: return .uint32
    case .int32: return .int32
    case .uint64: return .uint64
    case .double: return .double
    case .vector3d: return .vector3d
    case .vector6d: return .vector6d
    case .vector6int32: return .vector6int32
    case .vector6uint32: return .vector6uint32
    }
  }

  /// The zero value of a type (false, 0, zero vectors).
  public static func zero(_ type: RTDEFieldType) -> RTDEValue {
    switch type {
    case .bool: return .bool(false)
    case .uint8: return .uint8(0)
    case .uint32: return .uint32(0)
    case .int32: return .int32(0)
    case .uint64: return .uint64(0)
    case .double: return .double(0)
    case .vector3d: return .vector3d([0, 0, 0])
    case .vector6d: return .vector6d([Double](repeating: 0, count: 6))
    case .vector6int32: return .vector6int32([Int32](repeating: 0, count: 6))
    case .vector6uint32: return .vector6uint32([UInt32](repeating: 0, count: 6))
    }
  }

  /// A scalar as a double (integers converted), nil for vectors.
  public var scalar: Double? {
    switch self {
    case .bool(let v): return v ? 1 : 0
    case .uint8(let v): return Double(v)
    case .uint32(let v): return Double(v)
    case .int32(let v): return Double(v)
    case .uint64(let v): return Double(v)
    case .double(let v): return v
    default: return nil
    }
  }

  /// A vector's elements as doubles, or a scalar as a one-element array.
  public var doubles: [Double] {
    switch self {
    case .vector3d(let v), .vector6d(let v): return v
    case .vector6int32(let v): return v.map(Double.init)
    case .vector6uint32(let v): return v.map(Double.init)
    default: return scalar.map { [$0] } ?? []
    }
  }

  /// An integer scalar's value (bools as 0/1), nil for doubles and vectors.
  public var integer: Int64? {
    switch self {
    case .bool(let v): return v ? 1 : 0
    case .uint8(let v): return Int64(v)
    case .uint32(let v): return Int64(v)
    case .int32(let v): return Int64(v)
    case .uint64(let v): return Int64(bitPattern: v)
    default: return nil
    }
  }

  /// Whether the value has the element count its type requires.
  var hasValidShape: Bool {
    switch self {
    case .vector3d(let v): return v.count == 3
    case .vector6d(let v): return v.count == 6
    case .vector6int32(let v): return v.count == 6
    case .vector6uint32(let v): return v.count == 6
    default: return true
    }
  }

  package func write(to writer: inout BigEndianWriter) {
    switch self {
    case .bool(let v): writer.bool(v)
    case .uint8(let v): writer.uint8(v)
    case .uint32(let v): writer.uint32(v)
    case .int32(let v): writer.int32(v)
    case .uint64(let v): writer.uint64(v)
    case .double(let v): writer.double(v)
    case .vector3d(let v), .vector6d(let v): v.forEach { writer.double($0) }
    case .vector6int32(let v): v.forEach { writer.int32($0) }
    case .vector6uint32(let v): v.forEach { writer.uint32($0) }
    }
  }

  package static func read(_ type: RTDEFieldType, from reader: inout BigEndianReader) throws -> RTDEValue {
    switch type {
    case .bool: return .bool(try reader.uint8() != 0)
    case .uint8: return .uint8(try reader.uint8())
    case .uint32: return .uint32(try reader.uint32())
    case .int32: return .int32(try reader.int32())
    case .uint64: return .uint64(try reader.uint64())
    case .double: return .double(try reader.double())
    case .vector3d: return .vector3d(try (0..<3).map { _ in try reader.double() })
    case .vector6d: return .vector6d(try (0..<6).map { _ in try reader.double() })
    case .vector6int32: return .vector6int32(try (0..<6).map { _ in try reader.int32() })
    case .vector6uint32: return .vector6uint32(try (0..<6).map { _ in try reader.uint32() })
    }
  }
}
