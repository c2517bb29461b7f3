import ArmatureCore
import Foundation
import RL
import Randomization
import SceneDescription
import Tasks

/// An experiment: what to train on (task, its options, randomization including ADR), how (the
/// algorithm and its settings, seed, threads), for how long (the budget), and how to evaluate.
///
/// Read from YAML with every key but `task.name` optional (defaults in `ExperimentDefaults` and
/// `RLDefaults`); unknown keys, values out of range, a section for another algorithm, and
/// unknown tasks are reported together, each with its file, line and key path. Runs write the
/// resolved experiment (randomization inlined, seed and threads filled in) to their folder.
public struct ExperimentConfig: Hashable, Sendable {
  public var version = ExperimentDefaults.version
  /// The run folder's name prefix; nil takes the experiment file's name.
  public var name: String?
  public var task = TaskSettings()
  public var randomization = RandomizationChoice.taskDefault
  public var algorithm = ExperimentDefaults.algorithm
  /// The settings of each algorithm; only the chosen one's section may appear in a file.
  public var ppo = PPOConfig()
  public var es = ESConfig()
  public var bc = BCConfig()
  /// Behaviour cloning's expert demonstrations (the `demonstrations` section, BC only).
  public var demonstrations = DemonstrationSettings()
  public var seed = ExperimentDefaults.seed
  /// Threads for environment copies, candidates and evaluation; nil: every core.
  public var threads = ExperimentDefaults.threads
  public var budget = BudgetSettings(environmentSteps: RLDefaults.totalEnvironmentSteps)
  public var evaluation = EvaluationSchedule()
  public var checkpoints = CheckpointSchedule()

  public init() {}

  /// The environment-step budget the run stops at, if any.
  public var environmentStepBudget: Int? {
    switch algorithm {
    case .ppo: return ppo.totalEnvironmentSteps
    case .es: return budget.environmentSteps
    case .bc: return nil
    }
  }

  /// A hash of everything that determines a run's results (not the name, nor the thread
  /// count, which results do not depend on).
  public var hash: String {
    var key = self
    key.name = nil
    key.threads = nil
    return configurationHash(key)
  }

  // MARK: Loading

  /// Reads an experiment file. A randomization given by file path is read too and inlined; a
  /// randomization that does not fit the task is reported in the file that holds it, with the
  /// entry's key path and line.
  public static func load(file path: String) throws -> ExperimentConfig {
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let text = try ConfigLoader.readText(path)
    var config = try ConfigLoader.decode(
      ExperimentConfig.self, yaml: text, file: path, userInfo: [.experimentBaseDirectory: base])
    let task = try TaskRegistry.entry(config.task.name).description
    switch config.randomization {
    case .file(let randomizationPath):
      guard FileManager.default.fileExists(atPath: randomizationPath) else {
        throw LocatedErrors([
          LocatedError(
            file: path, line: ConfigLoader.line(of: "randomization", in: text), context: "randomization",
            message: "no such file '\(randomizationPath)'")
        ])
      }
      config.randomization = .inline(try config.randomization.spec(for: task))
    case .inline(let spec):
      try RandomizationChoice.check(spec, fits: task, file: path, keyPath: "randomization.parameters", text: text)
    case .taskDefault, .none:
      break
    }
    return config
  }

  /// Parses experiment YAML text (randomization file paths stay unresolved).
  public static func decode(yaml: String, file: String = "<experiment>") throws -> ExperimentConfig {
    try ConfigLoader.decode(ExperimentConfig.self, yaml: yaml, file: file)
  }

  /// This experiment with nothing left to defaults of the moment: the randomization inlined
  /// (the task's default spelled out), the seed and thread count given, the name set.
  public func resolved(name fallbackName: String, seed: UInt64? = nil, threads: Int? = nil) throws -> ExperimentConfig {
    var out = self
    out.name = name ?? fallbackName
    out.randomization = .inline(try randomizationSpec())
    if let seed { out.seed = seed }
    if let threads { out.threads = threads }
    if out.threads == nil { out.threads = ProcessInfo.processInfo.activeProcessorCount }
    return out
  }

  /// The randomization spec for the task.
  public func randomizationSpec() throws -> RandomizationSpec {
    try randomization.spec(for: TaskRegistry.entry(task.name).description)
  }

  /// The experiment as YAML, every key written.
  public func yaml() throws -> String { try YAMLOutput.string(self) }
}

