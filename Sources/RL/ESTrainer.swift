import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies

/// OpenAI evolution strategies (Salimans et al. 2017): each iteration perturbs the policy's
/// parameters with antithetic Gaussian noise pairs θ ± σε, runs an episode (or several) with
/// each, turns the returns into centered ranks, estimates the gradient
/// g = Σⱼ (rank⁺ⱼ − rank⁻ⱼ)·εⱼ / (2nσ), and takes an Adam step on −g + λθ (weight decay).
///
/// Candidates run in parallel; each one's noise and episode seeds derive from (seed,
/// iteration, pair), and every episode starts from a seeded reset, so the result is
/// bit-identical for any thread count. Observation statistics gathered by the candidates are
/// merged in candidate order.
public final class ESTrainer {
  public let config: ESConfig
  public let seed: UInt64
  public let observationSpace: BoxSpace
  public let actionSpace: BoxSpace
  let network: Network
  let head: GaussianHead
  let executor: ParallelExecutor
  /// One environment, workspace and parameter buffer per thread.
  private var workers: [Worker]
  public private(set) var parameters: [Float]
  var adam: Adam
  var state: ESState
  private var clock = Stopwatch()
  private var elapsedAtStart = 0.0

  final class Worker {
    let environment: any Environment
    let workspace: Workspace
    var candidate: [Float]
    var input: [Float]
    init(environment: any Environment, network: Network) {
      self.environment = environment
      workspace = network.makeWorkspace(capacity: 1)
      candidate = [Float](repeating: 0, count: network.parameterCount)
      input = [Float](repeating: 0, count: network.inputSize)
    }
  }

  public init(config: ESConfig, seed: UInt64, threads: Int, makeEnvironment: (Int) throws -> any Environment) throws {
    self.config = config
    self.seed = seed
    executor = ParallelExecutor(threads: max(1, threads))
    var envs: [any Environment] = []
    for i in 0..<executor.threads { envs.append(try makeEnvironment(i)) }
    observationSpace = envs[0].observationSpace
    actionSpace = envs[0].actionSpace
    network = try Network.mlp(
      inputs: observationSpace.count, hidden: config.hiddenLayers, outputs: actionSpace.count,
      activation: config.activation.activation)
    head = GaussianHead(actionCount: actionSpace.count)
    let net = network
    workers = envs.map { Worker(environment: $0, network: net) }
    var initRNG = RandomStream(seed: seed).derived("initialization")
    parameters = network.initialParameters(outputGain: 0.01, using: &initRNG)
    adam = Adam(parameterCount: network.parameterCount)
    state = ESState(iteration: 0, environmentSteps: 0, episodes: 0, observationStatistics: RunningMeanStd(dimension: observationSpace.count), elapsedSeconds: 0, lastProgress: nil)
  }

  public var isFinished: Bool { state.iteration >= config.iterations }
  public var iteration: Int { state.iteration }
  public var environmentSteps: Int { state.environmentSteps }

  /// Trains until `config.iterations` are done or `progress` says stop.
  @discardableResult
  public func train(progress: (TrainingProgress) -> TrainingControl = { _ in .proceed }) throws -> TrainingProgress? {
    while !isFinished {
      let report = try iterate()
      if progress(report) == .stop { return report }
    }
    return state.lastProgress
  }

  private func noise(pair: Int, iteration: Int) -> RandomStream {
    RandomStream(seed: seed).derived("noise").derived(UInt64(iteration)).derived(UInt64(pair))
  }

  private struct Outcome {
    var fitness = 0.0
    var steps = 0
    var successes = 0
    var statistics: RunningMeanStd
    var error: (any Error)?
  }

