import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies

/// Proximal policy optimization (Schulman et al. 2017) with vectorized rollouts, GAE(λ),
/// bootstrapping at time limits, observation and reward normalization, minibatch epochs with
/// KL early stopping, and checkpoints from which a run resumes bit-identically.
///
/// Runs are deterministic for a given seed, configuration and thread count; in fact the thread
/// count only spreads environment copies over cores, so results are the same for every count.
public final class PPOTrainer {
  public let config: PPOConfig
  public let seed: UInt64
  public let environment: VectorEnvironment
  let model: ActorCritic
  let obsCount: Int
  let actionCount: Int
  /// The flat parameter vector [actor | log-stds | critic].
  public private(set) var parameters: [Float]
  var adam: Adam
  var state: PPOState
  private var clock = Stopwatch()
  private var elapsedAtStart: Double

  // Rollout storage, indexed by t·N + i.
  private var observations: [Float]
  private var latents: [Float]
  private var logProbabilities: [Float]
  private var values: [Double]
  private var rewards: [Double]
  private var terminated: [Bool]
  private var ended: [Bool]
  private var nextValues: [Double]
  private var advantages: [Double]
  private var returns: [Double]
  /// Normalized final observations of truncated steps, to bootstrap from: (sample index, input).
  private var truncations: [(index: Int, input: [Float])] = []

  private let actorWorkspace: Workspace
  private let criticWorkspace: Workspace
  private var gradients: [Float]

  /// A fresh trainer: makes `config.environments` copies with `makeEnvironment(i)` and resets
  /// them from `seed`.
  public init(config: PPOConfig, seed: UInt64, threads: Int, makeEnvironment: (Int) throws -> any Environment) throws {
    self.config = config
    self.seed = seed
    environment = try VectorEnvironment(count: config.environments, threads: threads, make: makeEnvironment)
    obsCount = environment.observationSpace.count
    actionCount = environment.actionSpace.count
    model = try ActorCritic(observationCount: obsCount, actionCount: actionCount, config: config)
    var initRNG = RandomStream(seed: seed).derived("initialization")
    parameters = model.initialParameters(using: &initRNG)
    adam = Adam(parameterCount: model.parameterCount, epsilon: Float(config.adamEpsilon))
    let root = RandomStream(seed: seed)
    state = PPOState(
      iteration: 0, environmentSteps: 0, observationStatistics: RunningMeanStd(dimension: obsCount),
      returnStatistics: RunningMeanStd(dimension: 1),
      discountedReturns: [Double](repeating: 0, count: config.environments), samplingStream: root.derived("sampling"),
      shuffleStream: root.derived("minibatches"), currentObservations: [],
      runningReturns: [Double](repeating: 0, count: config.environments),
      runningLengths: [Int](repeating: 0, count: config.environments), episodes: EpisodeWindow(capacity: config.statisticsWindow),
      elapsedSeconds: 0, lastProgress: nil)
    let n = config.rolloutSize
    observations = [Float](repeating: 0, count: n * obsCount)
    latents = [Float](repeating: 0, count: n * actionCount)
    logProbabilities = [Float](repeating: 0, count: n)
    values = [Double](repeating: 0, count: n)
    rewards = [Double](repeating: 0, count: n)
    terminated = [Bool](repeating: false, count: n)
    ended = [Bool](repeating: false, count: n)
    nextValues = [Double](repeating: 0, count: n)
    advantages = [Double](repeating: 0, count: n)
    returns = [Double](repeating: 0, count: n)
    let capacity = max(config.environments, config.minibatchSize)
    actorWorkspace = model.actor.makeWorkspace(capacity: capacity)
    criticWorkspace = model.critic.makeWorkspace(capacity: capacity)
    gradients = [Float](repeating: 0, count: model.parameterCount)
    elapsedAtStart = 0
    let first = try environment.reset(seed: root.derived("environments").seed)
    state.currentObservations = first.map(\.observation.vector)
    if config.normalizeObservations { state.observationStatistics.update(batch: state.currentObservations) }
  }

