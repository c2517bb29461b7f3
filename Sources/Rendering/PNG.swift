import ArmatureCore
import Foundation

/// The pixel layouts Armature writes as PNG, and decodes every PNG into.
public enum PNGLayout: String, Hashable, Sendable, CaseIterable {
  /// 8-bit grayscale, 1 channel.
  case gray8
  /// 8-bit RGB, 3 channels.
  case rgb8
  /// 8-bit RGB with straight (not premultiplied) alpha, 4 channels.
  case rgba8
  /// 16-bit grayscale, 1 channel (depth in millimetres, for example).
  case gray16

  /// Components per pixel.
  public var channels: Int {
    switch self {
    case .gray8, .gray16: return 1
    case .rgb8: return 3
    case .rgba8: return 4
    }
  }
}

/// A decoded PNG in the layout closest to the file's own.
///
/// Every PNG libpng reads lands in one of four layouts: 16-bit grayscale files without alpha
/// keep their 16 bits (`gray16`); anything with alpha or a transparency chunk becomes `rgba8`;
/// other color and palette files become `rgb8`; other grayscale files (1 to 8 bits) become `gray8`.
/// 16-bit color files are scaled to 8 bits.
public enum PNGImage: Hashable, Sendable {
  case gray8(Image<UInt8>)
  case rgb8(RGBImage)
  case rgba8(Image<UInt8>)
  case gray16(Image<UInt16>)

  public var layout: PNGLayout {
    switch self {
    case .gray8: return .gray8
    case .rgb8: return .rgb8
    case .rgba8: return .rgba8
    case .gray16: return .gray16
    }
  }

  public var width: Int {
    switch self {
    case .gray8(let i), .rgb8(let i), .rgba8(let i): return i.width
    case .gray16(let i): return i.width
    }
  }

  public var height: Int {
    switch self {
    case .gray8(let i), .rgb8(let i), .rgba8(let i): return i.height
    case .gray16(let i): return i.height
    }
  }

  /// The image as 8-bit RGB: gray is replicated, alpha is dropped (not composited), 16-bit gray
  /// keeps its high byte.
  public var rgb: RGBImage {
    switch self {
    case .rgb8(let i): return i
    case .gray8(let g):
      var out = RGBImage(width: g.width, height: g.height, channels: 3, repeating: 0)
      for p in 0..<(g.width * g.height) {
        let v = g.pixels[p]
        out.pixels[3 * p] = v
        out.pixels[3 * p + 1] = v
        out.pixels[3 * p + 2] = v
      }
      return out
    case .rgba8(let i):
      var out = RGBImage(width: i.width, height: i.height, channels: 3, repeating: 0)
      for p in 0..<(i.width * i.height) {
        out.pixels[3 * p] = i.pixels[4 * p]
        out.pixels[3 * p + 1] = i.pixels[4 * p + 1]
        out.pixels[3 * p + 2] = i.pixels[4 * p + 2]
      }
      return out
    case .gray16(let g):
      return PNGImage.gray8(
        Image(width: g.width, height: g.height, channels: 1, pixels: g.pixels.map { UInt8($0 >> 8) })
      ).rgb
    }
  }
}

/// What a PNG header declares, read without decoding the pixels.
public struct PNGHeader: Hashable, Sendable {
  public var width: Int
  public var height: Int
  public var hasColor: Bool
  public var hasAlpha: Bool
  public var is16Bit: Bool
  public var isPalette: Bool
  /// The layout `PNG.decode` produces for this file.
  public var layout: PNGLayout {
    if hasAlpha { return .rgba8 }
    if hasColor || isPalette { return .rgb8 }
    return is16Bit ? .gray16 : .gray8
  }
}

/// PNG reading and writing through libpng.
///
/// Errors are `LocatedError`s naming the file (or `<memory>`) and libpng's description of the
/// problem; a corrupt or truncated file never crashes the process.
public enum PNG {
  /// The largest image `decode` accepts unless told otherwise: 2²⁸ pixels (a 16k × 16k image).
  /// A corrupt header can claim any size; this bounds what it can make Armature allocate.
  public static let defaultMaxPixels = 1 << 28

  /// The header of a PNG stream.
  public static func header(of data: Data, file: String = "<memory>") throws -> PNGHeader {
    switch PNGBridge.header(data) {
    case .failure(let f): throw LocatedError(file: file, message: "not a readable PNG: \(f.message)")
    case .success(let h):
      return PNGHeader(
        width: h.width, height: h.height, hasColor: h.hasColor, hasAlpha: h.hasAlpha, is16Bit: h.is16Bit,
        isPalette: h.isPalette)
    }
  }

