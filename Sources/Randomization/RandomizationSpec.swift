import ArmatureCore
import SceneDescription

/// How a draw turns the nominal value into the value used.
public enum ApplyMode: String, ConfigEnum {
  /// value = nominal × draw (draws near 1).
  case scale
  /// value = nominal + draw (draws near 0).
  case offset
  /// value = draw.
  case absolute

  /// The draw that leaves the nominal value unchanged (ADR ranges start here).
  public var identity: Double? {
    switch self {
    case .scale: return 1
    case .offset: return 0
    case .absolute: return nil
    }
  }

  /// Applies a draw to a nominal value.
  @inlinable public func apply(_ draw: Double, to nominal: Double) -> Double {
    switch self {
    case .scale: return nominal * draw
    case .offset: return nominal + draw
    case .absolute: return draw
    }
  }
}

/// When a parameter is drawn.
public enum DrawSchedule: String, ConfigEnum {
  /// Once at every reset.
  case episode
  /// At every control step (noise).
  case step
}

/// The kinds of distribution, as written in YAML.
public enum DistributionKind: String, ConfigEnum {
  case uniform, logUniform, normal, truncatedNormal, choice
}

/// The randomization of one parameter.
public struct ParameterRandomization: Hashable, Sendable, Codable {
  /// The parameter's name in the task's catalogue (`cube.friction`, `action.noise`, …).
  public var name: String
  public var distribution: Distribution
  public var apply: ApplyMode
  public var every: DrawSchedule
  /// Automatic domain randomization for this parameter: its range starts at the identity draw
  /// and moves by `adrStep` within `distribution`'s range, which bounds it.
  public var adr: Bool
  /// ADR's step Δ for this parameter (nil: `RandomizationDefaults.adrStep`).
  public var adrStep: Double?

  public init(
    name: String, distribution: Distribution, apply: ApplyMode = .scale, every: DrawSchedule = .episode,
    adr: Bool = false, adrStep: Double? = nil
  ) {
    self.name = name
    self.distribution = distribution
    self.apply = apply
    self.every = every
    self.adr = adr
    self.adrStep = adrStep
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, distribution, range, mean, std, values, weights, apply, every, adr, adrStep
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    let kind = try c.value(.distribution, default: DistributionKind.uniform)
    apply = try c.value(.apply, default: RandomizationDefaults.apply)
    every = try c.value(.every, default: RandomizationDefaults.every)
    adr = try c.value(.adr, default: false)
    adrStep = try c.optional(Double.self, .adrStep)
    if let s = adrStep, !(s > 0 && s.isFinite) { try c.problem(.adrStep, "expected a step > 0, got \(describeValue(s))") }
    func range() throws -> (Double, Double) {
      guard let r = try c.optional([Double].self, .range) else {
        try c.problem("a \(kind.rawValue) distribution needs 'range: [low, high]'")
        return (0, 1)
      }
      guard r.count == 2 else {
        try c.problem(.range, "expected [low, high], got \(describeValue(r))")
        return (0, 1)
      }
      return (r[0], r[1])
    }
    func meanStd() throws -> (Double, Double) {
      let m = try c.value(.mean, default: 0.0)
      guard let s = try c.optional(Double.self, .std) else {
        try c.problem("a \(kind.rawValue) distribution needs 'std'")
        return (m, 1)
      }
      return (m, s)
    }
    switch kind {
    case .uniform:
      let (lo, hi) = try range()
      distribution = .uniform(low: lo, high: hi)
    case .logUniform:
      let (lo, hi) = try range()
      distribution = .logUniform(low: lo, high: hi)
    case .normal:
      let (m, s) = try meanStd()
      distribution = .normal(mean: m, standardDeviation: s)
    case .truncatedNormal:
      let (m, s) = try meanStd()
      let (lo, hi) = try range()
      distribution = .truncatedNormal(mean: m, standardDeviation: s, low: lo, high: hi)
    case .choice:
      let values = try c.value(.values, default: [Double]())
      distribution = .choice(values: values, weights: try c.value(.weights, default: [Double]()))
    }
    if let problem = distribution.problem { try c.problem(.distribution, problem) }
    if adr {
      switch distribution {
      case .uniform, .logUniform: break
      default: try c.problem(.adr, "ADR widens uniform or log-uniform ranges only")
      }
      if apply == .absolute { try c.problem(.adr, "ADR needs apply: scale or offset (its ranges start at the nominal)") }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    switch distribution {
    case .uniform(let lo, let hi):
      try c.encode(DistributionKind.uniform, forKey: .distribution)
      try c.encode([lo, hi], forKey: .range)
    case .logUniform(let lo, let hi):
      try c.encode(DistributionKind.logUniform, forKey: .distribution)
      try c.encode([lo, hi], forKey: .range)
    case .normal(let m, let s):
      try c.encode(DistributionKind.normal, forKey: .distribution)
      try c.encode(m, forKey: .mean)
      try c.encode(s, forKey: .std)
    case .truncatedNormal(let m, let s, let lo, let hi):
      try c.encode(DistributionKind.truncatedNormal, forKey: .distribution)
      try c.encode(m, forKey: .mean)
      try c.encode(s, forKey: .std)
      try c.encode([lo, hi], forKey: .range)
    case .choice(let values, let weights):
      try c.encode(DistributionKind.choice, forKey: .distribution)
      try c.encode(values, forKey: .values)
      if !weights.isEmpty { try c.encode(weights, forKey: .weights) }
    }
    try c.encode(apply, forKey: .apply)
    try c.encode(every, forKey: .every)
    if adr {
      try c.encode(true, forKey: .adr)
      try c.encodeIfPresent(adrStep, forKey: .adrStep)
    }
  }
}

/// Automatic domain randomization settings (OpenAI et al. 2019, "Solving Rubik's Cube with a
/// Robot Hand", §5 and Appendix).
public struct ADRSettings: Hashable, Sendable, Codable {
  /// Probability that an episode pins one parameter to one end of its range and is scored there.
  public var boundaryProbability = RandomizationDefaults.boundaryProbability
  /// Scores collected at a boundary before it moves.
  public var bufferSize = RandomizationDefaults.bufferSize
  /// Success rate at or below which a boundary narrows.
  public var lowThreshold = RandomizationDefaults.lowThreshold
  /// Success rate at or above which a boundary widens.
  public var highThreshold = RandomizationDefaults.highThreshold

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable { case boundaryProbability, bufferSize, lowThreshold, highThreshold }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    boundaryProbability = try c.value(
      .boundaryProbability, default: RandomizationDefaults.boundaryProbability, expected: "a probability in (0, 1]"
    ) { $0 > 0 && $0 <= 1 }
    bufferSize = try c.value(.bufferSize, default: RandomizationDefaults.bufferSize, expected: "an integer ≥ 1") { $0 >= 1 }
    lowThreshold = try c.value(.lowThreshold, default: RandomizationDefaults.lowThreshold, expected: "a rate in [0, 1]") {
      (0...1).contains($0)
    }
    highThreshold = try c.value(.highThreshold, default: RandomizationDefaults.highThreshold, expected: "a rate in [0, 1]") {
      (0...1).contains($0)
    }
    if lowThreshold >= highThreshold {
      try c.problem(.highThreshold, "must be greater than lowThreshold (\(describeValue(lowThreshold)))")
    }
  }
}