  /// Whether the step budget is spent.
  public var isFinished: Bool { state.environmentSteps >= config.totalEnvironmentSteps }
  /// Environment steps taken.
  public var environmentSteps: Int { state.environmentSteps }
  /// Iterations (rollout + update) done.
  public var iteration: Int { state.iteration }

  /// Trains until the budget is spent or `progress` says stop; returns the last report.
  @discardableResult
  public func train(progress: (TrainingProgress) -> TrainingControl = { _ in .proceed }) throws -> TrainingProgress? {
    while !isFinished {
      let report = try iterate()
      if progress(report) == .stop { return report }
    }
    return state.lastProgress
  }

  /// One rollout of `rolloutSteps` steps on every copy, then the update.
  public func iterate() throws -> TrainingProgress {
    let startTime = clock.elapsed
    let startSteps = state.environmentSteps
    try collectRollout()
    let update = try updateModel()
    state.iteration += 1
    state.elapsedSeconds = elapsedAtStart + clock.elapsed
    let seconds = max(1e-9, clock.elapsed - startTime)
    let report = TrainingProgress(
      algorithm: "ppo", iteration: state.iteration, environmentSteps: state.environmentSteps,
      totalEnvironmentSteps: config.totalEnvironmentSteps, episodes: state.episodes.total, meanReturn: state.episodes.meanReturn,
      meanEpisodeLength: state.episodes.meanLength, successRate: state.episodes.successRate,
      losses: [Metric("policy", update.policyLoss), Metric("value", update.valueLoss), Metric("entropy", -update.entropy)],
      approximateKL: update.approximateKL, entropy: update.entropy, learningRate: update.learningRate,
      stepsPerSecond: Double(state.environmentSteps - startSteps) / seconds, elapsedSeconds: state.elapsedSeconds,
      metrics: [
        Metric("clipFraction", update.clipFraction), Metric("explainedVariance", update.explainedVariance),
        Metric("epochs", Double(update.epochs)), Metric("gradientNorm", update.gradientNorm),
        Metric("logStdMean", update.meanLogStd),
      ])
    state.lastProgress = report
    return report
  }

  // MARK: Rollout

  private func normalizedInput(_ vector: [Double], into out: UnsafeMutablePointer<Float>) {
    if config.normalizeObservations {
      ObservationNormalization(statistics: state.observationStatistics, clip: config.observationClip).apply(vector, into: out)
    } else {
      for i in 0..<vector.count { out[i] = Float(vector[i]) }
    }
  }