  /// Decodes a PNG stream; `file` names it in errors.
  public static func decode(_ data: Data, file: String = "<memory>", maxPixels: Int = defaultMaxPixels) throws
    -> PNGImage
  {
    let h = try header(of: data, file: file)
    guard h.width > 0, h.height > 0 else {
      throw LocatedError(file: file, message: "not a readable PNG: the image is empty")
    }
    guard h.width.multipliedReportingOverflow(by: h.height).partialValue <= maxPixels,
      h.width <= maxPixels, h.height <= maxPixels
    else {
      throw LocatedError(
        file: file, message: "the PNG claims \(h.width) × \(h.height) pixels, more than the limit of \(maxPixels)")
    }
    let layout = h.layout
    let count = h.width * h.height * layout.channels
    func fail(_ message: String) -> LocatedError {
      LocatedError(file: file, message: "corrupt or unreadable PNG: \(message)")
    }
    if layout == .gray16 {
      var pixels = [UInt16](repeating: 0, count: count)
      if let message = PNGBridge.decode(data, as: layout, into: &pixels) { throw fail(message) }
      return .gray16(Image(width: h.width, height: h.height, channels: 1, pixels: pixels))
    }
    var pixels = [UInt8](repeating: 0, count: count)
    if let message = PNGBridge.decode(data, as: layout, into: &pixels) { throw fail(message) }
    let image = Image(width: h.width, height: h.height, channels: layout.channels, pixels: pixels)
    switch layout {
    case .gray8: return .gray8(image)
    case .rgba8: return .rgba8(image)
    default: return .rgb8(image)
    }
  }

  /// Reads and decodes a PNG file.
  public static func read(file path: String, maxPixels: Int = defaultMaxPixels) throws -> PNGImage {
    try decode(readBytes(path), file: path, maxPixels: maxPixels)
  }

  /// Reads a PNG file as 8-bit RGB (see `PNGImage.rgb`).
  public static func readRGB(file path: String) throws -> RGBImage { try read(file: path).rgb }

  /// Encodes an 8-bit image with 1 (gray), 3 (RGB) or 4 (RGBA) channels. `fast` compresses less
  /// and faster (for intermediate files).
  public static func encode(_ image: Image<UInt8>, fast: Bool = false, file: String = "<memory>") throws -> Data {
    let layout: PNGLayout
    switch image.channels {
    case 1: layout = .gray8
    case 3: layout = .rgb8
    case 4: layout = .rgba8
    default:
      throw LocatedError(
        file: file, message: "cannot write a \(image.channels)-channel 8-bit image as PNG (1, 3 or 4 channels)")
    }
    switch PNGBridge.encode(image.pixels, width: image.width, height: image.height, as: layout, fast: fast) {
    case .success(let data): return data
    case .failure(let f): throw LocatedError(file: file, message: "cannot encode PNG: \(f.message)")
    }
  }

  /// Encodes a 1-channel 16-bit image as a 16-bit grayscale PNG.
  public static func encode(_ image: Image<UInt16>, fast: Bool = false, file: String = "<memory>") throws -> Data {
    guard image.channels == 1 else {
      throw LocatedError(
        file: file, message: "cannot write a \(image.channels)-channel 16-bit image as PNG (1 channel)")
    }
    switch PNGBridge.encode(image.pixels, width: image.width, height: image.height, as: .gray16, fast: fast) {
    case .success(let data): return data
    case .failure(let f): throw LocatedError(file: file, message: "cannot encode PNG: \(f.message)")
    }
  }

  /// Encodes a decoded image back into a PNG stream of the same layout.
  public static func encode(_ image: PNGImage, fast: Bool = false, file: String = "<memory>") throws -> Data {
    switch image {
    case .gray8(let i), .rgb8(let i), .rgba8(let i): return try encode(i, fast: fast, file: file)
    case .gray16(let i): return try encode(i, fast: fast, file: file)
    }
  }

  /// Writes an 8-bit image (1, 3 or 4 channels) to a PNG file, creating parent folders.
  public static func write(_ image: Image<UInt8>, to path: String, fast: Bool = false) throws {
    try writeBytes(encode(image, fast: fast, file: path), to: path)
  }

  /// Writes a 1-channel 16-bit image to a 16-bit grayscale PNG file, creating parent folders.
  public static func write(_ image: Image<UInt16>, to path: String, fast: Bool = false) throws {
    try writeBytes(encode(image, fast: fast, file: path), to: path)
  }

  /// Writes a decoded image to a PNG file, creating parent folders.
  public static func write(_ image: PNGImage, to path: String, fast: Bool = false) throws {
    try writeBytes(encode(image, fast: fast, file: path), to: path)
  }

  static func readBytes(_ path: String) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LocatedError(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else { throw LocatedError(file: path, message: "is a folder, not a PNG file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedError(file: path, message: "cannot be read")
    }
    return data
  }

  /// Writes bytes through a temporary file and a rename, so readers never see a torn image.
  static func writeBytes(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url, options: .atomic)
    } catch {
      throw LocatedError(file: path, message: "cannot write: \(error.localizedDescription)")
    }
  }
}
