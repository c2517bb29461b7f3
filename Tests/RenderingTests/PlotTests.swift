import ArmatureCore
import Foundation
import Rendering
import SceneDescription
import Testing
import _TestSupport

@Suite struct PlotTests {
  @Test func ticksAreNiceSteps() {
    #expect(Plot.ticks(0...10) == [0, 2, 4, 6, 8, 10])
    // Span 1.6: a fifth is 0.32, which rounds up to the nice step 0.5.
    #expect(Plot.ticks(-0.37...1.23) == [0, 0.5, 1])
    #expect(Plot.ticks(0...1e6) == [0, 2e5, 4e5, 6e5, 8e5, 1e6])
    // Span 1: a fifth is 0.2, already nice.
    let negative = Plot.ticks(-3...(-2))
    #expect(negative.count == 6 && zip(negative, [-3, -2.8, -2.6, -2.4, -2.2, -2]).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func tickLabelsShareOneUnitAndTheDigitsTheStepNeeds() {
    #expect(Plot.tickLabels([0, 2e5, 4e5, 6e5, 8e5, 1e6]) == ["0", "0.2M", "0.4M", "0.6M", "0.8M", "1.0M"])
    #expect(Plot.tickLabels([0, 5000, 10000, 15000]) == ["0", "5k", "10k", "15k"])
    #expect(Plot.tickLabels([0, 2, 4, 6, 8, 10]) == ["0", "2", "4", "6", "8", "10"])
    #expect(Plot.tickLabels([0, 0.5, 1]) == ["0", "0.5", "1.0"])
    #expect(Plot.tickLabels([-0.1, -0.05, 0, 0.05]) == ["-0.10", "-0.05", "0", "0.05"])
    #expect(Plot.tickLabels([0, 0.0002, 0.0004]) == ["0", "2.0e-04", "4.0e-04"])
  }

  @Test func dataLandsWhereTheLayoutSays() throws {
    var plot = Plot(width: 300, height: 200)
    plot.xRange = 0...10
    plot.yRange = 0...1
    plot.legend = .none
    plot.add(Plot.Series(name: "", points: [SIMD2(5, 0.5)], color: Color(red: 1, green: 0, blue: 0), style: .points))
    plot.add(Plot.Series(name: "", x: [0, 10], y: [0.2, 0.2], color: Color(red: 0, green: 0, blue: 1), lineWidth: 1))
    let layout = try plot.layout()
    #expect(layout.pixel(x: 0, y: 0) == SIMD2(layout.left, layout.bottom))
    #expect(layout.pixel(x: 10, y: 1) == SIMD2(layout.right, layout.top))
    let image = try plot.render()
    let dot = layout.pixel(x: 5, y: 0.5)
    let (dx, dy) = (Int(dot.x.rounded(.down)), Int(dot.y.rounded(.down)))
    #expect([image[dx, dy, 0], image[dx, dy, 1], image[dx, dy, 2]] == [255, 0, 0])
    let line = layout.pixel(x: 3, y: 0.2)
    let (lx, ly) = (Int(line.x.rounded(.down)), Int(line.y.rounded(.down)))
    #expect(image[lx, ly, 2] > 200 && image[lx, ly, 0] < 80)
    // The line is clipped to the plot area: the right margin beside it stays white.
    let margin = Int(layout.right) + 3
    #expect((0..<Int(layout.bottom)).allSatisfy { image[margin, $0, 0] == 255 && image[margin, $0, 2] == 255 })
  }

  @Test func aPlotWithoutDataIsAnError() {
    #expect(throws: LocatedError.self) { try Plot().render() }
  }

