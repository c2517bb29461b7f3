import Randomization
import SceneDescription
import Tasks

/// The task an experiment trains on and how its environments are made.
public struct TaskSettings: Hashable, Sendable, Codable {
  /// A task registry name (`point-reach`, `reach`, …).
  public var name: String
  /// Control steps per episode; nil keeps the task's own.
  public var episodeSteps: Int?
  /// Scene cameras whose images go into observations (empty: state only).
  public var cameras: [String]
  /// The images each camera gives: `rgb`, `depth`, `segmentation`.
  public var images: [ImageKind]
  /// Image size in pixels; nil keeps the scene camera's.
  public var imageWidth: Int?
  public var imageHeight: Int?

  public init(
    name: String = ExperimentDefaults.task, episodeSteps: Int? = nil, cameras: [String] = [], images: [ImageKind] = [.rgb],
    imageWidth: Int? = nil, imageHeight: Int? = nil
  ) {
    self.name = name
    self.episodeSteps = episodeSteps
    self.cameras = cameras
    self.images = images
    self.imageWidth = imageWidth
    self.imageHeight = imageHeight
  }

  /// Task options with these settings and `randomization`.
  public func options(randomization: RandomizationSpec?) -> TaskOptions {
    TaskOptions(
      randomization: randomization, cameras: cameras, imageKinds: images, imageWidth: imageWidth, imageHeight: imageHeight,
      episodeSteps: episodeSteps)
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, episodeSteps, cameras, images, imageWidth, imageHeight }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.required(.name)
    episodeSteps = try c.nullable(.episodeSteps, default: nil, expected: "a positive integer or null") { $0 > 0 }
    cameras = try c.value(.cameras, default: [])
    images = try c.value(.images, default: [.rgb])
    if !cameras.isEmpty && images.isEmpty { try c.problem(.images, "cameras are asked for but no images (rgb, depth, segmentation)") }
    imageWidth = try c.nullable(.imageWidth, default: nil, expected: "1…4096 pixels or null") { (1...4096).contains($0) }
    imageHeight = try c.nullable(.imageHeight, default: nil, expected: "1…4096 pixels or null") { (1...4096).contains($0) }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(episodeSteps, forKey: .episodeSteps)
    try c.encode(cameras, forKey: .cameras)
    if !cameras.isEmpty {
      try c.encode(images, forKey: .images)
      try c.encode(imageWidth, forKey: .imageWidth)
      try c.encode(imageHeight, forKey: .imageHeight)
    }
  }
}

/// When a run stops: after `environmentSteps` environment steps or `wallSeconds` of wall-clock
/// time, whichever comes first, and at the end of the algorithm's own schedule (ES iterations,
/// BC epochs). A wall-clock limit makes the stopping point depend on the machine.
public struct BudgetSettings: Hashable, Sendable, Codable {
  /// For PPO this is the trainer's `totalEnvironmentSteps` (the horizon of its learning-rate
  /// schedule); nil there means `ppo.totalEnvironmentSteps`. For ES nil means no step limit; BC
  /// takes none.
  public var environmentSteps: Int?
  public var wallSeconds: Double?

  public init(environmentSteps: Int? = nil, wallSeconds: Double? = ExperimentDefaults.wallSeconds) {
    self.environmentSteps = environmentSteps
    self.wallSeconds = wallSeconds
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case environmentSteps, wallSeconds }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    environmentSteps = try c.nullable(.environmentSteps, default: nil, expected: "a positive integer or null") { $0 > 0 }
    wallSeconds = try c.nullable(.wallSeconds, default: ExperimentDefaults.wallSeconds, expected: "a positive number or null") {
      $0 > 0 && $0.isFinite
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(environmentSteps, forKey: .environmentSteps)
    try c.encode(wallSeconds, forKey: .wallSeconds)
  }
}

/// When and how a run evaluates its policy: the deterministic policy on separate environment
/// copies, over fixed seeded episodes (disjoint from training episodes, see `EpisodeSeeds`).
public struct EvaluationSchedule: Hashable, Sendable, Codable {
  /// Evaluate whenever the environment-step count crosses a multiple of this; nil: only at the
  /// end.
  public var everySteps: Int?
  /// Episodes of each periodic evaluation.
  public var episodes: Int
  /// Episodes of the evaluation at the end.
  public var finalEpisodes: Int
  /// The seed the evaluation episodes derive from.
  public var seed: UInt64

  public init(
    everySteps: Int? = ExperimentDefaults.evaluationEverySteps, episodes: Int = ExperimentDefaults.evaluationEpisodes,
    finalEpisodes: Int = ExperimentDefaults.finalEvaluationEpisodes, seed: UInt64 = ExperimentDefaults.evaluationSeed
  ) {
    self.everySteps = everySteps
    self.episodes = episodes
    self.finalEpisodes = finalEpisodes
    self.seed = seed
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case everySteps, episodes, finalEpisodes, seed }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    everySteps = try c.nullable(.everySteps, default: ExperimentDefaults.evaluationEverySteps, expected: "a positive integer or null") {
      $0 > 0
    }
    episodes = try c.value(.episodes, default: ExperimentDefaults.evaluationEpisodes, expected: "a positive integer") { $0 > 0 }
    finalEpisodes = try c.value(.finalEpisodes, default: ExperimentDefaults.finalEvaluationEpisodes, expected: "an integer ≥ 0") {
      $0 >= 0
    }
    seed = try c.value(.seed, default: ExperimentDefaults.evaluationSeed)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(everySteps, forKey: .everySteps)
    try c.encode(episodes, forKey: .episodes)
    try c.encode(finalEpisodes, forKey: .finalEpisodes)
    try c.encode(seed, forKey: .seed)
  }
}

/// How often a run writes its checkpoint (also whenever it stops, and at the end).
public struct CheckpointSchedule: Hashable, Sendable, Codable {
  public var everyIterations: Int

  public init(everyIterations: Int = ExperimentDefaults.checkpointEveryIterations) { self.everyIterations = everyIterations }

  enum CodingKeys: String, CodingKey, CaseIterable { case everyIterations }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    everyIterations = try c.value(
      .everyIterations, default: ExperimentDefaults.checkpointEveryIterations, expected: "a positive integer"
    ) { $0 > 0 }
  }
}

/// The expert demonstrations behaviour cloning learns from.
public struct DemonstrationSettings: Hashable, Sendable, Codable {
  /// Expert episodes to record.
  public var episodes: Int
  /// Keep only the episodes the expert succeeded in.
  public var onlySuccessful: Bool

  public init(
    episodes: Int = ExperimentDefaults.demonstrationEpisodes,
    onlySuccessful: Bool = ExperimentDefaults.demonstrationsOnlySuccessful
  ) {
    self.episodes = episodes
    self.onlySuccessful = onlySuccessful
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case episodes, onlySuccessful }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    episodes = try c.value(.episodes, default: ExperimentDefaults.demonstrationEpisodes, expected: "a positive integer") { $0 > 0 }
    onlySuccessful = try c.value(.onlySuccessful, default: ExperimentDefaults.demonstrationsOnlySuccessful)
  }
}
