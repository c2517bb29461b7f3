import SceneDescription

/// OpenAI-ES settings (Salimans et al. 2017). Every key is optional (defaults in `RLDefaults`);
/// unknown keys are rejected.
public struct ESConfig: Hashable, Sendable, Codable {
  public var iterations = RLDefaults.esIterations
  /// Antithetic pairs per iteration: the population is twice this.
  public var populationPairs = RLDefaults.esPopulationPairs
  /// Standard deviation σ of the parameter noise.
  public var noiseStd = RLDefaults.esNoiseStd
  /// Adam's step size on the estimated gradient.
  public var learningRate = RLDefaults.esLearningRate
  /// L2 coefficient pulling parameters toward zero.
  public var weightDecay = RLDefaults.esWeightDecay
  /// Episodes averaged into each candidate's fitness (the pair shares their seeds).
  public var episodesPerCandidate = RLDefaults.esEpisodesPerCandidate
  public var hiddenLayers = RLDefaults.esHiddenLayers
  public var activation = RLDefaults.activation
  public var normalizeObservations = true
  public var observationClip = RLDefaults.observationClip

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case iterations, populationPairs, noiseStd, learningRate, weightDecay, episodesPerCandidate, hiddenLayers, activation
    case normalizeObservations, observationClip
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    let positive = "a positive integer"
    iterations = try c.value(.iterations, default: RLDefaults.esIterations, expected: positive) { $0 > 0 }
    populationPairs = try c.value(.populationPairs, default: RLDefaults.esPopulationPairs, expected: positive) { $0 > 0 }
    noiseStd = try c.value(.noiseStd, default: RLDefaults.esNoiseStd, expected: "a positive number") { $0 > 0 }
    learningRate = try c.value(.learningRate, default: RLDefaults.esLearningRate, expected: "a positive number") { $0 > 0 }
    weightDecay = try c.value(.weightDecay, default: RLDefaults.esWeightDecay, expected: "a number ≥ 0") { $0 >= 0 }
    episodesPerCandidate = try c.value(.episodesPerCandidate, default: RLDefaults.esEpisodesPerCandidate, expected: positive) {
      $0 > 0
    }
    hiddenLayers = try c.value(.hiddenLayers, default: RLDefaults.esHiddenLayers, expected: "a list of positive widths") {
      $0.allSatisfy { $0 > 0 }
    }
    activation = try c.value(.activation, default: RLDefaults.activation)
    normalizeObservations = try c.value(.normalizeObservations, default: true)
    observationClip = try c.value(.observationClip, default: RLDefaults.observationClip, expected: "a positive number") { $0 > 0 }
  }
}