  /// A learning curve: three seeds, their mean, and a ± one standard deviation band.
  @Test func learningCurveGoldenImage() throws {
    var rng = RandomStream(seed: 5)
    let steps = (0...40).map { Double($0) * 25_000 }
    var runs: [[Double]] = []
    for _ in 0..<3 {
      var level = 0.0
      runs.append(steps.map { s in
        level = 0.9 * level + 0.1 * (100 * (1 - (-s / 300_000).exp))
        return level + rng.normal(mean: 0, standardDeviation: 4)
      })
    }
    let mean = steps.indices.map { i in runs.map { $0[i] }.reduce(0, +) / 3 }
    let spread = steps.indices.map { i in (runs.map { ($0[i] - mean[i]) * ($0[i] - mean[i]) }.reduce(0, +) / 3).squareRoot() }
    var plot = Plot(title: "PPO, reach (3 seeds)", xLabel: "environment steps", yLabel: "mean return", width: 480, height: 300)
    plot.add(Plot.Band(name: "mean +- 1 sd", x: steps, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }))
    for (i, run) in runs.enumerated() {
      plot.add(Plot.Series(name: "seed \(i)", x: steps, y: run, lineWidth: 1))
    }
    plot.add(Plot.Series(name: "mean", x: steps, y: mean, color: Color(red: 0, green: 0, blue: 0), style: .lineAndPoints, lineWidth: 2))
    plot.legend = .bottomRight
    try Snapshot.check(plot.render(), named: "plot-learning-curve")
  }
}

