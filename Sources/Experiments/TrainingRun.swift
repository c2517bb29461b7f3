import ArmatureCore
import EnvInterface
import Foundation
import Policies
import RL
import Randomization
import Tasks

/// A training run: an experiment trained in its own folder (`RunDirectory`), with metrics,
/// checkpoints, periodic and final evaluation, the policy file, and exact resumption.
///
/// The run is deterministic for its seed and thread count (in fact for its seed alone, as the
/// trainers are): every metrics field but the wall-clock ones, the checkpoints and the policy
/// are bit-identical between runs, and between a run and one stopped (Ctrl-C, or kill -9) and
/// resumed with `resume(_:)`, which drops the metrics rows written after the last checkpoint and
/// produces them again.
///
/// With ADR, the run owns the `ADRCoordinator`: every training environment copy gets it through
/// `TaskOptions`, `update()` runs after every iteration (applying episode results in copy order,
/// so the ranges do not depend on thread timing), and its state goes into each checkpoint.
public final class TrainingRun {
  public let directory: RunDirectory
  /// The resolved experiment.
  public let config: ExperimentConfig
  public let threads: Int
  /// Where an ongoing run reports (progress bar, messages).
  public var showProgress = true
  /// Called after each iteration's metrics row is written, before any checkpoint (tests use it
  /// to interrupt or kill the process at a chosen iteration).
  public var afterIteration: ((Int) -> Void)?
  /// Messages for people (the run folder, the result); the CLI prints them.
  public var log: (String) -> Void = { _ in }
  /// The trainer's last report in this process (nil before the first iteration).
  public private(set) var lastProgress: TrainingProgress?

  let spec: RandomizationSpec
  let adr: ADRCoordinator?
  let metrics: MetricsLog
  var info: RunInfo
  let resumePoint: RunCheckpoint?
  private let lock: RunLock

  private init(directory: RunDirectory, config: ExperimentConfig, info: RunInfo, resumePoint: RunCheckpoint?, lock: RunLock) throws {
    self.directory = directory
    self.lock = lock
    self.config = config
    self.threads = config.threads ?? ProcessInfo.processInfo.activeProcessorCount
    self.info = info
    self.resumePoint = resumePoint
    spec = try config.randomizationSpec()
    adr = spec.usesADR ? ADRCoordinator(ADRState(spec: spec)) : nil
    metrics = MetricsLog(folder: directory.path)
  }

  /// Starts a new run of the experiment in `experimentFile` under `runsRoot`, optionally with
  /// another seed or thread count than the file's.
  public static func start(experimentFile: String, seed: UInt64? = nil, threads: Int? = nil, runsRoot: String) throws -> TrainingRun {
    let experiment = try ExperimentConfig.load(file: experimentFile)
    let fileName = URL(fileURLWithPath: experimentFile).deletingPathExtension().lastPathComponent
    let config = try experiment.resolved(name: fileName, seed: seed, threads: threads)
    // The resolved file must read back as the same experiment, or a resumed run would differ.
    let yaml = try config.yaml()
    guard try ExperimentConfig.decode(yaml: yaml) == config else {
      throw LocatedError(file: experimentFile, message: "the resolved experiment does not read back identically (a bug in Armature)")
    }
    // Fail on bad task options before making a folder.
    _ = try TaskRegistry.make(config.task.name, options: config.task.options(randomization: try config.randomizationSpec()))
    let directory = try RunDirectory.create(root: runsRoot, name: config.name ?? fileName)
    let lock = try directory.lock()
    try AtomicFile.write(yaml, to: directory.experiment)
    var info = RunInfo(status: .running, experimentFile: experimentFile, seed: config.seed, threads: config.threads!)
    try info.write(to: directory.runInfo)
    return try TrainingRun(directory: directory, config: config, info: info, resumePoint: nil, lock: lock)
  }

