import ArmatureCore
import Foundation
import SceneDescription

/// A 2-D line and scatter plot drawn into an `RGBImage`: axes with "nice" ticks and labels,
/// a title, series as lines and/or points, shaded bands (mean ± spread across seeds), and a
/// legend, all in the built-in font. For learning curves and sim-vs-real comparisons.
///
/// ```swift
/// var plot = Plot(title: "PPO on reach", xLabel: "environment steps", yLabel: "return")
/// plot.add(Plot.Series(name: "seed 0", x: steps, y: returns))
/// try plot.save(to: "runs/reach/curve.png")
/// ```
public struct Plot: Sendable {
  /// How a series is drawn.
  public enum Style: String, Hashable, Sendable, CaseIterable {
    case line, points, lineAndPoints
  }

  /// Where the legend goes inside the plot area.
  public enum LegendPosition: String, Hashable, Sendable, CaseIterable {
    case none, topLeft, topRight, bottomLeft, bottomRight
  }

  /// Points joined in order; non-finite values break the line.
  public struct Series: Sendable {
    public var name: String
    public var points: [SIMD2<Double>]
    /// nil takes the next palette color.
    public var color: Color?
    public var style: Style
    public var lineWidth: Double

    public init(name: String, points: [SIMD2<Double>], color: Color? = nil, style: Style = .line, lineWidth: Double = 1.5) {
      self.name = name
      self.points = points
      self.color = color
      self.style = style
      self.lineWidth = lineWidth
    }

    /// A series from parallel lists of x and y values (the shorter length is used).
    public init(name: String, x: [Double], y: [Double], color: Color? = nil, style: Style = .line, lineWidth: Double = 1.5) {
      self.init(name: name, points: zip(x, y).map { SIMD2($0, $1) }, color: color, style: style, lineWidth: lineWidth)
    }
  }

  /// A filled region between two curves over the same x values.
  public struct Band: Sendable {
    public var name: String?
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    /// nil takes the next palette color; drawn at `opacity`.
    public var color: Color?
    public var opacity: Double

    public init(name: String? = nil, x: [Double], lower: [Double], upper: [Double], color: Color? = nil, opacity: Double = 0.25) {
      self.name = name
      self.x = x
      self.lower = lower
      self.upper = upper
      self.color = color
      self.opacity = opacity
    }
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var series: [Series] = []
  public var bands: [Band] = []
  /// Axis ranges; nil fits the data with a 5% margin.
  public var xRange: ClosedRange<Double>?
  public var yRange: ClosedRange<Double>?
  public var width: Int
  public var height: Int
  /// Font pixels per glyph pixel.
  public var textScale: Int
  public var legend: LegendPosition = .topLeft
  public var background = Color(red: 1, green: 1, blue: 1)

  /// Colors given to series and bands without one, in order.
  public static let palette: [Color] = [
    Color(red: 0.12, green: 0.47, blue: 0.71), Color(red: 1.0, green: 0.5, blue: 0.05),
    Color(red: 0.17, green: 0.63, blue: 0.17), Color(red: 0.84, green: 0.15, blue: 0.16),
    Color(red: 0.58, green: 0.4, blue: 0.74), Color(red: 0.55, green: 0.34, blue: 0.29),
    Color(red: 0.89, green: 0.47, blue: 0.76), Color(red: 0.5, green: 0.5, blue: 0.5),
  ]

  public init(title: String = "", xLabel: String = "", yLabel: String = "", width: Int = 640, height: Int = 400, textScale: Int = 1) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.width = width
    self.height = height
    self.textScale = textScale
  }

  public mutating func add(_ s: Series) { series.append(s) }
  public mutating func add(_ b: Band) { bands.append(b) }

  /// Where things go: the plot area in image pixels, the axis ranges and the ticks.
  public struct Layout: Hashable, Sendable {
    /// Left, top, right and bottom edges of the plot area (pixel boundaries).
    public var left, top, right, bottom: Double
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var xTicks: [Double]
    public var yTicks: [Double]