@Suite struct CanvasTests {
  @Test func theFontCoversPrintableASCII() {
    let font = BitmapFont.standard
    for v in 32..<127 { #expect(font.contains(Character(Unicode.Scalar(UInt8(v))))) }
    #expect(!font.contains("é"))
    #expect(font.size(of: "ab\ncd") == (11, 18))
    #expect(font.size(of: "ab", scale: 3) == (33, 24))
    // The glyph of "L": the left column and the bottom row of the cap height.
    for row in 0..<7 { #expect(font.isSet("L", column: 0, row: row)) }
    for column in 0..<5 { #expect(font.isSet("L", column: column, row: 6)) }
    #expect(!font.isSet("L", column: 4, row: 0))
  }

  @Test func textLandsOnTheGlyphPixels() {
    var canvas = Canvas(width: 20, height: 20)
    canvas.text("L", x: 2, y: 3, color: Color(red: 0, green: 0, blue: 0), scale: 2)
    let font = BitmapFont.standard
    for y in 0..<20 {
      for x in 0..<20 {
        let gx = x - 2, gy = y - 3
        let inside = gx >= 0 && gy >= 0 && font.isSet("L", column: gx / 2, row: gy / 2)
        #expect(canvas.image[x, y, 0] == (inside ? 0 : 255), "pixel (\(x), \(y))")
      }
    }
  }

  @Test func linesAndPolygonsCoverTheExpectedPixels() {
    var canvas = Canvas(width: 12, height: 10)
    canvas.line(from: SIMD2(0, 5.5), to: SIMD2(12, 5.5), color: Color(red: 0, green: 0, blue: 0), width: 1)
    for x in 1..<11 {
      #expect(canvas.image[x, 5, 0] == 0)
      #expect(canvas.image[x, 4, 0] == 255 && canvas.image[x, 6, 0] == 255)
    }
    var poly = Canvas(width: 10, height: 10)
    poly.fillPolygon([SIMD2(2, 2), SIMD2(6, 2), SIMD2(6, 5), SIMD2(2, 5)], color: Color(red: 0, green: 0, blue: 0))
    let filled = (0..<100).filter { poly.image.pixels[3 * $0] == 0 }.map { ($0 % 10, $0 / 10) }
    #expect(filled.count == 12 && filled.allSatisfy { (2...5).contains($0.0) && (2...4).contains($0.1) })
    var half = Canvas(width: 2, height: 1)
    half.fillRect(x: 0, y: 0, width: 1, height: 1, color: Color(red: 0, green: 0, blue: 0, alpha: 0.5))
    #expect(half.image.pixels == [128, 128, 128, 255, 255, 255])
  }
}

@Suite struct ContactSheetTests {
  func solid(_ r: UInt8, _ g: UInt8, _ b: UInt8, width: Int = 4, height: Int = 3) -> RGBImage {
    RGBImage(width: width, height: height, channels: 3, pixels: [UInt8]((0..<(width * height)).flatMap { _ in [r, g, b] }))
  }

  @Test func framesAreTiledInOrder() throws {
    let sheet = try ContactSheet.tile(
      [solid(255, 0, 0), solid(0, 255, 0), solid(0, 0, 255)], columns: 2, spacing: 1,
      background: Color(red: 0, green: 0, blue: 0))
    #expect(sheet.width == 2 * 4 + 3 && sheet.height == 2 * 3 + 3)
    func px(_ x: Int, _ y: Int) -> [UInt8] { [sheet[x, y, 0], sheet[x, y, 1], sheet[x, y, 2]] }
    #expect(px(1, 1) == [255, 0, 0] && px(4, 3) == [255, 0, 0])
    #expect(px(6, 1) == [0, 255, 0] && px(9, 3) == [0, 255, 0])
    #expect(px(1, 5) == [0, 0, 255])
    #expect(px(6, 5) == [0, 0, 0] && px(0, 0) == [0, 0, 0] && px(5, 1) == [0, 0, 0])
  }

  @Test func labelsGoUnderTheirFrames() throws {
    let frames = (0..<4).map { solid(UInt8(60 * $0), 100, 100, width: 40, height: 30) }
    let sheet = try ContactSheet.tile(frames, labels: ["a", "b", "c", "d"], spacing: 2)
    #expect(sheet.width == 2 * 40 + 3 * 2)
    #expect(sheet.height == 2 * (30 + 12) + 3 * 2)
    try Snapshot.check(sheet, named: "contact-sheet")
    #expect(throws: LocatedError.self) { try ContactSheet.tile(frames, labels: ["a"]) }
    #expect(throws: LocatedError.self) { try ContactSheet.tile([]) }
  }

  @Test func episodesAreSavedAsNumberedFrames() throws {
    let folder = try temporaryDirectory("frames")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let frames = (0..<3).map { solid(UInt8($0 * 80), 0, 0) }
    let paths = try ContactSheet.saveFrames(frames, folder: folder, prefix: "ep", start: 9)
    #expect(paths == ["ep_00009", "ep_00010", "ep_00011"].map { folder + "/" + $0 + ".png" })
    for (p, f) in zip(paths, frames) { #expect(try PNG.readRGB(file: p) == f) }
  }
}

@Suite struct ImageConversionTests {
  @Test func depthRoundTripsThroughMillimetrePNG() throws {
    let depth = DepthImage(width: 5, height: 1, channels: 1, pixels: [0.5, .infinity, 0.0004, 70, 1.2345])
    let mm = depth.millimetres()
    #expect(mm.pixels == [500, 0, 1, 65535, 1235])
    let folder = try temporaryDirectory("depth")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try PNG.writeDepth(depth, to: folder + "/d.png")
    let back = try PNG.readDepth(file: folder + "/d.png")
    #expect(back.pixels == [0.5, .infinity, 0.001, 65.535, 1.235])
    try PNG.write(RGBImage(width: 1, height: 1, channels: 3, repeating: 0), to: folder + "/rgb.png")
    #expect(throws: LocatedError.self) { try PNG.readDepth(file: folder + "/rgb.png") }
  }

  @Test func areaResizingAveragesTheFootprint() {
    let image = Image<UInt8>(width: 4, height: 2, channels: 1, pixels: [0, 10, 20, 30, 40, 50, 60, 70])
    // 2 × 1: each output pixel is the mean of a 2 × 2 block.
    #expect(image.resized(width: 2, height: 1).pixels == [25, 45])
    // 3 wide → 2 wide: weights 2/3, 1/3 and 1/3, 2/3 over [0, 30, 90].
    let row = Image<UInt8>(width: 3, height: 1, channels: 1, pixels: [0, 30, 90])
    #expect(row.resized(width: 2, height: 1).pixels == [10, 70])
    #expect(image.resizedNearest(width: 2, height: 1).pixels == [50, 70])
    #expect(image.cropped(x: 1, y: 1, width: 2, height: 1).pixels == [50, 60])
  }

  @Test func segmentationPaletteAndMasks() {
    #expect(SegmentationImage.paletteColor(of: 0) == .zero)
    let colors = Set((1...60).map { SegmentationImage.paletteColor(of: $0) })
    #expect(colors.count == 60)
    let seg = SegmentationImage(width: 3, height: 1, channels: 1, pixels: [0, 2, 5])
    #expect(seg.masks([2, 5, 7]) == [0, 1, 0, 0, 0, 1, 0, 0, 0])
    #expect(seg.colorized().pixels[0..<3] == [0, 0, 0])
    let depth = DepthImage(width: 3, height: 1, channels: 1, pixels: [0.5, 2, .infinity])
    #expect(depth.normalizedFloats(near: 0, far: 1) == [0.5, 1, 1])
  }
}
