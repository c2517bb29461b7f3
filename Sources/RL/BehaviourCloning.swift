import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies
import SceneDescription

/// Demonstrations: (observation, action) pairs from an expert, with the spaces they live in.
public struct Demonstrations: Hashable, Sendable, Codable {
  public var observationSpace: BoxSpace
  public var actionSpace: BoxSpace
  public var observations: [[Double]]
  /// Actions in the environment's action space.
  public var actions: [[Double]]
  /// Episodes recorded, and how many of them succeeded.
  public var episodes: Int
  public var successfulEpisodes: Int

  public init(observationSpace: BoxSpace, actionSpace: BoxSpace) {
    self.observationSpace = observationSpace
    self.actionSpace = actionSpace
    observations = []
    actions = []
    episodes = 0
    successfulEpisodes = 0
  }

  public var count: Int { observations.count }

  /// Runs `expert` for `episodes` episodes (episode e reset with a seed derived from `seed` and
  /// e) and records every step; with `onlySuccessful`, episodes that end without success are
  /// left out. Chunked experts are executed one action per step.
  public static func collect(
    expert: any Policy, environment: any Environment, episodes: Int, seed: UInt64, onlySuccessful: Bool = true
  ) throws -> Demonstrations {
    var data = Demonstrations(observationSpace: environment.observationSpace, actionSpace: environment.actionSpace)
    let executor = ActionChunkExecutor(expert)
    var seeds = RandomStream(seed: seed).derived("demonstrations")
    for _ in 0..<episodes {
      var (obs, _) = try environment.reset(seed: seeds.next())
      executor.reset()
      var o: [[Double]] = []
      var a: [[Double]] = []
      while true {
        let action = try executor.act(obs).first
        o.append(obs.vector)
        a.append(action)
        let r = try environment.step(action)
        obs = r.observation
        if r.terminated || r.truncated {
          data.episodes += 1
          if r.info.isSuccess { data.successfulEpisodes += 1 }
          if r.info.isSuccess || !onlySuccessful {
            data.observations += o
            data.actions += a
          }
          break
        }
      }
    }
    return data
  }
}

/// Behaviour-cloning settings. Every key optional (defaults in `RLDefaults`).
public struct BCConfig: Hashable, Sendable, Codable {
  public var epochs = RLDefaults.bcEpochs
  public var minibatchSize = RLDefaults.bcMinibatchSize
  public var learningRate = RLDefaults.bcLearningRate
  public var loss = RLDefaults.bcLoss
  public var hiddenLayers = RLDefaults.hiddenLayers
  public var activation = RLDefaults.activation
  public var normalizeObservations = true
  public var observationClip = RLDefaults.observationClip
  public var maxGradientNorm = 1.0

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case epochs, minibatchSize, learningRate, loss, hiddenLayers, activation, normalizeObservations, observationClip
    case maxGradientNorm
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    epochs = try c.value(.epochs, default: RLDefaults.bcEpochs, expected: "a positive integer") { $0 > 0 }
    minibatchSize = try c.value(.minibatchSize, default: RLDefaults.bcMinibatchSize, expected: "a positive integer") { $0 > 0 }
    learningRate = try c.value(.learningRate, default: RLDefaults.bcLearningRate, expected: "a number in (0, 1]") {
      $0 > 0 && $0 <= 1
    }
    loss = try c.value(.loss, default: RLDefaults.bcLoss)
    hiddenLayers = try c.value(.hiddenLayers, default: RLDefaults.hiddenLayers, expected: "a list of positive widths") {
      $0.allSatisfy { $0 > 0 }
    }
    activation = try c.value(.activation, default: RLDefaults.activation)
    normalizeObservations = try c.value(.normalizeObservations, default: true)
    observationClip = try c.value(.observationClip, default: RLDefaults.observationClip, expected: "a positive number") { $0 > 0 }
    maxGradientNorm = try c.value(.maxGradientNorm, default: 1.0, expected: "a positive number") { $0 > 0 }
  }
}

