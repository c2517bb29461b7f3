import ArmatureCore
import Foundation
import SceneDescription

/// Proximal policy optimization's settings. Decodes from YAML or JSON with every key optional
/// (defaults in `RLDefaults`), unknown keys rejected, and out-of-range values reported with
/// their key path.
public struct PPOConfig: Hashable, Sendable, Codable {
  /// Training budget in environment steps (over all copies).
  public var totalEnvironmentSteps = RLDefaults.totalEnvironmentSteps
  /// Parallel environment copies.
  public var environments = RLDefaults.environments
  /// Steps per copy per rollout; a rollout holds environments × rolloutSteps samples.
  public var rolloutSteps = RLDefaults.rolloutSteps
  public var minibatchSize = RLDefaults.minibatchSize
  /// Passes over each rollout.
  public var epochs = RLDefaults.epochs
  public var learningRate = RLDefaults.learningRate
  public var finalLearningRate = RLDefaults.finalLearningRate
  public var learningRateSchedule = RLDefaults.learningRateSchedule
  /// Discount factor γ.
  public var gamma = RLDefaults.gamma
  /// GAE's λ.
  public var gaeLambda = RLDefaults.gaeLambda
  /// The surrogate's clip range ε.
  public var clipRange = RLDefaults.clipRange
  /// Clip range for the value function (nil: no value clipping).
  public var valueClipRange = RLDefaults.valueClipRange
  public var entropyCoefficient = RLDefaults.entropyCoefficient
  public var valueCoefficient = RLDefaults.valueCoefficient
  /// Gradients are scaled down to this global norm.
  public var maxGradientNorm = RLDefaults.maxGradientNorm
  /// Epochs stop early when a minibatch's approximate KL exceeds 1.5 × this (nil: never).
  public var targetKL = RLDefaults.targetKL
  public var normalizeAdvantages = RLDefaults.normalizeAdvantages
  public var normalizeObservations = RLDefaults.normalizeObservations
  /// Scale rewards by the running standard deviation of the discounted return.
  public var normalizeRewards = RLDefaults.normalizeRewards
  public var observationClip = RLDefaults.observationClip
  public var rewardClip = RLDefaults.rewardClip
  public var adamEpsilon = RLDefaults.adamEpsilon
  public var hiddenLayers = RLDefaults.hiddenLayers
  public var activation = RLDefaults.activation
  public var layerNorm = RLDefaults.layerNorm
  public var initialLogStd = RLDefaults.initialLogStd
  /// Squash actions with tanh (with the log-probability correction) instead of clipping.
  public var squashActions = RLDefaults.squashActions
  public var statisticsWindow = RLDefaults.statisticsWindow

  public init() {}