  /// Continues the run in `path` from its last checkpoint (from the start when it has none),
  /// optionally on another number of threads (the results do not depend on it).
  public static func resume(_ path: String, threads: Int? = nil) throws -> TrainingRun {
    let directory = try RunDirectory.existing(path)
    let lock = try directory.lock()
    var config = try ExperimentConfig.load(file: directory.experiment)
    var info = try RunInfo.read(directory.runInfo)
    if let threads {
      config.threads = threads
      info.threads = threads
    }
    var point: RunCheckpoint?
    if FileManager.default.fileExists(atPath: directory.checkpoint) {
      let c = try RunCheckpoint.read(directory.checkpoint)
      guard c.experimentHash == config.hash else {
        throw LocatedError(
          file: directory.experiment, message: "differs from the experiment the checkpoint was written with; a run cannot be resumed with another experiment")
      }
      point = c
    }
    return try TrainingRun(directory: directory, config: config, info: info, resumePoint: point, lock: lock)
  }

  /// Checks that `experimentFile`, given the run's seed, is the experiment this run trains
  /// (for `armature train FILE --resume DIR`).
  public func checkSameExperiment(experimentFile: String) throws {
    let other = try ExperimentConfig.load(file: experimentFile).resolved(name: config.name ?? "", seed: config.seed)
    guard other.hash == config.hash else {
      throw LocatedError(file: experimentFile, message: "is not the experiment of the run in \(directory.path) (whose resolved experiment is \(directory.experiment))")
    }
  }

  /// How a call to `train()` ended.
  public enum Outcome {
    /// Trained, the policy written; the final evaluation (nil when `finalEpisodes` is 0).
    case finished(EvaluationResult?)
    /// Stopped by Ctrl-C after writing a checkpoint at this iteration (nil: behaviour cloning,
    /// which restarts).
    case stopped(iteration: Int?)
    /// The run had finished before; nothing was done.
    case alreadyFinished
  }

  /// Trains until the budget is spent or Ctrl-C (see `InterruptSignal`), then writes the policy
  /// and evaluates it.
  public func train() throws -> Outcome {
    if info.status == .finished { return .alreadyFinished }
    info.status = .running
    try info.write(to: directory.runInfo)
    let outcome: Outcome
    switch config.algorithm {
    case .ppo, .es: outcome = try trainIteratively()
    case .bc: outcome = try trainByCloning()
    }
    if case .stopped = outcome {
      info.status = .stopped
      try info.write(to: directory.runInfo)
    }
    return outcome
  }

  // MARK: Environments

  private var baseOptions: TaskOptions {
    config.task.options(randomization: spec)
  }

  /// Training environment copy `index`: the task with the run's randomization and ADR, its seeds
  /// kept in the training half of the seed space.
  func makeTrainingEnvironment(_ index: Int) throws -> any Environment {
    var options = baseOptions
    options.adr = adr
    options.copyIndex = index
    return TrainingSeedDomain(try TaskRegistry.make(config.task.name, options: options))
  }

  private func makeEvaluator() throws -> Evaluator { try Evaluator(task: config.task.name, options: baseOptions, threads: threads) }

  // MARK: PPO and ES