extension ExperimentConfig: Codable {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, name, task, randomization, algorithm, ppo, es, bc, demonstrations, seed, threads, budget, evaluation
    case checkpoints
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    version = try c.value(.version, default: ExperimentDefaults.version)
    if version != ExperimentDefaults.version {
      try c.problem(.version, "experiment format version \(version) is not supported (this Armature reads \(ExperimentDefaults.version))")
    }
    name = try c.nullable(.name, default: nil, expected: "a name of letters, digits, '-', '_' and '.'") {
      !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }
    task = try c.required(.task)
    if TaskRegistry.names.contains(task.name) == false {
      try c.problem(at: "task.name", "unknown task '\(task.name)'; the tasks are: \(TaskRegistry.names.joined(separator: ", "))")
    }
    randomization = try c.value(.randomization, default: .taskDefault)
    algorithm = try c.value(.algorithm, default: ExperimentDefaults.algorithm)
    for (key, kind) in [(CodingKeys.ppo, AlgorithmKind.ppo), (.es, .es), (.bc, .bc)] where kind != algorithm && c.contains(key) {
      try c.problem(key, "settings for '\(kind.rawValue)', but the algorithm is '\(algorithm.rawValue)'")
    }
    if algorithm != .bc && c.contains(.demonstrations) {
      try c.problem(.demonstrations, "demonstrations are for algorithm 'bc', but the algorithm is '\(algorithm.rawValue)'")
    }
    ppo = try c.value(.ppo, default: PPOConfig())
    es = try c.value(.es, default: ESConfig())
    bc = try c.value(.bc, default: BCConfig())
    demonstrations = try c.value(.demonstrations, default: DemonstrationSettings())
    seed = try c.value(.seed, default: ExperimentDefaults.seed)
    threads = try c.nullable(.threads, default: ExperimentDefaults.threads, expected: "a positive integer or null") { $0 > 0 }
    budget = try c.value(.budget, default: BudgetSettings())
    evaluation = try c.value(.evaluation, default: EvaluationSchedule())
    checkpoints = try c.value(.checkpoints, default: CheckpointSchedule())

    // One budget: PPO's step budget is its trainer's totalEnvironmentSteps.
    let sectionKeys = { (key: CodingKeys) -> Set<String> in
      Set(((try? c.container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: key))?.allKeys ?? []).map(\.stringValue))
    }
    switch algorithm {
    case .ppo:
      if let steps = budget.environmentSteps {
        if sectionKeys(.ppo).contains("totalEnvironmentSteps"), steps != ppo.totalEnvironmentSteps {
          try c.problem(
            at: "budget.environmentSteps",
            "\(steps) differs from ppo.totalEnvironmentSteps (\(ppo.totalEnvironmentSteps)); give the budget once")
        }
        ppo.totalEnvironmentSteps = steps
      } else {
        budget.environmentSteps = ppo.totalEnvironmentSteps
      }
    case .es:
      break
    case .bc:
      if budget.environmentSteps != nil {
        try c.problem(at: "budget.environmentSteps", "behaviour cloning trains for bc.epochs; set null here")
      }
      if sectionKeys(.evaluation).contains("everySteps"), evaluation.everySteps != nil {
        try c.problem(
          at: "evaluation.everySteps", "behaviour cloning evaluates at the end only; set null here")
      }
      evaluation.everySteps = nil
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(version, forKey: .version)
    try c.encode(name, forKey: .name)
    try c.encode(task, forKey: .task)
    try c.encode(randomization, forKey: .randomization)
    try c.encode(algorithm, forKey: .algorithm)
    switch algorithm {
    case .ppo: try c.encode(ppo, forKey: .ppo)
    case .es: try c.encode(es, forKey: .es)
    case .bc:
      try c.encode(bc, forKey: .bc)
      try c.encode(demonstrations, forKey: .demonstrations)
    }
    try c.encode(seed, forKey: .seed)
    try c.encode(threads, forKey: .threads)
    try c.encode(budget, forKey: .budget)
    try c.encode(evaluation, forKey: .evaluation)
    try c.encode(checkpoints, forKey: .checkpoints)
  }
}

extension ExperimentConfig {
  /// The experiment `armature dump-config experiment` prints: PPO on point-reach, every default
  /// spelled out.
  public static var example: ExperimentConfig {
    var config = ExperimentConfig()
    config.name = "example"
    return config
  }
}