/// Behaviour cloning: supervised learning of a Gaussian MLP policy from demonstrations, by the
/// mean squared error of the mean action or the Gaussian negative log-likelihood. Targets are
/// the demonstrated actions mapped into the unit box (`ActionMapping`), so the cloned policy acts
/// through the same mapping as a PPO policy. Deterministic for a given seed.
public enum BehaviourCloning {
  public static func train(
    demonstrations data: Demonstrations, config: BCConfig, seed: UInt64, task: String = "",
    progress: (TrainingProgress) -> TrainingControl = { _ in .proceed }
  ) throws -> GaussianMLPPolicy {
    precondition(data.count > 0, "no demonstrations to learn from")
    let obsCount = data.observationSpace.count
    let actionCount = data.actionSpace.count
    let network = try Network.mlp(
      inputs: obsCount, hidden: config.hiddenLayers, outputs: actionCount, activation: config.activation.activation)
    let head = GaussianHead(actionCount: actionCount, initialLogStd: 0)
    let root = RandomStream(seed: seed)
    var initRNG = root.derived("initialization")
    var parameters = network.initialParameters(outputGain: 0.01, using: &initRNG) + head.initialParameters()
    var adam = Adam(parameterCount: parameters.count)
    var shuffle = root.derived("minibatches")
    var statistics = RunningMeanStd(dimension: obsCount)
    if config.normalizeObservations { statistics.update(batch: data.observations) }
    let normalization = config.normalizeObservations
      ? ObservationNormalization(statistics: statistics, clip: config.observationClip) : nil
    let n = data.count
    var inputs = [Float](repeating: 0, count: n * obsCount)
    var targets = [Float](repeating: 0, count: n * actionCount)
    for k in 0..<n {
      inputs.withUnsafeMutableBufferPointer { x in
        if let normalization {
          normalization.apply(data.observations[k], into: x.baseAddress! + k * obsCount)
        } else {
          for i in 0..<obsCount { x[k * obsCount + i] = Float(data.observations[k][i]) }
        }
      }
      let unit = data.actionSpace.isBounded ? data.actionSpace.toUnitBox(data.actions[k]) : data.actions[k]
      for a in 0..<actionCount { targets[k * actionCount + a] = Float(min(1, max(-1, unit[a]))) }
    }
    let m = min(config.minibatchSize, n)
    let workspace = network.makeWorkspace(capacity: m)
    var batchX = [Float](repeating: 0, count: m * obsCount)
    var batchY = [Float](repeating: 0, count: m * actionCount)
    var dOut = [Float](repeating: 0, count: m * actionCount)
    var weights = [Float](repeating: -1 / Float(m), count: m)
    var gradients = [Float](repeating: 0, count: parameters.count)
    var order = Array(0..<n)
    let clock = Stopwatch()
    var seen = 0
    for epoch in 0..<config.epochs {
      for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, shuffle.integer(below: i + 1)) }
      var epochLoss = 0.0
      var batches = 0
      var start = 0
      while start + m <= n {
        for (r, k) in order[start..<(start + m)].enumerated() {
          for i in 0..<obsCount { batchX[r * obsCount + i] = inputs[k * obsCount + i] }
          for a in 0..<actionCount { batchY[r * actionCount + a] = targets[k * actionCount + a] }
        }
        start += m
        for i in gradients.indices { gradients[i] = 0 }
        var loss = 0.0
        parameters.withUnsafeBufferPointer { p in
          gradients.withUnsafeMutableBufferPointer { g in
            batchX.withUnsafeBufferPointer { x in
              batchY.withUnsafeBufferPointer { y in
                dOut.withUnsafeMutableBufferPointer { d in
                  weights.withUnsafeMutableBufferPointer { w in
                    let out = network.forward(x.baseAddress!, batch: m, parameters: p.baseAddress!, workspace: workspace)
                    switch config.loss {
                    case .mse:
                      let scale = 1 / Float(m * actionCount)
                      for i in 0..<(m * actionCount) {
                        let e = out[i] - y[i]
                        loss += Double(e * e * scale)
                        d[i] = 2 * e * scale
                      }
                    case .gaussianNLL:
                      var logp = [Float](repeating: 0, count: m)
                      logp.withUnsafeMutableBufferPointer { lp in
                        head.logProbability(
                          out, batch: m, parameters: p.baseAddress! + network.parameterCount, latents: y.baseAddress!,
                          into: lp.baseAddress!)
                      }
                      loss = -logp.reduce(0.0) { $0 + Double($1) } / Double(m)
                      head.backward(
                        out, batch: m, parameters: p.baseAddress! + network.parameterCount, latents: y.baseAddress!,
                        logProbabilityWeights: w.baseAddress!, entropyWeight: 0, outputGradient: d.baseAddress!,
                        parameterGradient: g.baseAddress! + network.parameterCount)
                    }
                    network.backward(outputGradient: d.baseAddress!, parameters: p.baseAddress!, gradients: g.baseAddress!, workspace: workspace)
                  }
                }
              }
            }
          }
        }
        clipByGlobalNorm(&gradients, maxNorm: Float(config.maxGradientNorm))
        adam.update(&parameters, gradients: gradients, learningRate: Float(config.learningRate))
        epochLoss += loss
        batches += 1
        seen += m
      }
      let report = TrainingProgress(
        algorithm: "bc", iteration: epoch + 1, environmentSteps: seen, totalEnvironmentSteps: config.epochs * (n / m) * m,
        episodes: 0, meanReturn: nil, meanEpisodeLength: nil, successRate: nil,
        losses: [Metric(config.loss.rawValue, epochLoss / Double(max(1, batches)))], approximateKL: nil, entropy: nil,
        learningRate: config.learningRate, stepsPerSecond: Double(seen) / max(1e-9, clock.elapsed),
        elapsedSeconds: clock.elapsed, metrics: [Metric("samples", Double(n))])
      if progress(report) == .stop { break }
    }
    return GaussianMLPPolicy(
      network: network, head: head, parameters: parameters, normalization: normalization,
      observationSpace: data.observationSpace, actionSpace: data.actionSpace,
      provenance: PolicyProvenance(
        task: task, configHash: configurationHash(config), seed: seed, trainer: "bc", environmentSteps: 0))
  }
}
