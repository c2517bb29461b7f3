import ArmatureCore
import Foundation

/// An RGB image mapped onto surfaces, sampled bilinearly and repeated beyond [0, 1].
/// Texture coordinates (s, t) run from the image's left edge (s = 0) to its right (s = 1) and from
/// its top row (t = 0) to its bottom (t = 1).
public struct Texture: Hashable, Sendable {
  public let width: Int
  public let height: Int
  /// Texels in [0, 1], row-major, padded to four lanes.
  let texels: [SIMD4<Float>]

  public init(_ image: RGBImage) {
    width = image.width
    height = image.height
    var t = [SIMD4<Float>](repeating: .zero, count: image.width * image.height)
    for i in 0..<t.count {
      let base = i * image.channels
      let g = Float(image.pixels[base]) / 255
      t[i] =
        image.channels >= 3
        ? SIMD4(g, Float(image.pixels[base + 1]) / 255, Float(image.pixels[base + 2]) / 255, 0) : SIMD4(g, g, g, 0)
    }
    texels = t
  }

  /// Reads a PNG file (any layout; alpha is ignored).
  public init(pngFile path: String) throws { self.init(try PNG.readRGB(file: path)) }

  /// The bilinearly filtered color at (s, t), wrapping around the edges.
  @inline(__always) func sample(_ s: Float, _ t: Float) -> SIMD4<Float> {
    let x = s * Float(width) - 0.5
    let y = t * Float(height) - 0.5
    let fx = x.rounded(.down)
    let fy = y.rounded(.down)
    let ax = x - fx
    let ay = y - fy
    // Wrap with a positive modulo; Int conversions are safe for the coordinate range a frame uses.
    let ix = Int(fx.clampedForIndex)
    let iy = Int(fy.clampedForIndex)
    let x0 = ((ix % width) + width) % width
    let y0 = ((iy % height) + height) % height
    let x1 = x0 + 1 == width ? 0 : x0 + 1
    let y1 = y0 + 1 == height ? 0 : y0 + 1
    return texels.withUnsafeBufferPointer { p in
      let top = p[y0 * width + x0] * (1 - ax) + p[y0 * width + x1] * ax
      let bottom = p[y1 * width + x0] * (1 - ax) + p[y1 * width + x1] * ax
      return top * (1 - ay) + bottom * ay
    }
  }
}

extension Float {
  /// The value limited to a range whose integer conversion cannot trap.
  fileprivate var clampedForIndex: Float {
    guard isFinite else { return 0 }
    return Swift.min(1e9, Swift.max(-1e9, self))
  }
}
