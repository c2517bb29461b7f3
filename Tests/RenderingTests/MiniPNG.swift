import Foundation

/// A minimal PNG writer, independent of libpng, for building test files in layouts Armature
/// never writes itself (palette, 1–4-bit gray, gray + alpha, 16-bit color, transparency chunks).
/// Pixel data goes into zlib "stored" (uncompressed) blocks; every row uses filter 0.
enum MiniPNG {
  /// A chunk: 4-byte type and its payload.
  struct Chunk {
    var type: String
    var data: [UInt8]
  }

  static func png(
    width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]], extra: [Chunk] = []
  ) -> Data {
    var ihdr: [UInt8] = []
    ihdr += be32(UInt32(width)) + be32(UInt32(height))
    ihdr += [bitDepth, colorType, 0, 0, 0]
    var raw: [UInt8] = []
    for row in rows { raw += [0] + row }
    return assemble([Chunk(type: "IHDR", data: ihdr)] + extra + [Chunk(type: "IDAT", data: zlibStored(raw)), Chunk(type: "IEND", data: [])])
  }

  static func assemble(_ chunks: [Chunk]) -> Data {
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    for c in chunks {
      let type = Array(c.type.utf8)
      out += be32(UInt32(c.data.count)) + type + c.data + be32(crc32(type + c.data))
    }
    return Data(out)
  }

  /// Splits a PNG stream into its chunks (signature dropped); nil if it is malformed.
  static func chunks(of data: Data) -> [Chunk]? {
    let b = [UInt8](data)
    var i = 8
    var out: [Chunk] = []
    while i + 12 <= b.count {
      let length = Int(UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))
      guard i + 12 + length <= b.count else { return nil }
      let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
      out.append(Chunk(type: type, data: Array(b[(i + 8)..<(i + 8 + length)])))
      i += 12 + length
    }
    return out
  }

  static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

  static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

  static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let n = min(65535, bytes.count - offset)
      let last: UInt8 = offset + n == bytes.count ? 1 : 0
      out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
      out += bytes[offset..<(offset + n)]
      offset += n
    } while offset < bytes.count
    var a: UInt32 = 1
    var b: UInt32 = 0
    for x in bytes {
      a = (a + UInt32(x)) % 65521
      b = (b + a) % 65521
    }
    return out + be32(b << 16 | a)
  }

  static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for x in bytes { c = crcTable[Int((c ^ UInt32(x)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}
