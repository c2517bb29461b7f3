import Foundation

/// The terms of PPO's loss (Schulman et al. 2017) for a minibatch, with the gradients the
/// trainer back-propagates. Losses are minimized: L = L_clip + c_v·L_V − c_e·H.
public enum PPOObjective {
  /// The clipped surrogate for samples with log-probabilities `newLogProbabilities` under the
  /// current policy and `oldLogProbabilities` under the rollout policy:
  /// L = −mean(min(ρ·A, clip(ρ, 1 − ε, 1 + ε)·A)), ρ = exp(new − old).
  /// Returns the loss, ∂L/∂(new log-probability) per sample, the fraction of clipped samples and
  /// the approximate KL divergence mean((ρ − 1) − log ρ) (Schulman's k3 estimator).
  public static func clippedSurrogate(
    newLogProbabilities: [Double], oldLogProbabilities: [Double], advantages: [Double], clipRange: Double
  ) -> (loss: Double, gradient: [Double], clipFraction: Double, approximateKL: Double) {
    let m = newLogProbabilities.count
    precondition(oldLogProbabilities.count == m && advantages.count == m, "surrogate inputs differ in length")
    var loss = 0.0
    var clipped = 0
    var kl = 0.0
    var gradient = [Double](repeating: 0, count: m)
    for i in 0..<m {
      let logRatio = newLogProbabilities[i] - oldLogProbabilities[i]
      let ratio = exp(logRatio)
      let a = advantages[i]
      let unclipped = ratio * a
      let clippedRatio = min(max(ratio, 1 - clipRange), 1 + clipRange)
      let surrogate = min(unclipped, clippedRatio * a)
      loss -= surrogate / Double(m)
      // The min takes the clipped term, whose gradient is zero, only when ρ left the trust
      // region in the direction the advantage favours.
      let isClipped = (a > 0 && ratio > 1 + clipRange) || (a < 0 && ratio < 1 - clipRange)
      gradient[i] = isClipped ? 0 : -unclipped / Double(m)
      if abs(ratio - 1) > clipRange { clipped += 1 }
      kl += (ratio - 1) - logRatio
    }
    return (loss, gradient, Double(clipped) / Double(max(m, 1)), kl / Double(max(m, 1)))
  }

  /// The value loss ½·mean((V − R)²), or with clipping (`clipRange` non-nil)
  /// ½·mean(max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)). Returns the loss and ∂L/∂V.
  public static func valueLoss(values: [Double], oldValues: [Double], returns: [Double], clipRange: Double?) -> (
    loss: Double, gradient: [Double]
  ) {
    let m = values.count
    precondition(oldValues.count == m && returns.count == m, "value-loss inputs differ in length")
    var loss = 0.0
    var gradient = [Double](repeating: 0, count: m)
    for i in 0..<m {
      let d = values[i] - returns[i]
      if let eps = clipRange {
        let delta = values[i] - oldValues[i]
        let clippedValue = oldValues[i] + min(max(delta, -eps), eps)
        let dc = clippedValue - returns[i]
        if dc * dc > d * d {
          loss += 0.5 * dc * dc / Double(m)
          gradient[i] = abs(delta) < eps ? dc / Double(m) : 0
        } else {
          loss += 0.5 * d * d / Double(m)
          gradient[i] = d / Double(m)
        }
      } else {
        loss += 0.5 * d * d / Double(m)
        gradient[i] = d / Double(m)
      }
    }
    return (loss, gradient)
  }

  /// (A − mean)/(std + 1e-8), the population standard deviation; a single sample becomes 0.
  public static func normalizedAdvantages(_ advantages: [Double]) -> [Double] {
    let m = Double(advantages.count)
    guard advantages.count > 1 else { return advantages.map { _ in 0 } }
    let mean = advantages.reduce(0, +) / m
    let variance = advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / m
    let std = variance.squareRoot()
    return advantages.map { ($0 - mean) / (std + 1e-8) }
  }

  /// 1 − Var(R − V)/Var(R): how much of the returns' variance the value function explains.
  public static func explainedVariance(values: [Double], returns: [Double]) -> Double {
    let m = Double(values.count)
    guard values.count > 1 else { return .nan }
    let meanR = returns.reduce(0, +) / m
    let varR = returns.reduce(0) { $0 + ($1 - meanR) * ($1 - meanR) } / m
    let residual = zip(returns, values).map { $0 - $1 }
    let meanE = residual.reduce(0, +) / m
    let varE = residual.reduce(0) { $0 + ($1 - meanE) * ($1 - meanE) } / m
    return varR == 0 ? .nan : 1 - varE / varR
  }
}
