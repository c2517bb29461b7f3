import ArmatureCore

/// One end of one parameter's ADR range.
public struct ADRBoundary: Hashable, Sendable, Codable {
  /// Index of the parameter among the spec's ADR parameters.
  public var parameter: Int
  public var isUpper: Bool
  public init(parameter: Int, isUpper: Bool) {
    self.parameter = parameter
    self.isUpper = isUpper
  }
}

/// The state of automatic domain randomization: for each ADR parameter, the current range of
/// draws (which starts at the draw that leaves the nominal value unchanged) and the scores
/// collected at each end. Saved and restored with training checkpoints.
///
/// Algorithm (OpenAI et al. 2019, Algorithm 1): with probability p_b an episode pins one
/// parameter, chosen uniformly, to one end of its range, also chosen uniformly; the episode's
/// success goes into that end's buffer. When a buffer holds m scores, the end moves outward by
/// Δ if their mean is ≥ t_H, inward by Δ if ≤ t_L, and the buffer empties. Ends stay within the
/// distribution's configured range and never cross each other.
public struct ADRState: Hashable, Sendable, Codable {
  /// The current range of one parameter.
  public struct Range: Hashable, Sendable, Codable {
    public var name: String
    public var low: Double
    public var high: Double
    /// The outermost range ADR may reach (the spec's distribution range).
    public var limitLow: Double
    public var limitHigh: Double
    public var step: Double
    /// Draw uniformly in log space (log-uniform parameters).
    public var logarithmic: Bool
    public var lowScores: [Double] = []
    public var highScores: [Double] = []
  }

  public var settings: ADRSettings
  public var ranges: [Range]

  /// The ADR state of a spec's ADR parameters, every range at its starting point.
  public init(spec: RandomizationSpec) {
    settings = spec.adr
    ranges = spec.parameters.filter(\.adr).map { p in
      let start = p.apply.identity ?? 0
      let (lo, hi, log): (Double, Double, Bool)
      switch p.distribution {
      case .uniform(let a, let b): (lo, hi, log) = (a, b, false)
      case .logUniform(let a, let b): (lo, hi, log) = (a, b, true)
      default: (lo, hi, log) = (start, start, false)
      }
      let s = start.clamped(to: lo...hi)
      return Range(
        name: p.name, low: s, high: s, limitLow: lo, limitHigh: hi, step: p.adrStep ?? RandomizationDefaults.adrStep,
        logarithmic: log)
    }
  }

  /// Chooses this episode's pinned boundary, if any.
  public func chooseBoundary(_ rng: inout RandomStream) -> ADRBoundary? {
    guard !ranges.isEmpty else { return nil }
    let u = rng.uniform()
    let which = rng.integer(below: ranges.count)
    let upper = rng.uniform() < 0.5
    return u < settings.boundaryProbability ? ADRBoundary(parameter: which, isUpper: upper) : nil
  }

  /// A draw for parameter `i`: its pinned end, or uniform in its current range.
  public func draw(_ i: Int, pinned: ADRBoundary?, _ rng: inout RandomStream) -> Double {
    let r = ranges[i]
    let u = rng.uniform()
    if let pinned, pinned.parameter == i { return pinned.isUpper ? r.high : r.low }
    if r.logarithmic, r.low > 0 { return (r.low.log + (r.high.log - r.low.log) * u).exp }
    return r.low + (r.high - r.low) * u
  }

  /// Records an episode's success (1 or 0, or a rate) at its pinned boundary, moving that end
  /// when its buffer is full. Returns true if a range changed.
  @discardableResult
  public mutating func record(_ boundary: ADRBoundary, success: Double) -> Bool {
    var r = ranges[boundary.parameter]
    var changed = false
    if boundary.isUpper {
      r.highScores.append(success)
      if r.highScores.count >= settings.bufferSize {
        let mean = r.highScores.reduce(0, +) / Double(r.highScores.count)
        r.highScores.removeAll()
        if mean >= settings.highThreshold {
          r.high = Swift.min(r.limitHigh, r.high + r.step)
        } else if mean <= settings.lowThreshold {
          r.high = Swift.max(r.low, r.high - r.step)
        }
        changed = r.high != ranges[boundary.parameter].high
      }
    } else {
      r.lowScores.append(success)
      if r.lowScores.count >= settings.bufferSize {
        let mean = r.lowScores.reduce(0, +) / Double(r.lowScores.count)
        r.lowScores.removeAll()
        if mean >= settings.highThreshold {
          r.low = Swift.max(r.limitLow, r.low - r.step)
        } else if mean <= settings.lowThreshold {
          r.low = Swift.min(r.high, r.low + r.step)
        }
        changed = r.low != ranges[boundary.parameter].low
      }
    }
    ranges[boundary.parameter] = r
    return changed
  }

  /// ADR entropy in nats per dimension, (1/d) Σ log(high − low), as the paper reports it. A range
  /// still at a point counts as width Δ/100, so the entropy is finite from the start and rises as
  /// ranges widen.
  public var entropy: Double {
    guard !ranges.isEmpty else { return 0 }
    return ranges.reduce(0) { $0 + Swift.max($1.high - $1.low, $1.step / 100).log } / Double(ranges.count)
  }
}
