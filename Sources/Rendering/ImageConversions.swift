import ArmatureCore
import Foundation
import SceneDescription

extension Image where Component == UInt16 {
  /// A color for each segmentation id, for looking at: id 0 (background) is black, other ids get
  /// well-separated hues that depend only on the id.
  public static func paletteColor(of id: UInt16) -> SIMD3<UInt8> {
    guard id != 0 else { return .zero }
    let hue = (Double(id) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
    let saturation = 0.55 + 0.35 * Double((id / 7) % 2)
    let value = 0.95 - 0.25 * Double((id / 3) % 2)
    let h = hue * 6
    let sector = Int(h) % 6
    let f = h - Double(Int(h))
    let (p, q, t) = (value * (1 - saturation), value * (1 - saturation * f), value * (1 - saturation * (1 - f)))
    let rgb: (Double, Double, Double)
    switch sector {
    case 0: rgb = (value, t, p)
    case 1: rgb = (q, value, p)
    case 2: rgb = (p, value, t)
    case 3: rgb = (p, q, value)
    case 4: rgb = (t, p, value)
    default: rgb = (value, p, q)
    }
    return SIMD3(UInt8((rgb.0 * 255).rounded()), UInt8((rgb.1 * 255).rounded()), UInt8((rgb.2 * 255).rounded()))
  }

  /// The segmentation drawn in `paletteColor` colors.
  public func colorized() -> RGBImage {
    var out = RGBImage(width: width, height: height, channels: 3, repeating: 0)
    for i in 0..<(width * height) {
      let c = Image<UInt16>.paletteColor(of: pixels[i * channels])
      out.pixels[3 * i] = c.x
      out.pixels[3 * i + 1] = c.y
      out.pixels[3 * i + 2] = c.z
    }
    return out
  }

  /// One channel-first float plane per id in `ids` (1 where the pixel has that id, else 0): the
  /// masks a network takes.
  public func masks(_ ids: [UInt16]) -> [Float] {
    let plane = width * height
    var out = [Float](repeating: 0, count: ids.count * plane)
    for (c, id) in ids.enumerated() {
      for i in 0..<plane where pixels[i * channels] == id { out[c * plane + i] = 1 }
    }
    return out
  }
}

extension Image where Component == Float {
  /// Depth drawn in gray for looking at: nearest (within `range`, default the finite depths) is
  /// white, farthest dark gray, no reading black.
  public func visualized(range: ClosedRange<Float>? = nil) -> RGBImage {
    let finite = pixels.filter(\.isFinite)
    let lo = range?.lowerBound ?? finite.min() ?? 0
    let hi = range?.upperBound ?? finite.max() ?? 1
    var out = RGBImage(width: width, height: height, channels: 3, repeating: 0)
    for i in 0..<(width * height) {
      let d = pixels[i * channels]
      guard d.isFinite else { continue }
      let t = hi > lo ? min(1, max(0, (d - lo) / (hi - lo))) : 0
      let v = UInt8((255 - 200 * t).rounded())
      out.pixels[3 * i] = v
      out.pixels[3 * i + 1] = v
      out.pixels[3 * i + 2] = v
    }
    return out
  }

  /// Depth as channel-first floats in [0, 1] for a network: (d − near) / (far − near), clamped;
  /// no reading counts as far.
  public func normalizedFloats(near: Float, far: Float) -> [Float] {
    precondition(far > near, "far must exceed near")
    return pixels.map { d in d.isFinite ? min(1, max(0, (d - near) / (far - near))) : 1 }
  }
}

extension Image where Component == UInt8 {
  /// The image resampled to `width × height` by area averaging: each output pixel is the mean of
  /// the input it covers, weighted by overlap (exact box filtering when shrinking; enlarging
  /// repeats pixels and blends at block edges).
  public func resized(width w: Int, height h: Int) -> Image<UInt8> {
    precondition(w > 0 && h > 0, "resized images need a positive size")
    if w == width && h == height { return self }
    let xs = Image.footprints(from: width, to: w)
    let ys = Image.footprints(from: height, to: h)
    var rows = [Double](repeating: 0, count: w * height * channels)
    for y in 0..<height {
      for (ox, taps) in xs.enumerated() {
        for c in 0..<channels {
          var s = 0.0
          for (ix, weight) in taps { s += weight * Double(pixels[(y * width + ix) * channels + c]) }
          rows[(y * w + ox) * channels + c] = s
        }
      }
    }
    var out = Image<UInt8>(width: w, height: h, channels: channels, repeating: 0)
    for (oy, taps) in ys.enumerated() {
      for x in 0..<w {
        for c in 0..<channels {
          var s = 0.0
          for (iy, weight) in taps { s += weight * rows[(iy * w + x) * channels + c] }
          out.pixels[(oy * w + x) * channels + c] = UInt8(min(255, max(0, s.rounded())))
        }
      }
    }
    return out
  }

  /// For each output index, the input indices it covers and their weights (summing to 1).
  static func footprints(from n: Int, to m: Int) -> [[(Int, Double)]] {
    let scale = Double(n) / Double(m)
    return (0..<m).map { o in
      let lo = Double(o) * scale
      let hi = Double(o + 1) * scale
      var taps: [(Int, Double)] = []
      var i = Int(lo)
      while Double(i) < hi && i < n {
        let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
        if overlap > 1e-12 { taps.append((i, overlap / scale)) }
        i += 1
      }
      return taps
    }
  }

  /// A rectangle cut from the image.
  public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Image<UInt8> {
    precondition(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height, "crop outside the image")
    var out = Image<UInt8>(width: w, height: h, channels: channels, repeating: 0)
    for row in 0..<h {
      let src = ((y + row) * width + x) * channels
      out.pixels.replaceSubrange((row * w * channels)..<((row + 1) * w * channels), with: pixels[src..<(src + w * channels)])
    }
    return out
  }
}

extension Image {
  /// The image resampled to `width × height` by picking the input pixel under each output pixel's
  /// centre: for depth and segmentation, whose values must not be averaged.
  public func resizedNearest(width w: Int, height h: Int) -> Image {
    precondition(w > 0 && h > 0, "resized images need a positive size")
    var out = [Component]()
    out.reserveCapacity(w * h * channels)
    for y in 0..<h {
      let iy = min(height - 1, Int((Double(y) + 0.5) * Double(height) / Double(h)))
      for x in 0..<w {
        let ix = min(width - 1, Int((Double(x) + 0.5) * Double(width) / Double(w)))
        for c in 0..<channels { out.append(pixels[(iy * width + ix) * channels + c]) }
      }
    }
    return Image(width: w, height: h, channels: channels, pixels: out)
  }
}