  private func collectRollout() throws {
    let n = config.environments
    let (obsCount, actionCount) = (self.obsCount, self.actionCount)
    truncations.removeAll(keepingCapacity: true)
    var stepActions = [Float](repeating: 0, count: n * actionCount)
    for t in 0..<config.rolloutSteps {
      let base = t * n
      // Normalize the observations about to be acted on (the statistics already include them).
      observations.withUnsafeMutableBufferPointer { obs in
        for i in 0..<n { normalizedInput(state.currentObservations[i], into: obs.baseAddress! + (base + i) * obsCount) }
      }
      // Act: sample from the policy; evaluate the critic.
      parameters.withUnsafeBufferPointer { p in
        observations.withUnsafeBufferPointer { obs in
          latents.withUnsafeMutableBufferPointer { lat in
            logProbabilities.withUnsafeMutableBufferPointer { logp in
              stepActions.withUnsafeMutableBufferPointer { act in
                let x = obs.baseAddress! + base * obsCount
                let out = model.actor.forward(x, batch: n, parameters: p.baseAddress!, workspace: actorWorkspace)
                model.head.sample(
                  out, batch: n, parameters: p.baseAddress! + model.headOffset, using: &state.samplingStream,
                  latents: lat.baseAddress! + base * actionCount, actions: act.baseAddress!,
                  logProbabilities: logp.baseAddress! + base)
                let v = model.critic.forward(
                  x, batch: n, parameters: p.baseAddress! + model.criticOffset, workspace: criticWorkspace)
                for i in 0..<n { values[base + i] = Double(v[i]) }
              }
            }
          }
        }
      }
      let actions = (0..<n).map { i in
        ActionMapping.environmentAction(
          (0..<actionCount).map { Double(stepActions[i * actionCount + $0]) }, space: environment.actionSpace)
      }
      let results = try environment.step(actions)
      state.environmentSteps += n
      // Observation statistics take the new observations first, as they are what comes next.
      let next = results.map(\.observation.vector)
      if config.normalizeObservations { state.observationStatistics.update(batch: next) }
      for i in 0..<n {
        let r = results[i]
        let k = base + i
        terminated[k] = r.terminated
        ended[k] = r.terminated || r.truncated
        rewards[k] = r.reward
        state.runningReturns[i] += r.reward
        state.runningLengths[i] += 1
        if r.truncated && !r.terminated, let final = r.info.finalObservation {
          var input = [Float](repeating: 0, count: obsCount)
          input.withUnsafeMutableBufferPointer { normalizedInput(final.vector, into: $0.baseAddress!) }
          truncations.append((k, input))
        }
        if ended[k] {
          state.episodes.append(
            EpisodeRecord(episodeReturn: state.runningReturns[i], length: state.runningLengths[i], success: r.info.isSuccess))
          state.runningReturns[i] = 0
          state.runningLengths[i] = 0
        }
      }
      if config.normalizeRewards {
        var batch: [[Double]] = []
        for i in 0..<n {
          state.discountedReturns[i] = state.discountedReturns[i] * config.gamma + rewards[base + i]
          batch.append([state.discountedReturns[i]])
        }
        state.returnStatistics.update(batch: batch)
        let scale = 1 / (state.returnStatistics.variance[0] + 1e-8).squareRoot()
        for i in 0..<n {
          rewards[base + i] = min(config.rewardClip, max(-config.rewardClip, rewards[base + i] * scale))
          if ended[base + i] { state.discountedReturns[i] = 0 }
        }
      }
      state.currentObservations = next
    }
    try computeAdvantages()
  }

  private func criticValues(_ inputs: [Float], count: Int) -> [Double] {
    guard count > 0 else { return [] }
    var out = [Double](repeating: 0, count: count)
    parameters.withUnsafeBufferPointer { p in
      inputs.withUnsafeBufferPointer { x in
        var start = 0
        let chunk = max(config.environments, config.minibatchSize)
        while start < count {
          let m = min(chunk, count - start)
          let v = model.critic.forward(
            x.baseAddress! + start * obsCount, batch: m, parameters: p.baseAddress! + model.criticOffset,
            workspace: criticWorkspace)
          for i in 0..<m { out[start + i] = Double(v[i]) }
          start += m
        }
      }
    }
    return out
  }

  private func computeAdvantages() throws {
    let n = config.environments
    let steps = config.rolloutSteps
    // Values of the observations after the last step (bootstrap) and of truncated finals.
    var last = [Float](repeating: 0, count: n * obsCount)
    last.withUnsafeMutableBufferPointer { buf in
      for i in 0..<n { normalizedInput(state.currentObservations[i], into: buf.baseAddress! + i * obsCount) }
    }
    let bootstrap = criticValues(last, count: n)
    let finalValues = criticValues(truncations.flatMap(\.input), count: truncations.count)
    for t in 0..<steps {
      for i in 0..<n {
        let k = t * n + i
        nextValues[k] = t + 1 < steps ? values[k + n] : bootstrap[i]
      }
    }
    for (j, tr) in truncations.enumerated() { nextValues[tr.index] = finalValues[j] }
    for i in 0..<n {
      let ks = (0..<steps).map { $0 * n + i }
      let adv = generalizedAdvantages(
        rewards: ks.map { rewards[$0] }, values: ks.map { values[$0] }, nextValues: ks.map { nextValues[$0] },
        terminated: ks.map { terminated[$0] }, episodeEnded: ks.map { ended[$0] }, gamma: config.gamma,
        lambda: config.gaeLambda)
      for (t, k) in ks.enumerated() {
        advantages[k] = adv[t]
        returns[k] = adv[t] + values[k]
      }
    }
  }

