/// A two-sided confidence interval for a proportion.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
  /// The confidence level (0.95).
  public var level: Double
  public var low: Double
  public var high: Double

  public init(level: Double, low: Double, high: Double) {
    self.level = level
    self.low = low
    self.high = high
  }

  /// Wilson's score interval (Wilson 1927) for `successes` of `trials` at the level whose
  /// two-sided normal quantile is `z` (1.959963984540054 for 95 %):
  /// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Unlike the normal approximation it
  /// stays inside [0, 1] and is not degenerate at 0 or n successes. With no trials it is [0, 1].
  public static func wilson(successes: Int, trials: Int, level: Double = 0.95, z: Double = 1.959963984540054) -> ConfidenceInterval {
    precondition(successes >= 0 && successes <= trials, "successes must be in 0...trials")
    guard trials > 0 else { return ConfidenceInterval(level: level, low: 0, high: 1) }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let denominator = 1 + z2 / n
    let center = (p + z2 / (2 * n)) / denominator
    let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    // At 0 or n successes one end is exactly 0 or 1; keep rounding from leaving the unit interval.
    let low = successes == 0 ? 0 : max(0, center - half)
    let high = successes == trials ? 1 : min(1, center + half)
    return ConfidenceInterval(level: level, low: low, high: high)
  }
}