    /// The image position of a data point (x to the right, y up).
    public func pixel(x: Double, y: Double) -> SIMD2<Double> {
      SIMD2(
        left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left),
        bottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (bottom - top))
    }
  }

  /// The layout for the current data and labels.
  public func layout() throws -> Layout {
    guard width >= 64, height >= 48, textScale >= 1 else {
      throw LocatedError(message: "a plot needs at least 64 × 48 pixels and a text scale ≥ 1")
    }
    var xs: [Double] = []
    var ys: [Double] = []
    for s in series {
      for p in s.points where p.x.isFinite && p.y.isFinite {
        xs.append(p.x)
        ys.append(p.y)
      }
    }
    for b in bands {
      for (i, x) in b.x.enumerated() where x.isFinite {
        if i < b.lower.count, b.lower[i].isFinite { xs.append(x); ys.append(b.lower[i]) }
        if i < b.upper.count, b.upper[i].isFinite { xs.append(x); ys.append(b.upper[i]) }
      }
    }
    let xr = try xRange ?? Plot.fit(xs, axis: "x")
    let yr = try yRange ?? Plot.fit(ys, axis: "y")
    guard xr.upperBound > xr.lowerBound, yr.upperBound > yr.lowerBound, xr.lowerBound.isFinite, xr.upperBound.isFinite,
      yr.lowerBound.isFinite, yr.upperBound.isFinite
    else { throw LocatedError(message: "plot ranges must be finite and non-empty") }
    let xTicks = Plot.ticks(xr)
    let yTicks = Plot.ticks(yr)
    let font = BitmapFont.standard
    let s = textScale
    let yLabelWidth = Plot.tickLabels(yTicks).map { font.size(of: $0, scale: s).width }.max() ?? 0
    let line = font.lineHeight * s
    let left = Double(8 * s + (yLabel.isEmpty ? 0 : line + 4 * s) + yLabelWidth + 6 * s)
    let top = Double(8 * s + (title.isEmpty ? 0 : line + 4 * s))
    let bottom = Double(height) - Double(8 * s + line + 6 * s + (xLabel.isEmpty ? 0 : line + 2 * s))
    let right = Double(width - 12 * s)
    guard right - left > 16, bottom - top > 16 else { throw LocatedError(message: "the plot is too small for its labels") }
    return Layout(left: left, top: top, right: right, bottom: bottom, xRange: xr, yRange: yr, xTicks: xTicks, yTicks: yTicks)
  }

  /// Draws the plot.
  public func render() throws -> RGBImage {
    let l = try layout()
    let font = BitmapFont.standard
    let s = textScale
    var canvas = Canvas(width: width, height: height, background: background)
    let ink = Color(red: 0.15, green: 0.15, blue: 0.15)
    let grid = Color(red: 0.9, green: 0.9, blue: 0.9)
    let area = (l.left, l.top, l.right, l.bottom)
    // Grid and ticks.
    for (t, text) in zip(l.xTicks, Plot.tickLabels(l.xTicks)) {
      let x = Int(l.pixel(x: t, y: 0).x.rounded(.down))
      canvas.fillRect(x: x, y: Int(l.top), width: 1, height: Int(l.bottom - l.top), color: grid)
      canvas.fillRect(x: x, y: Int(l.bottom), width: 1, height: 4 * s, color: ink)
      let tw = font.size(of: text, scale: s).width
      canvas.text(text, x: x - tw / 2, y: Int(l.bottom) + 6 * s, color: ink, scale: s)
    }
    for (t, text) in zip(l.yTicks, Plot.tickLabels(l.yTicks)) {
      let y = Int(l.pixel(x: 0, y: t).y.rounded(.down))
      canvas.fillRect(x: Int(l.left), y: y, width: Int(l.right - l.left), height: 1, color: grid)
      canvas.fillRect(x: Int(l.left) - 4 * s, y: y, width: 4 * s, height: 1, color: ink)
      let tw = font.size(of: text, scale: s).width
      canvas.text(text, x: Int(l.left) - 6 * s - tw, y: y - font.capHeight * s / 2, color: ink, scale: s)
    }
    // Bands, then series.
    var paletteIndex = 0
    func nextColor(_ c: Color?) -> Color {
      if let c { return c }
      defer { paletteIndex += 1 }
      return Plot.palette[paletteIndex % Plot.palette.count]
    }
    // Name, colour, and how the swatch is drawn: a band's fill (nil) or the series' style.
    var legendEntries: [(String, Color, Style?)] = []
    for b in bands {
      let c = nextColor(b.color)
      let n = min(b.x.count, b.lower.count, b.upper.count)
      // Runs of finite values form separate polygons.
      var run: [Int] = []
      func flush() {
        if run.count >= 2 {
          let upper = run.map { l.pixel(x: b.x[$0], y: b.upper[$0]) }
          let lower = run.reversed().map { l.pixel(x: b.x[$0], y: b.lower[$0]) }
          var fill = c
          fill.alpha = b.opacity
          canvas.fillPolygon(Plot.clip(upper + lower, to: area), color: fill)
        }
        run = []
      }
      for i in 0..<n {
        if b.x[i].isFinite && b.lower[i].isFinite && b.upper[i].isFinite { run.append(i) } else { flush() }
      }
      flush()
      if let name = b.name { legendEntries.append((name, c, nil)) }
    }
    for series in series {
      let c = nextColor(series.color)
      if series.style != .points {
        var run: [SIMD2<Double>] = []
        func flush() {
          for piece in Plot.clip(polyline: run, to: area) { canvas.polyline(piece, color: c, width: series.lineWidth * Double(s)) }
          run = []
        }
        for p in series.points {
          if p.x.isFinite && p.y.isFinite { run.append(l.pixel(x: p.x, y: p.y)) } else { flush() }
        }
        flush()
      }
      if series.style != .line {
        for p in series.points where p.x.isFinite && p.y.isFinite {
          let q = l.pixel(x: p.x, y: p.y)
          if q.x >= l.left && q.x <= l.right && q.y >= l.top && q.y <= l.bottom {
            canvas.circle(center: q, radius: 2.5 * Double(s), color: c)
          }
        }
      }
      if !series.name.isEmpty { legendEntries.append((series.name, c, series.style)) }
    }
    // Frame, labels, title.
    canvas.strokeRect(x: Int(l.left) - 1, y: Int(l.top) - 1, width: Int(l.right - l.left) + 2, height: Int(l.bottom - l.top) + 2, color: ink)
    if !title.isEmpty {
      let tw = font.size(of: title, scale: s).width
      canvas.text(title, x: (width - tw) / 2, y: 6 * s, color: ink, scale: s)
    }
    if !xLabel.isEmpty {
      let tw = font.size(of: xLabel, scale: s).width
      canvas.text(xLabel, x: Int((l.left + l.right) / 2) - tw / 2, y: height - 6 * s - font.glyphHeight * s, color: ink, scale: s)
    }
    if !yLabel.isEmpty {
      let tw = font.size(of: yLabel, scale: s).width
      canvas.text(yLabel, x: 6 * s, y: Int((l.top + l.bottom) / 2) - tw / 2, color: ink, scale: s, rotated: true)
    }
    if legend != .none && !legendEntries.isEmpty {
      let swatch = 14 * s
      let rowH = font.lineHeight * s + 2 * s
      let textW = legendEntries.map { font.size(of: $0.0, scale: s).width }.max()!
      let boxW = swatch + 6 * s + textW + 8 * s
      let boxH = legendEntries.count * rowH + 6 * s
      let x0 = legend == .topLeft || legend == .bottomLeft ? Int(l.left) + 6 * s : Int(l.right) - 6 * s - boxW
      let y0 = legend == .topLeft || legend == .topRight ? Int(l.top) + 6 * s : Int(l.bottom) - 6 * s - boxH
      canvas.fillRect(x: x0, y: y0, width: boxW, height: boxH, color: Color(red: 1, green: 1, blue: 1, alpha: 0.85))
      canvas.strokeRect(x: x0, y: y0, width: boxW, height: boxH, color: Color(red: 0.75, green: 0.75, blue: 0.75))
      for (i, entry) in legendEntries.enumerated() {
        let y = y0 + 4 * s + i * rowH
        let mid = Double(y) + Double(font.capHeight * s) / 2
        if let style = entry.2 {
          if style != .points {
            canvas.line(
              from: SIMD2(Double(x0 + 4 * s), mid), to: SIMD2(Double(x0 + 4 * s + swatch), mid), color: entry.1, width: 2 * Double(s))
          }
          if style != .line {
            canvas.circle(center: SIMD2(Double(x0 + 4 * s) + Double(swatch) / 2, mid), radius: 2.5 * Double(s), color: entry.1)
          }
        } else {
          var fill = entry.1
          fill.alpha = 0.35
          canvas.fillRect(x: x0 + 4 * s, y: y, width: swatch, height: font.capHeight * s, color: fill)
        }
        canvas.text(entry.0, x: x0 + 4 * s + swatch + 6 * s, y: y, color: ink, scale: s)
      }
    }
    return canvas.image
  }

  /// Renders and writes a PNG file.
  public func save(to path: String) throws { try PNG.write(render(), to: path) }

  // MARK: Axis arithmetic

  /// The data's range with a 5% margin (a single value gets ±1, or ±10% of itself).
  static func fit(_ values: [Double], axis: String) throws -> ClosedRange<Double> {
    guard let lo = values.min(), let hi = values.max() else {
      throw LocatedError(message: "the plot has no finite \(axis) values; give data or an explicit \(axis) range")
    }
    if lo == hi {
      let pad = lo == 0 ? 1 : abs(lo) * 0.1
      return (lo - pad)...(hi + pad)
    }
    let pad = (hi - lo) * 0.05
    return (lo - pad)...(hi + pad)
  }

  /// Tick positions at a step of 1, 2 or 5 times a power of ten, about five to ten per axis.
  public static func ticks(_ range: ClosedRange<Double>) -> [Double] {
    let step = tickStep(range)
    let first = (range.lowerBound / step).rounded(.up)
    let last = (range.upperBound / step).rounded(.down)
    guard first <= last else { return [] }
    return stride(from: first, through: last, by: 1).map { k in
      let v = k * step
      return abs(v) < step * 1e-9 ? 0 : v
    }
  }

  static func tickStep(_ range: ClosedRange<Double>) -> Double {
    let raw = (range.upperBound - range.lowerBound) / 5
    let magnitude = Double.pow(10, Foundation.floor(Foundation.log10(raw)))
    let residual = raw / magnitude
    let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
    return nice * magnitude
  }

  /// Labels for an axis's ticks: one unit for the whole axis (thousands as k, millions as M,
  /// billions as G, chosen by the largest tick), as many decimals as the step needs, and 0 for zero.
  public static func tickLabels(_ ticks: [Double]) -> [String] {
    guard let top = ticks.map({ abs($0) }).max() else { return [] }
    let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(top, 1)
    let (divisor, suffix) = top >= 1e9 ? (1e9, "G") : top >= 1e6 ? (1e6, "M") : top >= 1e4 ? (1e3, "k") : (1.0, "")
    if suffix.isEmpty && step < 1e-3 { return ticks.map { $0 == 0 ? "0" : String(format: "%.1e", $0) } }
    let decimals = max(0, Int(Foundation.ceil(-Foundation.log10(step / divisor) - 1e-9)))
    return ticks.map { v in
      if v == 0 { return "0" }
      return String(format: "%.\(decimals)f", v / divisor) + suffix
    }
  }

  // MARK: Clipping to the plot area

  /// The pieces of a polyline inside a rectangle (Liang–Barsky per segment).
  static func clip(polyline: [SIMD2<Double>], to r: (Double, Double, Double, Double)) -> [[SIMD2<Double>]] {
    guard polyline.count >= 2 else {
      if let p = polyline.first, p.x >= r.0, p.x <= r.2, p.y >= r.1, p.y <= r.3 { return [[p]] }
      return []
    }
    var pieces: [[SIMD2<Double>]] = []
    var current: [SIMD2<Double>] = []
    for i in 0..<(polyline.count - 1) {
      let a = polyline[i]
      let d = polyline[i + 1] - a
      var t0 = 0.0
      var t1 = 1.0
      var inside = true
      for (p, q) in [(-d.x, a.x - r.0), (d.x, r.2 - a.x), (-d.y, a.y - r.1), (d.y, r.3 - a.y)] {
        if p == 0 {
          if q < 0 { inside = false }
        } else {
          let t = q / p
          if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
        }
      }
      guard inside, t0 <= t1 else {
        if !current.isEmpty { pieces.append(current); current = [] }
        continue
      }
      let start = a + t0 * d
      let end = a + t1 * d
      if current.isEmpty || current.last! != start {
        if !current.isEmpty { pieces.append(current) }
        current = [start]
      }
      current.append(end)
      if t1 < 1 {
        pieces.append(current)
        current = []
      }
    }
    if !current.isEmpty { pieces.append(current) }
    return pieces
  }

  /// A polygon clipped to a rectangle (Sutherland–Hodgman).
  static func clip(_ polygon: [SIMD2<Double>], to r: (Double, Double, Double, Double)) -> [SIMD2<Double>] {
    var points = polygon
    let edges: [(SIMD2<Double>) -> Double] = [{ $0.x - r.0 }, { r.2 - $0.x }, { $0.y - r.1 }, { r.3 - $0.y }]
    for inside in edges {
      guard !points.isEmpty else { break }
      var out: [SIMD2<Double>] = []
      for i in 0..<points.count {
        let a = points[i]
        let b = points[(i + 1) % points.count]
        let da = inside(a)
        let db = inside(b)
        if da >= 0 { out.append(a) }
        if (da >= 0) != (db >= 0) { out.append(a + (b - a) * (da / (da - db))) }
      }
      points = out
    }
    return points
  }
}