  /// One generation: evaluate 2n candidates, then update.
  public func iterate() throws -> TrainingProgress {
    let start = clock.elapsed
    let pairs = config.populationPairs
    let count = 2 * pairs
    let iteration = state.iteration
    let frozen = state.observationStatistics
    let sigma = Float(config.noiseStd)
    var outcomes = [Outcome](repeating: Outcome(statistics: RunningMeanStd(dimension: observationSpace.count)), count: count)
    let theta = parameters
    outcomes.withUnsafeMutableBufferPointer { out in
      nonisolated(unsafe) let out = out
      executor.forEachChunk(count) { chunk, range in
        let worker = workers[chunk]
        for k in range {
          let pair = k / 2
          let sign: Float = k % 2 == 0 ? 1 : -1
          var eps = noise(pair: pair, iteration: iteration)
          for i in 0..<theta.count { worker.candidate[i] = theta[i] + sign * sigma * Float(eps.normal()) }
          var episodeSeeds = RandomStream(seed: seed).derived("episodes").derived(UInt64(iteration)).derived(UInt64(pair))
          var outcome = Outcome(statistics: RunningMeanStd(dimension: observationSpace.count))
          do {
            for _ in 0..<config.episodesPerCandidate {
              let r = try runEpisode(worker, seed: episodeSeeds.next(), normalization: frozen, statistics: &outcome.statistics)
              outcome.fitness += r.episodeReturn / Double(config.episodesPerCandidate)
              outcome.steps += r.length
              outcome.successes += r.success ? 1 : 0
            }
          } catch { outcome.error = error }
          out[k] = outcome
        }
      }
    }
    if let error = outcomes.first(where: { $0.error != nil })?.error { throw error }
    // Update.
    let ranks = centeredRanks(outcomes.map(\.fitness))
    var gradient = [Float](repeating: 0, count: parameters.count)
    for j in 0..<pairs {
      let w = Float(ranks[2 * j] - ranks[2 * j + 1]) / (Float(count) * sigma)
      var eps = noise(pair: j, iteration: iteration)
      for i in 0..<gradient.count { gradient[i] += w * Float(eps.normal()) }
    }
    let gradientNorm = globalNorm(gradient)
    for i in gradient.indices { gradient[i] = -gradient[i] + Float(config.weightDecay) * parameters[i] }
    adam.update(&parameters, gradients: gradient, learningRate: Float(config.learningRate))
    if config.normalizeObservations { for o in outcomes { state.observationStatistics.merge(o.statistics) } }
    let steps = outcomes.reduce(0) { $0 + $1.steps }
    let episodes = count * config.episodesPerCandidate
    state.iteration += 1
    state.environmentSteps += steps
    state.episodes += episodes
    state.elapsedSeconds = elapsedAtStart + clock.elapsed
    let fitness = outcomes.map(\.fitness)
    let report = TrainingProgress(
      algorithm: "es", iteration: state.iteration, environmentSteps: state.environmentSteps,
      totalEnvironmentSteps: 0, episodes: state.episodes, meanReturn: fitness.reduce(0, +) / Double(count),
      meanEpisodeLength: Double(steps) / Double(episodes),
      successRate: Double(outcomes.reduce(0) { $0 + $1.successes }) / Double(episodes), losses: [], approximateKL: nil,
      entropy: nil, learningRate: config.learningRate, stepsPerSecond: Double(steps) / max(1e-9, clock.elapsed - start),
      elapsedSeconds: state.elapsedSeconds,
      metrics: [
        Metric("fitnessMax", fitness.max()!), Metric("fitnessMin", fitness.min()!),
        Metric("gradientNorm", Double(gradientNorm)), Metric("parameterNorm", Double(globalNorm(parameters))),
      ])
    state.lastProgress = report
    return report
  }

  private func runEpisode(_ w: Worker, seed: UInt64, normalization: RunningMeanStd, statistics: inout RunningMeanStd) throws
    -> EpisodeRecord
  {
    var (obs, _) = try w.environment.reset(seed: seed)
    var total = 0.0
    var length = 0
    let norm = ObservationNormalization(statistics: normalization, clip: config.observationClip)
    while true {
      if config.normalizeObservations {
        statistics.update(obs.vector)
        w.input.withUnsafeMutableBufferPointer { norm.apply(obs.vector, into: $0.baseAddress!) }
      } else {
        for i in 0..<obs.vector.count { w.input[i] = Float(obs.vector[i]) }
      }
      let action = w.candidate.withUnsafeBufferPointer { p in
        w.input.withUnsafeBufferPointer { x in
          let out = network.forward(x.baseAddress!, batch: 1, parameters: p.baseAddress!, workspace: w.workspace)
          return ActionMapping.environmentAction(UnsafeBufferPointer(start: out, count: actionSpace.count), space: actionSpace)
        }
      }
      let r = try w.environment.step(action)
      total += r.reward
      length += 1
      obs = r.observation
      if r.terminated || r.truncated { return EpisodeRecord(episodeReturn: total, length: length, success: r.info.isSuccess) }
    }
  }

