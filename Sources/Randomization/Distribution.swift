import ArmatureCore
import Foundation

/// A distribution of one scalar parameter.
///
/// Every draw consumes a fixed number of uniforms from the stream (truncated normals use the
/// inverse CDF, not rejection), so the streams of different parameters stay aligned whatever
/// values come out.
public enum Distribution: Hashable, Sendable {
  case uniform(low: Double, high: Double)
  /// log x uniform on [log low, log high]; low > 0.
  case logUniform(low: Double, high: Double)
  case normal(mean: Double, standardDeviation: Double)
  /// A normal restricted to [low, high].
  case truncatedNormal(mean: Double, standardDeviation: Double, low: Double, high: Double)
  /// One of `values`, with probabilities proportional to `weights` (equal when empty).
  case choice(values: [Double], weights: [Double])

  /// One draw.
  public func sample(_ rng: inout RandomStream) -> Double {
    switch self {
    case .uniform(let lo, let hi):
      return lo + (hi - lo) * rng.uniform()
    case .logUniform(let lo, let hi):
      return (lo.log + (hi.log - lo.log) * rng.uniform()).exp
    case .normal(let m, let s):
      return m + s * rng.normal()
    case .truncatedNormal(let m, let s, let lo, let hi):
      let a = standardNormalCDF((lo - m) / s)
      let b = standardNormalCDF((hi - m) / s)
      let u = a + (b - a) * rng.uniform()
      return (m + s * inverseStandardNormalCDF(u)).clamped(to: lo...hi)
    case .choice(let values, let weights):
      let u = rng.uniform()
      if weights.isEmpty { return values[Swift.min(values.count - 1, Int(u * Double(values.count)))] }
      let total = weights.reduce(0, +)
      var acc = 0.0
      for (v, w) in zip(values, weights) {
        acc += w / total
        if u < acc { return v }
      }
      return values[values.count - 1]
    }
  }

  /// The cumulative distribution function P(X ≤ x).
  public func cdf(_ x: Double) -> Double {
    switch self {
    case .uniform(let lo, let hi):
      return ((x - lo) / (hi - lo)).clamped(to: 0...1)
    case .logUniform(let lo, let hi):
      guard x > 0 else { return 0 }
      return ((x.log - lo.log) / (hi.log - lo.log)).clamped(to: 0...1)
    case .normal(let m, let s):
      return standardNormalCDF((x - m) / s)
    case .truncatedNormal(let m, let s, let lo, let hi):
      if x < lo { return 0 }
      if x >= hi { return 1 }
      let a = standardNormalCDF((lo - m) / s)
      let b = standardNormalCDF((hi - m) / s)
      return (standardNormalCDF((x - m) / s) - a) / (b - a)
    case .choice(let values, let weights):
      let w = weights.isEmpty ? [Double](repeating: 1, count: values.count) : weights
      let total = w.reduce(0, +)
      return zip(values, w).filter { $0.0 <= x }.reduce(0) { $0 + $1.1 } / total
    }
  }

  /// Why the parameters are invalid, or nil.
  public var problem: String? {
    func finite(_ xs: Double...) -> Bool { xs.allSatisfy(\.isFinite) }
    switch self {
    case .uniform(let lo, let hi):
      return finite(lo, hi) && lo <= hi ? nil : "range must be [low, high] with low ≤ high"
    case .logUniform(let lo, let hi):
      return finite(lo, hi) && lo > 0 && lo <= hi ? nil : "range must be [low, high] with 0 < low ≤ high"
    case .normal(let m, let s):
      return finite(m, s) && s >= 0 ? nil : "mean must be finite and std ≥ 0"
    case .truncatedNormal(let m, let s, let lo, let hi):
      return finite(m, s, lo, hi) && s > 0 && lo < hi ? nil : "std must be > 0 and range [low, high] with low < high"
    case .choice(let values, let weights):
      if values.isEmpty || !values.allSatisfy(\.isFinite) { return "values must be a nonempty list of numbers" }
      if !weights.isEmpty && (weights.count != values.count || !weights.allSatisfy({ $0 >= 0 && $0.isFinite })
        || weights.reduce(0, +) <= 0)
      {
        return "weights must be one non-negative number per value, not all zero"
      }
      return nil
    }
  }
}

/// Φ(z), the standard normal CDF.
public func standardNormalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

/// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step
/// (relative error below 1e-15 over the range).
public func inverseStandardNormalCDF(_ p: Double) -> Double {
  if p <= 0 { return -.infinity }
  if p >= 1 { return .infinity }
  let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
           -3.066479806614716e+01, 2.506628277459239e+00]
  let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
           -1.328068155288572e+01]
  let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
           4.374664141464968e+00, 2.938163982698783e+00]
  let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
  let low = 0.02425
  var x: Double
  if p < low {
    let q = (-2 * p.log).squareRoot()
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  } else if p <= 1 - low {
    let q = p - 0.5
    let r = q * q
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
      / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  } else {
    let q = (-2 * (1 - p).log).squareRoot()
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  // Halley refinement.
  let e = standardNormalCDF(x) - p
  let u = e * (2 * Double.pi).squareRoot() * (x * x / 2).exp
  x -= u / (1 + x * u / 2)
  return x
}