  /// Samples per rollout.
  public var rolloutSize: Int { environments * rolloutSteps }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case totalEnvironmentSteps, environments, rolloutSteps, minibatchSize, epochs, learningRate, finalLearningRate
    case learningRateSchedule, gamma, gaeLambda, clipRange, valueClipRange, entropyCoefficient, valueCoefficient
    case maxGradientNorm, targetKL, normalizeAdvantages, normalizeObservations, normalizeRewards, observationClip
    case rewardClip, adamEpsilon, hiddenLayers, activation, layerNorm, initialLogStd, squashActions, statisticsWindow
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    let positive = "a positive integer"
    totalEnvironmentSteps = try c.value(.totalEnvironmentSteps, default: RLDefaults.totalEnvironmentSteps, expected: positive) { $0 > 0 }
    environments = try c.value(.environments, default: RLDefaults.environments, expected: "an integer in 1...4096") {
      (1...4096).contains($0)
    }
    rolloutSteps = try c.value(.rolloutSteps, default: RLDefaults.rolloutSteps, expected: positive) { $0 > 0 }
    minibatchSize = try c.value(.minibatchSize, default: RLDefaults.minibatchSize, expected: positive) { $0 > 0 }
    epochs = try c.value(.epochs, default: RLDefaults.epochs, expected: positive) { $0 > 0 }
    let rate = "a number in (0, 1]"
    learningRate = try c.value(.learningRate, default: RLDefaults.learningRate, expected: rate) { $0 > 0 && $0 <= 1 }
    finalLearningRate = try c.value(.finalLearningRate, default: RLDefaults.finalLearningRate, expected: "a number in [0, 1]") {
      $0 >= 0 && $0 <= 1
    }
    learningRateSchedule = try c.value(.learningRateSchedule, default: RLDefaults.learningRateSchedule)
    let unit = "a number in [0, 1]"
    gamma = try c.value(.gamma, default: RLDefaults.gamma, expected: unit) { $0 >= 0 && $0 <= 1 }
    gaeLambda = try c.value(.gaeLambda, default: RLDefaults.gaeLambda, expected: unit) { $0 >= 0 && $0 <= 1 }
    clipRange = try c.value(.clipRange, default: RLDefaults.clipRange, expected: "a number in (0, 1)") { $0 > 0 && $0 < 1 }
    valueClipRange = try c.nullable(.valueClipRange, default: RLDefaults.valueClipRange, expected: "a positive number or null") {
      $0 > 0
    }
    let nonNegative = "a number ≥ 0"
    entropyCoefficient = try c.value(.entropyCoefficient, default: RLDefaults.entropyCoefficient, expected: nonNegative) { $0 >= 0 }
    valueCoefficient = try c.value(.valueCoefficient, default: RLDefaults.valueCoefficient, expected: nonNegative) { $0 >= 0 }
    maxGradientNorm = try c.value(.maxGradientNorm, default: RLDefaults.maxGradientNorm, expected: "a positive number") { $0 > 0 }
    targetKL = try c.nullable(.targetKL, default: RLDefaults.targetKL, expected: "a positive number or null") { $0 > 0 }
    normalizeAdvantages = try c.value(.normalizeAdvantages, default: RLDefaults.normalizeAdvantages)
    normalizeObservations = try c.value(.normalizeObservations, default: RLDefaults.normalizeObservations)
    normalizeRewards = try c.value(.normalizeRewards, default: RLDefaults.normalizeRewards)
    observationClip = try c.value(.observationClip, default: RLDefaults.observationClip, expected: "a positive number") { $0 > 0 }
    rewardClip = try c.value(.rewardClip, default: RLDefaults.rewardClip, expected: "a positive number") { $0 > 0 }
    adamEpsilon = try c.value(.adamEpsilon, default: RLDefaults.adamEpsilon, expected: "a positive number") { $0 > 0 }
    hiddenLayers = try c.value(.hiddenLayers, default: RLDefaults.hiddenLayers, expected: "a list of positive widths") {
      $0.allSatisfy { $0 > 0 }
    }
    activation = try c.value(.activation, default: RLDefaults.activation)
    layerNorm = try c.value(.layerNorm, default: RLDefaults.layerNorm)
    initialLogStd = try c.value(.initialLogStd, default: RLDefaults.initialLogStd, expected: "a number in [-5, 2]") {
      $0 >= -5 && $0 <= 2
    }
    squashActions = try c.value(.squashActions, default: RLDefaults.squashActions)
    statisticsWindow = try c.value(.statisticsWindow, default: RLDefaults.statisticsWindow, expected: positive) { $0 > 0 }
    if minibatchSize > environments * rolloutSteps {
      try c.problem(.minibatchSize, "expected at most environments × rolloutSteps = \(environments * rolloutSteps), got \(minibatchSize)")
    }
  }
}

extension PPOConfig {
  /// Writes every key, optional ones as `null`, so a written configuration reads back equal (an
  /// omitted `targetKL` would read back as its non-null default).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(totalEnvironmentSteps, forKey: .totalEnvironmentSteps)
    try c.encode(environments, forKey: .environments)
    try c.encode(rolloutSteps, forKey: .rolloutSteps)
    try c.encode(minibatchSize, forKey: .minibatchSize)
    try c.encode(epochs, forKey: .epochs)
    try c.encode(learningRate, forKey: .learningRate)
    try c.encode(finalLearningRate, forKey: .finalLearningRate)
    try c.encode(learningRateSchedule, forKey: .learningRateSchedule)
    try c.encode(gamma, forKey: .gamma)
    try c.encode(gaeLambda, forKey: .gaeLambda)
    try c.encode(clipRange, forKey: .clipRange)
    try c.encode(valueClipRange, forKey: .valueClipRange)
    try c.encode(entropyCoefficient, forKey: .entropyCoefficient)
    try c.encode(valueCoefficient, forKey: .valueCoefficient)
    try c.encode(maxGradientNorm, forKey: .maxGradientNorm)
    try c.encode(targetKL, forKey: .targetKL)
    try c.encode(normalizeAdvantages, forKey: .normalizeAdvantages)
    try c.encode(normalizeObservations, forKey: .normalizeObservations)
    try c.encode(normalizeRewards, forKey: .normalizeRewards)
    try c.encode(observationClip, forKey: .observationClip)
    try c.encode(rewardClip, forKey: .rewardClip)
    try c.encode(adamEpsilon, forKey: .adamEpsilon)
    try c.encode(hiddenLayers, forKey: .hiddenLayers)
    try c.encode(activation, forKey: .activation)
    try c.encode(layerNorm, forKey: .layerNorm)
    try c.encode(initialLogStd, forKey: .initialLogStd)
    try c.encode(squashActions, forKey: .squashActions)
    try c.encode(statisticsWindow, forKey: .statisticsWindow)
  }
}

/// A stable hash of a configuration: FNV-1a of its JSON with sorted keys, in hex.
public func configurationHash<C: Encodable>(_ config: C) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  let data = (try? encoder.encode(config)) ?? Data()
  return String(fnv1a64(String(decoding: data, as: UTF8.self)), radix: 16)
}
