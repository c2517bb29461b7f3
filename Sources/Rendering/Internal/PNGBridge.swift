import ArmatureCore
import Foundation
import _CShims

/// The one place Rendering calls libpng (through the `_CShims` helpers around libpng's simplified
/// API, whose errors come back as return codes, never as a longjmp through Swift frames).
enum PNGBridge {
  struct Header {
    var width: Int
    var height: Int
    var hasColor: Bool
    var hasAlpha: Bool
    var is16Bit: Bool
    var isPalette: Bool
  }

  /// libpng's description of a failure.
  struct Failure: Error {
    var message: String
  }

  /// libpng's verdict on a failed call, as text.
  private static func text(_ message: [CChar]) -> String {
    let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let s = String(decoding: bytes, as: UTF8.self)
    return s.isEmpty ? "unknown libpng error" : s
  }

  static func header(_ data: Data) -> Result<Header, Failure> {
    var header = armature_png_header()
    var message = [CChar](repeating: 0, count: 64)
    let ok = data.withUnsafeBytes { raw in
      armature_png_read_header(raw.baseAddress, raw.count, &header, &message)
    }
    guard ok == 1 else { return .failure(Failure(message: text(message))) }
    return .success(
      Header(
        width: Int(header.width), height: Int(header.height), hasColor: header.has_color != 0,
        hasAlpha: header.has_alpha != 0, is16Bit: header.is_16bit != 0, isPalette: header.is_colormap != 0))
  }

  private static func layout(_ l: PNGLayout) -> armature_png_layout {
    switch l {
    case .gray8: return ARMATURE_PNG_GRAY8
    case .rgb8: return ARMATURE_PNG_RGB8
    case .rgba8: return ARMATURE_PNG_RGBA8
    case .gray16: return ARMATURE_PNG_GRAY16
    }
  }

  /// Decodes into `buffer`, which must hold exactly width × height × channels components.
  static func decode<T>(_ data: Data, as l: PNGLayout, into buffer: inout [T]) -> String? {
    var message = [CChar](repeating: 0, count: 64)
    let ok = data.withUnsafeBytes { raw in
      buffer.withUnsafeMutableBytes { out in
        armature_png_decode(raw.baseAddress, raw.count, layout(l), out.baseAddress, out.count, &message)
      }
    }
    return ok == 1 ? nil : text(message)
  }

  /// Encodes `pixels` (components of `layout`) as a PNG stream.
  static func encode<T>(_ pixels: [T], width: Int, height: Int, as l: PNGLayout, fast: Bool) -> Result<Data, Failure> {
    guard width <= Int(UInt32.max), height <= Int(UInt32.max) else { return .failure(Failure(message: "image too large")) }
    let bound = armature_png_encoded_size_bound(UInt32(width), UInt32(height), layout(l))
    guard bound > 0 else { return .failure(Failure(message: "image too large to encode in memory")) }
    var out = [UInt8](repeating: 0, count: bound)
    var size = bound
    var message = [CChar](repeating: 0, count: 64)
    let ok = pixels.withUnsafeBytes { raw in
      out.withUnsafeMutableBytes { o in
        armature_png_encode(
          raw.baseAddress, UInt32(width), UInt32(height), layout(l), fast ? 1 : 0, o.baseAddress, &size, &message)
      }
    }
    guard ok == 1 else { return .failure(Failure(message: text(message))) }
    return .success(Data(out[0..<size]))
  }
}
