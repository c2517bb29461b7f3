import ArmatureCore
import SceneDescription

/// A 2-D drawing surface over an `RGBImage`: rectangles, anti-aliased lines and circles, filled
/// polygons, and text in the built-in font. Coordinates are pixels from the top-left corner; pixel
/// (i, j) covers the square [i, i + 1) × [j, j + 1). Colors blend by their alpha.
public struct Canvas: Sendable {
  public private(set) var image: RGBImage

  public var width: Int { image.width }
  public var height: Int { image.height }

  public init(width: Int, height: Int, background: Color = Color(red: 1, green: 1, blue: 1)) {
    precondition(width > 0 && height > 0, "a canvas needs a positive size")
    image = RGBImage(width: width, height: height, channels: 3, repeating: 0)
    fillRect(x: 0, y: 0, width: width, height: height, color: background)
  }

  /// Draws over an existing image (1 or 3 channels; gray is expanded to RGB).
  public init(image: RGBImage) {
    if image.channels == 3 {
      self.image = image
    } else {
      self.image = PNGImage.gray8(Image(width: image.width, height: image.height, channels: 1,
        pixels: stride(from: 0, to: image.pixels.count, by: image.channels).map { image.pixels[$0] })).rgb
    }
  }

  /// Blends `color` into pixel (x, y) with weight `coverage × alpha`; pixels outside are ignored.
  public mutating func blend(x: Int, y: Int, color: Color, coverage: Double = 1) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let a = max(0, min(1, coverage * color.alpha))
    guard a > 0 else { return }
    let i = (y * width + x) * 3
    for (c, v) in [color.red, color.green, color.blue].enumerated() {
      let old = Double(image.pixels[i + c])
      image.pixels[i + c] = UInt8(max(0, min(255, (old * (1 - a) + v.clamped(to: 0...1) * 255 * a).rounded())))
    }
  }

  /// Fills a rectangle (clipped to the canvas).
  public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
    let x0 = max(0, x)
    let y0 = max(0, y)
    let x1 = min(width, x + w)
    let y1 = min(height, y + h)
    guard x0 < x1, y0 < y1 else { return }
    if color.alpha >= 1 {
      let rgb = [color.red, color.green, color.blue].map { UInt8(($0.clamped(to: 0...1) * 255).rounded()) }
      for yy in y0..<y1 {
        for xx in x0..<x1 {
          let i = (yy * width + xx) * 3
          image.pixels[i] = rgb[0]
          image.pixels[i + 1] = rgb[1]
          image.pixels[i + 2] = rgb[2]
        }
      }
    } else {
      for yy in y0..<y1 { for xx in x0..<x1 { blend(x: xx, y: yy, color: color) } }
    }
  }

  /// Outlines a rectangle with 1-pixel lines on its border pixels.
  public mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
    fillRect(x: x, y: y, width: w, height: 1, color: color)
    fillRect(x: x, y: y + h - 1, width: w, height: 1, color: color)
    fillRect(x: x, y: y + 1, width: 1, height: h - 2, color: color)
    fillRect(x: x + w - 1, y: y + 1, width: 1, height: h - 2, color: color)
  }

  /// An anti-aliased line of the given width with round ends.
  public mutating func line(from a: SIMD2<Double>, to b: SIMD2<Double>, color: Color, width w: Double = 1) {
    polyline([a, b], color: color, width: w)
  }

  /// Anti-aliased connected segments; every pixel is blended once, so joints do not darken.
  public mutating func polyline(_ points: [SIMD2<Double>], color: Color, width w: Double = 1) {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    guard let first = finite.first else { return }
    let r = max(0.5, w / 2)
    var lo = first
    var hi = first
    for p in finite {
      lo = pointwiseMin(lo, p)
      hi = pointwiseMax(hi, p)
    }
    let x0 = max(0, Int((lo.x - r - 1).rounded(.down)))
    let y0 = max(0, Int((lo.y - r - 1).rounded(.down)))
    let x1 = min(width - 1, Int((hi.x + r + 1).rounded(.up)))
    let y1 = min(height - 1, Int((hi.y + r + 1).rounded(.up)))
    guard x0 <= x1, y0 <= y1 else { return }
    let bw = x1 - x0 + 1
    var coverage = [Double](repeating: 0, count: bw * (y1 - y0 + 1))
    let segments = finite.count == 1 ? [(first, first)] : (0..<(finite.count - 1)).map { (finite[$0], finite[$0 + 1]) }
    for (a, b) in segments {
      let sx0 = max(x0, Int((min(a.x, b.x) - r - 1).rounded(.down)))
      let sy0 = max(y0, Int((min(a.y, b.y) - r - 1).rounded(.down)))
      let sx1 = min(x1, Int((max(a.x, b.x) + r + 1).rounded(.up)))
      let sy1 = min(y1, Int((max(a.y, b.y) + r + 1).rounded(.up)))
      guard sx0 <= sx1, sy0 <= sy1 else { continue }
      let d = b - a
      let len2 = (d * d).sum()
      for y in sy0...sy1 {
        for x in sx0...sx1 {
          let p = SIMD2(Double(x) + 0.5, Double(y) + 0.5)
          let t = len2 > 0 ? max(0, min(1, ((p - a) * d).sum() / len2)) : 0
          let q = a + t * d - p
          let c = max(0, min(1, r + 0.5 - (q * q).sum().squareRoot()))
          let k = (y - y0) * bw + (x - x0)
          if c > coverage[k] { coverage[k] = c }
        }
      }
    }
    for y in y0...y1 {
      for x in x0...x1 where coverage[(y - y0) * bw + (x - x0)] > 0 {
        blend(x: x, y: y, color: color, coverage: coverage[(y - y0) * bw + (x - x0)])
      }
    }
  }

  /// An anti-aliased disc, or a ring of `lineWidth` when not filled.
  public mutating func circle(center: SIMD2<Double>, radius: Double, color: Color, filled: Bool = true, lineWidth: Double = 1) {
    let outer = filled ? radius : radius + lineWidth / 2
    let x0 = max(0, Int((center.x - outer - 1).rounded(.down)))
    let y0 = max(0, Int((center.y - outer - 1).rounded(.down)))
    let x1 = min(width - 1, Int((center.x + outer + 1).rounded(.up)))
    let y1 = min(height - 1, Int((center.y + outer + 1).rounded(.up)))
    guard x0 <= x1, y0 <= y1 else { return }
    for y in y0...y1 {
      for x in x0...x1 {
        let d = SIMD2(Double(x) + 0.5, Double(y) + 0.5) - center
        let dist = (d * d).sum().squareRoot()
        let c = filled ? radius + 0.5 - dist : lineWidth / 2 + 0.5 - abs(dist - radius)
        if c > 0 { blend(x: x, y: y, color: color, coverage: min(1, c)) }
      }
    }
  }

  /// Fills a polygon (even-odd rule) over the pixels whose centres it contains.
  public mutating func fillPolygon(_ points: [SIMD2<Double>], color: Color) {
    let pts = points.filter { $0.x.isFinite && $0.y.isFinite }
    guard pts.count >= 3 else { return }
    let ys = pts.map(\.y)
    let y0 = max(0, Int((ys.min()! - 0.5).rounded(.up)))
    let y1 = min(height - 1, Int((ys.max()! - 0.5).rounded(.down)))
    guard y0 <= y1 else { return }
    for y in y0...y1 {
      let cy = Double(y) + 0.5
      var xs: [Double] = []
      for i in 0..<pts.count {
        let a = pts[i]
        let b = pts[(i + 1) % pts.count]
        if (a.y <= cy) != (b.y <= cy) { xs.append(a.x + (cy - a.y) / (b.y - a.y) * (b.x - a.x)) }
      }
      xs.sort()
      var k = 0
      while k + 1 < xs.count {
        let xa = max(0, Int((xs[k] - 0.5).rounded(.up)))
        let xb = min(width - 1, Int((xs[k + 1] - 0.5).rounded(.up)) - 1)
        if xa <= xb { for x in xa...xb { blend(x: x, y: y, color: color) } }
        k += 2
      }
    }
  }

  /// Draws text in the built-in font with its top-left corner at (x, y), each font pixel a
  /// `scale` × `scale` block. `rotated` draws it reading upwards (for vertical axis labels), with
  /// (x, y) the top-left corner of the rotated block.
  public mutating func text(_ text: String, x: Int, y: Int, color: Color, scale: Int = 1, rotated: Bool = false) {
    let font = BitmapFont.standard
    let (w, _) = font.size(of: text, scale: scale)
    font.forEachPixel(of: text, scale: scale) { px, py in
      if rotated {
        blend(x: x + py, y: y + w - 1 - px, color: color)
      } else {
        blend(x: x + px, y: y + py, color: color)
      }
    }
  }

  /// Writes the canvas as an RGB PNG file.
  public func save(to path: String) throws { try PNG.write(image, to: path) }
}
