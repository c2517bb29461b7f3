import ArmatureCore
import EnvInterface
import Foundation
import Policies
import Randomization
import Tasks

/// What `armature eval` evaluates: a policy file, or a task's scripted expert.
public enum PolicySource: Hashable, Sendable {
  case expert
  case file(String)

  /// `expert`, or a path.
  public init(_ words: String) { self = words == "expert" ? .expert : .file(words) }

  public var name: String {
    switch self {
    case .expert: return "expert"
    case .file(let path): return path
    }
  }

  /// The task a policy file was trained on (nil for the expert).
  public func trainedTask() throws -> String? {
    switch self {
    case .expert: return nil
    case .file(let path): return try PolicyFile.load(path).provenance.task
    }
  }
}

/// Evaluation of a policy on a task, as `armature eval` runs it.
public struct PolicyEvaluation {
  public var task: String
  public var policy: PolicySource
  public var randomization: RandomizationChoice
  public var episodeSteps: Int?
  public var episodes: Int
  public var seed: UInt64
  public var threads: Int

  public init(
    task: String, policy: PolicySource, randomization: RandomizationChoice = .taskDefault, episodeSteps: Int? = nil,
    episodes: Int = ExperimentDefaults.finalEvaluationEpisodes, seed: UInt64 = ExperimentDefaults.evaluationSeed,
    threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.task = task
    self.policy = policy
    self.randomization = randomization
    self.episodeSteps = episodeSteps
    self.episodes = episodes
    self.seed = seed
    self.threads = threads
  }

  /// The evaluator and a maker of independent policy instances, checked against each other
  /// (a policy file must fit the task's spaces and have been trained on it).
  public func prepare() throws -> (evaluator: Evaluator, makePolicy: () -> any Policy) {
    let entry = try TaskRegistry.entry(task)
    let spec = try randomization.spec(for: entry.description)
    let evaluator = try Evaluator(task: task, options: TaskOptions(randomization: spec, episodeSteps: episodeSteps), threads: threads)
    switch policy {
    case .expert:
      return (evaluator, { evaluator.makeExpert() })
    case .file(let path):
      let loaded = try PolicyFile.load(
        path, observationSpace: evaluator.observationSpace, actionSpace: evaluator.actionSpace, task: task)
      return (evaluator, { loaded.copy() })
    }
  }

  /// Runs the evaluation; `progress` hears the number of episodes done.
  public func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> EvaluationResult {
    let (evaluator, makePolicy) = try prepare()
    return try evaluator.evaluate(episodes: episodes, seed: seed, policyName: policy.name, makePolicy: makePolicy, progress: progress)
  }
}