  private func trainIteratively() throws -> Outcome {
    let trainer: any IterativeTrainer
    var complete = false
    if let point = resumePoint, let file = point.trainerCheckpoint {
      let path = directory.path + "/" + file
      switch config.algorithm {
      case .ppo:
        let ppo = try PPOTrainer(resumingFrom: path, threads: threads, makeEnvironment: makeTrainingEnvironment)
        if !ppo.canResumeExactly { log("warning: the task's environments cannot save their state; the resumed run restarts its episodes") }
        trainer = ppo
      case .es: trainer = try ESTrainer(resumingFrom: path, threads: threads, makeEnvironment: makeTrainingEnvironment)
      case .bc: preconditionFailure("behaviour cloning is not iterative")
      }
      if let adr, let state = point.adr { adr.restore(state) }
      try metrics.truncate(keepingIterations: point.iteration)
      complete = point.trainingComplete
      log("resuming \(directory.path) at iteration \(point.iteration) (\(point.environmentSteps) environment steps)")
    } else {
      switch config.algorithm {
      case .ppo: trainer = try PPOTrainer(config: config.ppo, seed: config.seed, threads: threads, makeEnvironment: makeTrainingEnvironment)
      case .es: trainer = try ESTrainer(config: config.es, seed: config.seed, threads: threads, makeEnvironment: makeTrainingEnvironment)
      case .bc: preconditionFailure("behaviour cloning is not iterative")
      }
      try metrics.truncate(keepingIterations: 0)
    }
    let evaluator = try makeEvaluator()
    let bar = showProgress ? makeProgressBar(done: trainer.environmentSteps, iteration: trainer.iteration) : nil
    var lastReport: TrainingProgress?
    var lastEvaluation: EvaluationSummary?
    while !complete {
      let before = trainer.environmentSteps
      let report = try trainer.iterate()
      lastReport = report
      lastProgress = report
      adr?.update()
      var evaluation: EvaluationSummary?
      if let every = config.evaluation.everySteps, report.environmentSteps / every > before / every {
        let policy = trainer.policy(task: config.task.name, configHash: config.hash)
        evaluation = EvaluationSummary(
          try evaluator.evaluate(
            episodes: config.evaluation.episodes, seed: config.evaluation.seed, policyName: "iteration \(report.iteration)",
            makePolicy: { policy.copy() }))
        lastEvaluation = evaluation
      }
      try metrics.append(MetricsRow(progress: report, adrEntropy: adr?.state.entropy, evaluation: evaluation))
      afterIteration?(report.iteration)
      complete = trainer.isFinished || budgetSpent(report)
      let stopping = InterruptSignal.isRequested
      if complete || stopping || report.iteration % config.checkpoints.everyIterations == 0 {
        try checkpoint(trainer, complete: complete)
      }
      bar?.update(progressValue(report), extra: progressExtras(report, evaluation: lastEvaluation))
      if stopping && !complete {
        bar?.finish(progressValue(report), extra: progressExtras(report, evaluation: lastEvaluation))
        return .stopped(iteration: report.iteration)
      }
    }
    if let lastReport { bar?.finish(progressValue(lastReport), extra: progressExtras(lastReport, evaluation: lastEvaluation)) }
    let policy = trainer.policy(task: config.task.name, configHash: config.hash)
    return .finished(try finish(policy: policy, evaluator: evaluator))
  }

  private func budgetSpent(_ report: TrainingProgress) -> Bool {
    if let steps = config.environmentStepBudget, report.environmentSteps >= steps { return true }
    if let seconds = config.budget.wallSeconds, report.elapsedSeconds >= seconds { return true }
    return false
  }

