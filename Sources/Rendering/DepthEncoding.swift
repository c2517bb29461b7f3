import ArmatureCore

extension Image where Component == Float {
  /// Depth in whole millimetres for a 16-bit PNG: 0 where nothing was hit (infinite, non-finite
  /// or non-positive depth), values rounded to the nearest millimetre and capped at 65535
  /// (65.535 m).
  public func millimetres() -> Image<UInt16> {
    Image<UInt16>(
      width: width, height: height, channels: channels,
      pixels: pixels.map { d in
        guard d.isFinite, d > 0 else { return 0 }
        return UInt16(min(65535, max(1, (Double(d) * 1000).rounded())))
      })
  }

  /// Depth in metres from millimetres; 0 (no reading) becomes `.infinity`.
  public init(millimetres image: Image<UInt16>) {
    self.init(
      width: image.width, height: image.height, channels: image.channels,
      pixels: image.pixels.map { $0 == 0 ? .infinity : Float(Double($0) / 1000) })
  }
}

extension PNG {
  /// Writes depth in metres as a 16-bit grayscale PNG in millimetres (0: no reading).
  public static func writeDepth(_ depth: DepthImage, to path: String) throws {
    try write(depth.millimetres(), to: path)
  }

  /// Reads a 16-bit grayscale PNG in millimetres as depth in metres (0 becomes `.infinity`).
  public static func readDepth(file path: String) throws -> DepthImage {
    guard case .gray16(let mm) = try read(file: path) else {
      throw LocatedError(file: path, message: "expected a 16-bit grayscale PNG of depth in millimetres")
    }
    return DepthImage(millimetres: mm)
  }
}