/// A randomization specification: what to randomize and how, for one task.
public struct RandomizationSpec: Hashable, Sendable, Codable {
  public static let supportedVersion = 1
  public var version = 1
  public var parameters: [ParameterRandomization] = []
  public var adr = ADRSettings()

  public init(parameters: [ParameterRandomization] = [], adr: ADRSettings = ADRSettings()) {
    self.parameters = parameters
    self.adr = adr
  }

  /// No randomization at all.
  public static let none = RandomizationSpec()

  /// Whether any parameter uses ADR.
  public var usesADR: Bool { parameters.contains { $0.adr } }

  enum CodingKeys: String, CodingKey, CaseIterable { case version, parameters, adr }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    version = try c.value(.version, default: 1)
    if version != RandomizationSpec.supportedVersion {
      try c.problem(.version, "randomization format version \(version) is not supported (this Armature reads 1)")
    }
    parameters = try c.value(.parameters, default: [])
    adr = try c.value(.adr, default: ADRSettings())
    var seen: Set<String> = []
    for (i, p) in parameters.enumerated() where !seen.insert(p.name).inserted {
      try c.problem(at: "parameters[\(i)].name", "parameter '\(p.name)' is randomized twice")
    }
  }

  /// Checks the spec against a task's catalogue: every name must be in it, and a parameter whose
  /// nominal value is zero cannot be scaled. Throws `UnknownParameterError` or
  /// `IneffectiveRandomizationError` for the first entry that fails, with its index.
  public func check(against catalogue: [RandomizableParameter]) throws {
    for (index, p) in parameters.enumerated() {
      guard let parameter = catalogue.first(where: { $0.name == p.name }) else {
        throw UnknownParameterError(name: p.name, known: catalogue.map(\.name), index: index)
      }
      if p.apply == .scale, parameter.nominal.allSatisfy({ $0 == 0 }) {
        throw IneffectiveRandomizationError(name: p.name, index: index)
      }
    }
  }

  /// This spec with every range scaled about its identity draw by `factor` (a wider or narrower
  /// randomization for robustness tables).
  public func widened(by factor: Double) -> RandomizationSpec {
    var out = self
    out.parameters = parameters.map { p in
      var q = p
      let center = p.apply.identity ?? 0
      func w(_ x: Double) -> Double { center + (x - center) * factor }
      switch p.distribution {
      case .uniform(let lo, let hi): q.distribution = .uniform(low: w(lo), high: w(hi))
      case .logUniform(let lo, let hi):
        // Widen in log space about 1 (scale) so bounds stay positive.
        q.distribution = .logUniform(low: (lo.log * factor).exp, high: (hi.log * factor).exp)
      case .normal(let m, let s): q.distribution = .normal(mean: m, standardDeviation: s * factor)
      case .truncatedNormal(let m, let s, let lo, let hi):
        q.distribution = .truncatedNormal(mean: m, standardDeviation: s * factor, low: w(lo), high: w(hi))
      case .choice: break
      }
      return q
    }
    return out
  }
}

/// The defaults of randomization specs, in one place.
public enum RandomizationDefaults {
  public static let apply = ApplyMode.scale
  public static let every = DrawSchedule.episode
  /// p_b = 0.5 as in the Rubik's cube paper.
  public static let boundaryProbability = 0.5
  /// m = 240 as in the paper.
  public static let bufferSize = 240
  /// The paper scores consecutive successes (t_L = 10, t_H = 20 of at most 50); Armature scores
  /// episode success, so its thresholds are success rates: narrow at ≤ 50 %, widen at ≥ 80 %.
  public static let lowThreshold = 0.5
  public static let highThreshold = 0.8
  /// Δ = 0.02 as in the paper, in the units of the draw (a scale factor or an offset).
  public static let adrStep = 0.02
}
