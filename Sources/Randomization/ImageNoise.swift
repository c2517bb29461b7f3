import ArmatureCore
import Foundation

/// Per-pixel sensor noise for camera images: independent Gaussian noise on every RGB component.
public enum ImageNoise {
  /// Adds N(0, σ²) noise (σ in 8-bit levels) to every component of `image`, rounding to the
  /// nearest level and clamping to 0…255. Components take the normals of pairs drawn by
  /// Marsaglia's polar method in pixel order from `stream`, so the same stream gives the same noise.
  /// σ ≤ 0 leaves the image (and the stream) untouched.
  public static func apply(to image: inout RGBImage, standardDeviation sigma: Double, stream: inout RandomStream) {
    guard sigma > 0, sigma.isFinite else { return }
    image.pixels.withUnsafeMutableBufferPointer { p in
      @inline(__always) func add(_ i: Int, _ z: Double) {
        p[i] = UInt8((Double(p[i]) + sigma * z).rounded().clamped(to: 0...255))
      }
      var i = 0
      while i < p.count {
        // Marsaglia's polar method: a point uniform in the unit disc gives two normals.
        var x = 0.0, y = 0.0, s = 0.0
        repeat {
          x = 2 * stream.uniform() - 1
          y = 2 * stream.uniform() - 1
          s = x * x + y * y
        } while s >= 1 || s == 0
        let f = (-2 * Foundation.log(s) / s).squareRoot()
        add(i, x * f)
        if i + 1 < p.count { add(i + 1, y * f) }
        i += 2
      }
    }
  }
}
