import ArmatureCore

/// Per-pixel sensor noise for camera images: independent Gaussian noise on every RGB component.
public enum ImageNoise {
  /// Adds N(0, σ²) noise (σ in 8-bit levels) to every component of `image`, rounding to the
  /// nearest level and clamping to 0…255. Draws one normal per component, in pixel order, from
  /// `stream`, so the same stream gives the same noise. σ ≤ 0 leaves the image (and the stream)
  /// untouched.
  public static func apply(to image: inout RGBImage, standardDeviation sigma: Double, stream: inout RandomStream) {
    guard sigma > 0, sigma.isFinite else { return }
    image.pixels.withUnsafeMutableBufferPointer { p in
      for i in p.indices {
        let v = Double(p[i]) + sigma * stream.normal()
        p[i] = UInt8(v.rounded().clamped(to: 0...255))
      }
    }
  }
}
