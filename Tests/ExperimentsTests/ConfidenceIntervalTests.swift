import Experiments
import Testing

@Suite struct ConfidenceIntervalTests {
  /// (successes, trials, low, high) from SciPy's Wilson interval; `wilson_reference.py` beside
  /// this file prints them. By hand for 7/10: p̂ = 0.7, z² = 3.8415, centre (0.7 + 0.19207)/1.38415
  /// = 0.64456, half-width 1.95996/1.38415·√(0.021 + 0.0096037) = 0.24779, so [0.39678, 0.89221].
  static let reference: [(Int, Int, Double, Double)] = [
    (0, 10, 0.0, 0.27753279986288926),
    (10, 10, 0.7224672001371109, 1.0),
    (7, 10, 0.39677814746114526, 0.892208732593699),
    (1, 1, 0.20654931437723745, 1.0),
    (0, 1, 0.0, 0.7934506856227626),
    (195, 200, 0.9428216595933581, 0.9892752803482388),
    (200, 200, 0.9811546736227335, 1.0),
    (0, 200, 0.0, 0.018845326377266575),
    (100, 200, 0.43136085960389187, 0.5686391403961082),
    (19, 20, 0.763868806553258, 0.9911185511992047),
    (3, 50, 0.020614970348973957, 0.1621709168883817),
  ]

  @Test func wilsonMatchesSciPy() {
    for (k, n, low, high) in Self.reference {
      let ci = ConfidenceInterval.wilson(successes: k, trials: n)
      #expect(ci.level == 0.95)
      #expect(abs(ci.low - low) < 1e-12 && abs(ci.high - high) < 1e-12, "\(k)/\(n): [\(ci.low), \(ci.high)] vs [\(low), \(high)]")
    }
    #expect(abs(ConfidenceInterval.wilson(successes: 7, trials: 10).low - 0.39678) < 1e-5)
  }

  @Test func intervalsHoldTheRateAndNarrowWithMoreTrials() {
    var previousWidth = 1.0
    for n in [10, 40, 160, 640] {
      let ci = ConfidenceInterval.wilson(successes: n * 3 / 4, trials: n)
      #expect(ci.low < 0.75 && 0.75 < ci.high)
      #expect(ci.high - ci.low < previousWidth)
      previousWidth = ci.high - ci.low
    }
    #expect(ConfidenceInterval.wilson(successes: 0, trials: 0) == ConfidenceInterval(level: 0.95, low: 0, high: 1))
  }
}