  // MARK: Update

  struct UpdateSummary {
    var policyLoss = 0.0
    var valueLoss = 0.0
    var entropy = 0.0
    var approximateKL = 0.0
    var clipFraction = 0.0
    var explainedVariance = 0.0
    var epochs = 0
    var gradientNorm = 0.0
    var learningRate = 0.0
    var meanLogStd = 0.0
  }

  private func updateModel() throws -> UpdateSummary {
    let total = config.rolloutSize
    let m = config.minibatchSize
    let (obsCount, actionCount) = (self.obsCount, self.actionCount)
    let headInputs = model.head.inputCount
    let progress = Double(state.environmentSteps) / Double(config.totalEnvironmentSteps)
    let lr = config.learningRateSchedule.schedule(initial: config.learningRate, final: config.finalLearningRate)
      .rate(at: progress)
    var summary = UpdateSummary()
    summary.learningRate = Double(lr)
    summary.explainedVariance = PPOObjective.explainedVariance(values: values, returns: returns)
    var batchObs = [Float](repeating: 0, count: m * obsCount)
    var batchLatents = [Float](repeating: 0, count: m * actionCount)
    var newLogp = [Float](repeating: 0, count: m)
    var entropies = [Float](repeating: 0, count: m)
    var weights = [Float](repeating: 0, count: m)
    var outputGradient = [Float](repeating: 0, count: m * headInputs)
    var valueGradient = [Float](repeating: 0, count: m)
    var order = Array(0..<total)
    var minibatches = 0
    var stop = false
    for _ in 0..<config.epochs where !stop {
      // Fisher–Yates shuffle from the trainer's own stream.
      for i in stride(from: total - 1, to: 0, by: -1) {
        order.swapAt(i, state.shuffleStream.integer(below: i + 1))
      }
      var start = 0
      while start + m <= total {
        let idx = order[start..<(start + m)]
        start += m
        // Gather.
        batchObs.withUnsafeMutableBufferPointer { bo in
          observations.withUnsafeBufferPointer { o in
            for (r, k) in idx.enumerated() { (bo.baseAddress! + r * obsCount).update(from: o.baseAddress! + k * obsCount, count: obsCount) }
          }
        }
        batchLatents.withUnsafeMutableBufferPointer { bl in
          latents.withUnsafeBufferPointer { l in
            for (r, k) in idx.enumerated() {
              (bl.baseAddress! + r * actionCount).update(from: l.baseAddress! + k * actionCount, count: actionCount)
            }
          }
        }
        let oldLogp = idx.map { Double(logProbabilities[$0]) }
        var adv = idx.map { advantages[$0] }
        if config.normalizeAdvantages { adv = PPOObjective.normalizedAdvantages(adv) }
        let ret = idx.map { returns[$0] }
        let oldValues = idx.map { values[$0] }
        for g in gradients.indices { gradients[g] = 0 }
        var surrogate: (loss: Double, gradient: [Double], clipFraction: Double, approximateKL: Double) = (0, [], 0, 0)
        var valueTerm: (loss: Double, gradient: [Double]) = (0, [])
        var meanEntropy = 0.0
        parameters.withUnsafeBufferPointer { p in
          batchObs.withUnsafeBufferPointer { x in
            batchLatents.withUnsafeBufferPointer { lat in
              gradients.withUnsafeMutableBufferPointer { g in
                newLogp.withUnsafeMutableBufferPointer { lp in
                  entropies.withUnsafeMutableBufferPointer { ent in
                    weights.withUnsafeMutableBufferPointer { w in
                      outputGradient.withUnsafeMutableBufferPointer { dOut in
                        valueGradient.withUnsafeMutableBufferPointer { dV in
                          let pa = p.baseAddress!
                          let out = model.actor.forward(x.baseAddress!, batch: m, parameters: pa, workspace: actorWorkspace)
                          model.head.logProbability(
                            out, batch: m, parameters: pa + model.headOffset, latents: lat.baseAddress!, into: lp.baseAddress!)
                          model.head.entropy(out, batch: m, parameters: pa + model.headOffset, into: ent.baseAddress!)
                          surrogate = PPOObjective.clippedSurrogate(
                            newLogProbabilities: lp.map(Double.init), oldLogProbabilities: oldLogp, advantages: adv,
                            clipRange: config.clipRange)
                          meanEntropy = ent.reduce(0.0) { $0 + Double($1) } / Double(m)
                          if let target = config.targetKL, surrogate.approximateKL > 1.5 * target { return }
                          for r in 0..<m { w[r] = Float(surrogate.gradient[r]) }
                          model.head.backward(
                            out, batch: m, parameters: pa + model.headOffset, latents: lat.baseAddress!,
                            logProbabilityWeights: w.baseAddress!, entropyWeight: Float(-config.entropyCoefficient / Double(m)),
                            outputGradient: dOut.baseAddress!, parameterGradient: g.baseAddress! + model.headOffset)
                          model.actor.backward(
                            outputGradient: dOut.baseAddress!, parameters: pa, gradients: g.baseAddress!, workspace: actorWorkspace)
                          let v = model.critic.forward(
                            x.baseAddress!, batch: m, parameters: pa + model.criticOffset, workspace: criticWorkspace)
                          valueTerm = PPOObjective.valueLoss(
                            values: (0..<m).map { Double(v[$0]) }, oldValues: oldValues, returns: ret,
                            clipRange: config.valueClipRange)
                          for r in 0..<m { dV[r] = Float(config.valueCoefficient * valueTerm.gradient[r]) }
                          model.critic.backward(
                            outputGradient: dV.baseAddress!, parameters: pa + model.criticOffset,
                            gradients: g.baseAddress! + model.criticOffset, workspace: criticWorkspace)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        if let target = config.targetKL, surrogate.approximateKL > 1.5 * target {
          stop = true
          summary.approximateKL = surrogate.approximateKL
          break
        }
        summary.gradientNorm = Double(clipByGlobalNorm(&gradients, maxNorm: Float(config.maxGradientNorm)))
        adam.update(&parameters, gradients: gradients, learningRate: lr)
        minibatches += 1
        summary.policyLoss += surrogate.loss
        summary.valueLoss += valueTerm.loss
        summary.entropy += meanEntropy
        summary.approximateKL += surrogate.approximateKL
        summary.clipFraction += surrogate.clipFraction
      }
      summary.epochs += 1
    }
    if minibatches > 0 {
      let k = Double(minibatches)
      summary.policyLoss /= k
      summary.valueLoss /= k
      summary.entropy /= k
      summary.clipFraction /= k
      if !stop { summary.approximateKL /= k }
    }
    let logStds = parameters[model.headOffset..<model.criticOffset]
    summary.meanLogStd = logStds.isEmpty ? 0 : logStds.reduce(0.0) { $0 + Double($1) } / Double(logStds.count)
    return summary
  }

  // MARK: Policy export

  /// The current policy as a deployable `GaussianMLPPolicy` (deterministic action selection).
  public func policy(task: String = "", configHash: String? = nil) -> GaussianMLPPolicy {
    GaussianMLPPolicy(
      network: model.actor, head: model.head, parameters: Array(parameters[0..<model.criticOffset]),
      normalization: config.normalizeObservations
        ? ObservationNormalization(statistics: state.observationStatistics, clip: config.observationClip) : nil,
      observationSpace: environment.observationSpace, actionSpace: environment.actionSpace,
      provenance: PolicyProvenance(
        task: task, configHash: configHash ?? configurationHash(config), seed: seed, trainer: "ppo",
        environmentSteps: state.environmentSteps))
  }

  // MARK: Checkpoints

  /// Everything needed to continue: the parameters, Adam's moments, the normalizers, the random
  /// streams, the counters, the rollout's current observations, and the environments' states
  /// when they can be saved (`RestorableEnvironment`).
  func checkpointArchive() throws -> ParameterArchive {
    var saved = state
    saved.elapsedSeconds = elapsedAtStart + clock.elapsed
    let metadata = PPOCheckpoint(
      formatVersion: PPOCheckpoint.currentVersion, config: config, seed: seed, state: saved, adamStep: adam.step,
      observationSpace: environment.observationSpace, actionSpace: environment.actionSpace,
      environmentStates: environment.saveStates())
    return try ParameterArchive(
      kind: PPOCheckpoint.kind, metadata: metadata,
      arrays: [("parameters", parameters), ("adam.firstMoment", adam.firstMoment), ("adam.secondMoment", adam.secondMoment)])
  }

  /// Writes a checkpoint to `path` atomically.
  public func saveCheckpoint(to path: String) throws { try checkpointArchive().write(to: path) }

  /// Whether a checkpoint taken now would resume bit-identically (every environment copy can
  /// save its state).
  public var canResumeExactly: Bool { environment.saveStates() != nil }

  /// A trainer continuing from the checkpoint at `path`, with environments from
  /// `makeEnvironment`. With restorable environments the continuation is bit-identical to the
  /// run that wrote the checkpoint; otherwise the environments restart from a seed derived from
  /// the iteration.
  public convenience init(resumingFrom path: String, threads: Int, makeEnvironment: (Int) throws -> any Environment) throws {
    let archive = try ParameterArchive.read(from: path, kind: PPOCheckpoint.kind)
    let c = try archive.decodeMetadata(PPOCheckpoint.self, file: path)
    guard c.formatVersion == PPOCheckpoint.currentVersion else {
      throw LocatedError(file: path, context: "formatVersion", message: "checkpoint version \(c.formatVersion) is not supported (this build reads \(PPOCheckpoint.currentVersion))")
    }
    try self.init(config: c.config, seed: c.seed, threads: threads, makeEnvironment: makeEnvironment)
    if let problem = PolicyFile.mismatch(c.observationSpace, environment.observationSpace) {
      throw LocatedError(file: path, context: "observationSpace", message: problem)
    }
    if let problem = PolicyFile.mismatch(c.actionSpace, environment.actionSpace) {
      throw LocatedError(file: path, context: "actionSpace", message: problem)
    }
    let count = model.parameterCount
    parameters = try archive.array("parameters", count: count, file: path)
    adam = Adam(
      beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon,
      firstMoment: try archive.array("adam.firstMoment", count: count, file: path),
      secondMoment: try archive.array("adam.secondMoment", count: count, file: path), step: c.adamStep)
    state = c.state
    elapsedAtStart = c.state.elapsedSeconds
    clock.reset()
    if let states = c.environmentStates {
      do { try environment.restoreStates(states) } catch {
        throw LocatedError(file: path, context: "environmentStates", message: String(describing: error))
      }
    } else {
      let restart = try environment.reset(seed: RandomStream(seed: seed).derived("resume-\(state.iteration)").seed)
      state.currentObservations = restart.map(\.observation.vector)
      state.runningReturns = [Double](repeating: 0, count: config.environments)
      state.runningLengths = [Int](repeating: 0, count: config.environments)
      state.discountedReturns = [Double](repeating: 0, count: config.environments)
    }
  }
}

/// The trainer's state besides parameters and optimizer moments.
struct PPOState: Codable {
  var iteration: Int
  var environmentSteps: Int
  var observationStatistics: RunningMeanStd
  var returnStatistics: RunningMeanStd
  var discountedReturns: [Double]
  var samplingStream: RandomStream
  var shuffleStream: RandomStream
  var currentObservations: [[Double]]
  var runningReturns: [Double]
  var runningLengths: [Int]
  var episodes: EpisodeWindow
  var elapsedSeconds: Double
  var lastProgress: TrainingProgress?
}

/// The metadata of a PPO checkpoint archive.
struct PPOCheckpoint: Codable {
  static let kind = "ppo-checkpoint"
  static let currentVersion = 1
  var formatVersion: Int
  var config: PPOConfig
  var seed: UInt64
  var state: PPOState
  var adamStep: Int
  var observationSpace: BoxSpace
  var actionSpace: BoxSpace
  var environmentStates: [Data]?
}