  /// The current (unperturbed) policy, acting deterministically.
  public func policy(task: String = "", configHash: String? = nil) -> GaussianMLPPolicy {
    GaussianMLPPolicy(
      network: network, head: head, parameters: parameters + head.initialParameters(),
      normalization: config.normalizeObservations
        ? ObservationNormalization(statistics: state.observationStatistics, clip: config.observationClip) : nil,
      observationSpace: observationSpace, actionSpace: actionSpace,
      provenance: PolicyProvenance(
        task: task, configHash: configHash ?? configurationHash(config), seed: seed, trainer: "es",
        environmentSteps: state.environmentSteps))
  }

  // MARK: Checkpoints

  /// Writes the parameters, Adam's moments, the observation statistics and the counters to
  /// `path` atomically. ES needs no environment state (every episode starts from a seeded
  /// reset), so a resumed run is always bit-identical.
  public func saveCheckpoint(to path: String) throws {
    var saved = state
    saved.elapsedSeconds = elapsedAtStart + clock.elapsed
    let meta = ESCheckpoint(
      formatVersion: ESCheckpoint.currentVersion, config: config, seed: seed, state: saved, adamStep: adam.step,
      observationSpace: observationSpace, actionSpace: actionSpace)
    try ParameterArchive(
      kind: ESCheckpoint.kind, metadata: meta,
      arrays: [("parameters", parameters), ("adam.firstMoment", adam.firstMoment), ("adam.secondMoment", adam.secondMoment)]
    ).write(to: path)
  }

  /// A trainer continuing from the checkpoint at `path`.
  public convenience init(resumingFrom path: String, threads: Int, makeEnvironment: (Int) throws -> any Environment) throws {
    let archive = try ParameterArchive.read(from: path, kind: ESCheckpoint.kind)
    let c = try archive.decodeMetadata(ESCheckpoint.self, file: path)
    guard c.formatVersion == ESCheckpoint.currentVersion else {
      throw LocatedError(file: path, context: "formatVersion", message: "checkpoint version \(c.formatVersion) is not supported (this build reads \(ESCheckpoint.currentVersion))")
    }
    try self.init(config: c.config, seed: c.seed, threads: threads, makeEnvironment: makeEnvironment)
    if let problem = PolicyFile.mismatch(c.observationSpace, observationSpace) {
      throw LocatedError(file: path, context: "observationSpace", message: problem)
    }
    if let problem = PolicyFile.mismatch(c.actionSpace, actionSpace) {
      throw LocatedError(file: path, context: "actionSpace", message: problem)
    }
    let n = network.parameterCount
    parameters = try archive.array("parameters", count: n, file: path)
    adam = Adam(
      beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon,
      firstMoment: try archive.array("adam.firstMoment", count: n, file: path),
      secondMoment: try archive.array("adam.secondMoment", count: n, file: path), step: c.adamStep)
    state = c.state
    elapsedAtStart = c.state.elapsedSeconds
    clock.reset()
  }
}

struct ESState: Codable {
  var iteration: Int
  var environmentSteps: Int
  var episodes: Int
  var observationStatistics: RunningMeanStd
  var elapsedSeconds: Double
  var lastProgress: TrainingProgress?
}

struct ESCheckpoint: Codable {
  static let kind = "es-checkpoint"
  static let currentVersion = 1
  var formatVersion: Int
  var config: ESConfig
  var seed: UInt64
  var state: ESState
  var adamStep: Int
  var observationSpace: BoxSpace
  var actionSpace: BoxSpace
}