  private func checkpoint(_ trainer: any IterativeTrainer, complete: Bool) throws {
    let name = RunDirectory.trainerCheckpointName(iteration: trainer.iteration)
    try trainer.saveCheckpoint(to: directory.path + "/" + name)
    try metrics.synchronize()
    try RunCheckpoint(
      iteration: trainer.iteration, environmentSteps: trainer.environmentSteps, trainerCheckpoint: name, adr: adr?.state,
      trainingComplete: complete, experimentHash: config.hash
    ).write(to: directory.checkpoint)
    try writeLearningCurve()
    // Older trainer files (and any a crash left half-made) are no longer referred to.
    let keep = URL(fileURLWithPath: name).lastPathComponent
    for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.checkpointsFolder)) ?? [] where file != keep {
      try? FileManager.default.removeItem(atPath: directory.checkpointsFolder + "/" + file)
    }
  }

  /// Redraws `learning-curve.png` from the metrics so far.
  func writeLearningCurve() throws {
    let title = "\(config.name ?? config.task.name): \(config.task.name), \(config.algorithm.rawValue), seed \(config.seed)"
    try LearningCurve(title: title, points: metrics.points, stepBudget: config.environmentStepBudget).write(to: directory.learningCurve)
  }

  // MARK: Behaviour cloning

  private func trainByCloning() throws -> Outcome {
    // Behaviour cloning has no intermediate checkpoints: a resumed run starts again (it is
    // deterministic, so it produces the same rows).
    try metrics.truncate(keepingIterations: 0)
    let environment = try makeTrainingEnvironment(0)
    guard let task = (environment as? TrainingSeedDomain)?.inner as? any TaskEnvironment else {
      preconditionFailure("training environments are task environments in a seed domain")
    }
    log("recording \(config.demonstrations.episodes) expert demonstrations")
    let data = try Demonstrations.collect(
      expert: task.makeExpert(), environment: environment, episodes: config.demonstrations.episodes, seed: config.seed,
      onlySuccessful: config.demonstrations.onlySuccessful)
    guard data.count > 0 else {
      throw LocatedError(file: directory.experiment, context: "demonstrations", message: "the expert succeeded in none of \(data.episodes) episodes; nothing to learn from")
    }
    log("\(data.successfulEpisodes) of \(data.episodes) expert episodes succeeded; \(data.count) samples")
    let bar = showProgress ? ProgressBar(total: Double(config.bc.epochs), unit: "epochs") : nil
    var stopped = false
    var last: TrainingProgress?
    let policy = try BehaviourCloning.train(demonstrations: data, config: config.bc, seed: config.seed, task: config.task.name) {
      report in
      last = report
      self.lastProgress = report
      do { try self.metrics.append(MetricsRow(progress: report, adrEntropy: nil, evaluation: nil)) } catch {
        self.log("cannot write metrics: \(error)")
        stopped = true
        return .stop
      }
      self.afterIteration?(report.iteration)
      bar?.update(Double(report.iteration), extra: [("loss", String(format: "%.4f", report.losses.first?.value ?? 0))])
      if InterruptSignal.isRequested {
        stopped = true
        return .stop
      }
      if let seconds = self.config.budget.wallSeconds, report.elapsedSeconds >= seconds { return .stop }
      return .proceed
    }
    if let last { bar?.finish(Double(last.iteration)) }
    if stopped { return .stopped(iteration: nil) }
    policy.provenance.configHash = config.hash
    return .finished(try finish(policy: policy, evaluator: try makeEvaluator()))
  }

  // MARK: The end

  /// Writes the policy, evaluates it, and marks the run finished.
  private func finish(policy: GaussianMLPPolicy, evaluator: Evaluator) throws -> EvaluationResult? {
    try PolicyFile.save(policy, to: directory.policy)
    var result: EvaluationResult?
    if config.evaluation.finalEpisodes > 0 {
      let episodes = config.evaluation.finalEpisodes
      let bar = showProgress ? ProgressBar(total: Double(episodes), unit: "episodes") : nil
      let r = try evaluator.evaluate(
        episodes: episodes, seed: config.evaluation.seed, policyName: directory.policy, makePolicy: { policy.copy() },
        progress: bar.map { bar in { @Sendable done in bar.update(Double(done)) } })
      bar?.finish(Double(episodes))
      try AtomicFile.write(r.json.serialized() + "\n", to: directory.evaluation)
      result = r
    }
    info.status = .finished
    try info.write(to: directory.runInfo)
    return result
  }

  // MARK: Progress

  private func makeProgressBar(done steps: Int, iteration: Int) -> ProgressBar {
    if let budget = config.environmentStepBudget {
      return ProgressBar(total: Double(budget), unit: "steps", start: Double(steps))
    }
    return ProgressBar(total: Double(config.es.iterations), unit: "iterations", start: Double(iteration))
  }

  private func progressValue(_ report: TrainingProgress) -> Double {
    config.environmentStepBudget != nil ? Double(report.environmentSteps) : Double(report.iteration)
  }

  private func progressExtras(_ report: TrainingProgress, evaluation: EvaluationSummary?) -> [(String, String)] {
    var extras: [(String, String)] = []
    if config.environmentStepBudget == nil { extras.append(("steps/s", String(format: "%.0f", report.stepsPerSecond))) }
    if let s = report.successRate { extras.append(("success", String(format: "%.2f", s))) }
    if let r = report.meanReturn { extras.append(("return", String(format: "%.2f", r))) }
    if let e = evaluation { extras.append(("eval", String(format: "%.2f", e.successRate))) }
    if let adr { extras.append(("ADR H", String(format: "%.2f", adr.state.entropy))) }
    return extras
  }
}
