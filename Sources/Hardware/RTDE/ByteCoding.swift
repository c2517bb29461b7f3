/// Appends big-endian numbers to a byte array (RTDE's wire order).
package struct BigEndianWriter {
  package private(set) var bytes: [UInt8] = []

  package init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

  package mutating func uint8(_ v: UInt8) { bytes.append(v) }
  package mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
  package mutating func uint16(_ v: UInt16) { append(v.bigEndian) }
  package mutating func uint32(_ v: UInt32) { append(v.bigEndian) }
  package mutating func int32(_ v: Int32) { append(v.bigEndian) }
  package mutating func uint64(_ v: UInt64) { append(v.bigEndian) }
  package mutating func double(_ v: Double) { append(v.bitPattern.bigEndian) }
  package mutating func raw(_ v: some Sequence<UInt8>) { bytes.append(contentsOf: v) }

  private mutating func append<T: FixedWidthInteger>(_ v: T) {
    withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) }
  }
}

/// Reads big-endian numbers from a byte array, failing with `RTDEError.truncated` when the bytes
/// run out.
package struct BigEndianReader {
  package let bytes: [UInt8]
  package private(set) var offset: Int
  /// What is being read, for error messages.
  package let context: String

  package init(_ bytes: [UInt8], context: String, offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
    self.context = context
  }

  package var remaining: Int { bytes.count - offset }

  package mutating func uint8() throws -> UInt8 {
    try need(1)
    defer { offset += 1 }
    return bytes[offset]
  }
  package mutating func bool() throws -> Bool { try uint8() != 0 }
  package mutating func uint16() throws -> UInt16 { try integer() }
  package mutating func uint32() throws -> UInt32 { try integer() }
  package mutating func int32() throws -> Int32 { try integer() }
  package mutating func uint64() throws -> UInt64 { try integer() }
  package mutating func double() throws -> Double { Double(bitPattern: try integer()) }

  /// The next `count` bytes.
  package mutating func raw(_ count: Int) throws -> [UInt8] {
    try need(count)
    defer { offset += count }
    return Array(bytes[offset..<(offset + count)])
  }

  /// Everything left.
  package mutating func rest() -> [UInt8] {
    defer { offset = bytes.count }
    return Array(bytes[offset...])
  }

  private mutating func integer<T: FixedWidthInteger>() throws -> T {
    let size = MemoryLayout<T>.size
    try need(size)
    var value: T = 0
    for i in 0..<size { value = (value << 8) | T(bytes[offset + i]) }
    offset += size
    return value
  }

  private func need(_ count: Int) throws {
    if remaining < count {
      throw RTDEError.truncated(context: context, needed: offset + count, available: bytes.count)
    }
  }
}
