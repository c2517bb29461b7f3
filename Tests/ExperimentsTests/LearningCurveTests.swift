import ArmatureCore
import Experiments
import Testing

@Suite struct LearningCurveTests {
  func points(adr: Bool) -> [CurvePoint] {
    (1...40).map { i in
      let evaluated = i % 10 == 0
      return CurvePoint(
        iteration: i, environmentSteps: i * 1000, meanReturn: -40 + Double(i), successRate: i == 1 ? nil : Double(i) / 40,
        evaluationSuccessRate: evaluated ? Double(i) / 40 : nil, evaluationSuccessLow: evaluated ? Double(i) / 50 : nil,
        evaluationSuccessHigh: evaluated ? min(1, Double(i) / 35) : nil, adrEntropy: adr ? -7 + Double(i) / 5 : nil)
    }
  }

  /// Pixels of a color (within a tolerance of 40 per channel) in rows `rows`.
  func count(_ image: RGBImage, _ color: (Int, Int, Int), rows: Range<Int>) -> Int {
    var n = 0
    for y in rows {
      for x in 0..<image.width {
        let p = (Int(image[x, y, 0]), Int(image[x, y, 1]), Int(image[x, y, 2]))
        if abs(p.0 - color.0) < 40 && abs(p.1 - color.1) < 40 && abs(p.2 - color.2) < 40 { n += 1 }
      }
    }
    return n
  }

  @Test func panelsSeriesAndDeterminism() throws {
    let plain = try LearningCurve(title: "test", points: points(adr: false), stepBudget: 50_000).image()
    let withADR = try LearningCurve(title: "test", points: points(adr: true), stepBudget: 50_000).image()
    #expect(plain.width == 900 && plain.height == 2 * 260)
    #expect(withADR.width == 900 && withADR.height == 3 * 260)
    // The same points draw the same bytes.
    #expect(try LearningCurve(title: "test", points: points(adr: false), stepBudget: 50_000).image() == plain)
    // Training curves in blue in the first two panels, evaluations in orange in the first, the
    // ADR entropy in green in the third only.
    let blue = (31, 120, 181)
    let orange = (255, 128, 13)
    let green = (43, 161, 43)
    #expect(count(plain, blue, rows: 0..<260) > 200 && count(plain, blue, rows: 260..<520) > 200)
    #expect(count(plain, orange, rows: 0..<260) > 20)
    #expect(count(plain, green, rows: 0..<520) == 0)
    #expect(count(withADR, green, rows: 520..<780) > 200)
    // Without periodic evaluations the first panel has no evaluation marks, band or legend entry.
    let unevaluated = points(adr: false).map { p in
      var q = p
      (q.evaluationSuccessRate, q.evaluationSuccessLow, q.evaluationSuccessHigh) = (nil, nil, nil)
      return q
    }
    let trainingOnly = try LearningCurve(title: "test", points: unevaluated, stepBudget: 50_000).image()
    #expect(count(trainingOnly, orange, rows: 0..<260) == 0 && count(trainingOnly, blue, rows: 0..<260) > 200)
    // Before any value there is nothing to draw, and still a picture.
    let empty = try LearningCurve(title: "empty", points: [], stepBudget: nil).image()
    #expect(empty.height == 2 * 260)
  }
}
