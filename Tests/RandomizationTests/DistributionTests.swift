import ArmatureCore
import Randomization
import Testing

/// The Kolmogorov–Smirnov statistic of `samples` against `distribution`'s CDF, evaluated on both
/// sides of every sample (so it is exact for discrete distributions too).
func ksStatistic(_ samples: [Double], _ distribution: Distribution) -> Double {
  let sorted = samples.sorted()
  let n = Double(sorted.count)
  var d = 0.0
  var i = 0
  while i < sorted.count {
    var j = i
    while j + 1 < sorted.count && sorted[j + 1] == sorted[i] { j += 1 }
    let below = Double(i) / n  // empirical CDF just below the value
    let at = Double(j + 1) / n  // and at it
    let f = distribution.cdf(sorted[i])
    // Just below a value the true CDF is at least F(x⁻) ≥ F(previous), approximated by F(x) − P(x)
    // for atoms; for continuous distributions both sides use F(x).
    let fBelow = distribution.cdf(sorted[i].nextDown)
    d = max(d, abs(at - f), abs(below - fBelow))
    i = j + 1
  }
  return d
}

@Suite struct DistributionTests {
  // Critical value of the one-sample KS test at α = 0.001 for n = 10 000: 1.949 / √n.
  let n = 10_000
  var critical: Double { 1.949 / Double(n).squareRoot() }

  static let cases: [Distribution] = [
    .uniform(low: 0.7, high: 1.3),
    .logUniform(low: 0.3, high: 3),
    .normal(mean: 0, standardDeviation: 0.4),
    .truncatedNormal(mean: 1, standardDeviation: 0.5, low: 0.5, high: 2),
    .truncatedNormal(mean: 0, standardDeviation: 1, low: 2, high: 4),  // a far tail
    .choice(values: [0, 1, 2], weights: [0.2, 0.5, 0.3]),
    .choice(values: [5, 7], weights: []),
  ]

  @Test(arguments: cases)
  func drawsPassKolmogorovSmirnov(_ distribution: Distribution) {
    var rng = RandomStream(seed: 2024)
    let samples = (0..<n).map { _ in distribution.sample(&rng) }
    let d = ksStatistic(samples, distribution)
    #expect(d < critical, "D = \(d) ≥ \(critical) for \(distribution)")
  }

  @Test func theKSTestCanFail() {
    // The same check rejects draws from the wrong distribution.
    var rng = RandomStream(seed: 1)
    let samples = (0..<n).map { _ in Distribution.uniform(low: 0.7, high: 1.3).sample(&rng) }
    #expect(ksStatistic(samples, .normal(mean: 1, standardDeviation: 0.17)) > critical)
    #expect(ksStatistic(samples, .uniform(low: 0.7, high: 1.32)) > critical)
  }

  @Test func inverseNormalCDFInvertsTheCDF() {
    for p in stride(from: 1e-6, to: 1, by: 0.0137) {
      #expect(abs(standardNormalCDF(inverseStandardNormalCDF(p)) - p) < 1e-12)
    }
    #expect(abs(inverseStandardNormalCDF(0.975) - 1.959963984540054) < 1e-12)
  }

  @Test func invalidParametersAreReported() {
    #expect(Distribution.uniform(low: 2, high: 1).problem != nil)
    #expect(Distribution.logUniform(low: 0, high: 1).problem != nil)
    #expect(Distribution.normal(mean: 0, standardDeviation: -1).problem != nil)
    #expect(Distribution.choice(values: [1, 2], weights: [1]).problem != nil)
    #expect(Distribution.uniform(low: 0.9, high: 1.1).problem == nil)
  }
}
