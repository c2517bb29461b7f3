import ArmatureCore

/// A named number reported by a trainer.
public struct Metric: Hashable, Sendable, Codable {
  public var name: String
  public var value: Double
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }
}

/// What a trainer reports after each iteration: the row of a learning curve.
///
/// Everything but `stepsPerSecond` and `elapsedSeconds` is a deterministic function of the
/// seed, configuration and thread count.
public struct TrainingProgress: Hashable, Sendable, Codable {
  /// `ppo`, `es` or `bc`.
  public var algorithm: String
  public var iteration: Int
  /// Environment steps so far (all copies together; for BC, samples seen).
  public var environmentSteps: Int
  /// The budget in the same unit.
  public var totalEnvironmentSteps: Int
  /// Episodes completed so far.
  public var episodes: Int
  /// Mean undiscounted return, episode length and success rate of the most recent completed
  /// episodes (nil before any episode ended).
  public var meanReturn: Double?
  public var meanEpisodeLength: Double?
  public var successRate: Double?
  /// Named loss terms of the last update (e.g. `policy`, `value`, `entropy`).
  public var losses: [Metric]
  /// Mean approximate KL divergence of the last update (PPO).
  public var approximateKL: Double?
  /// Mean policy entropy of the last update.
  public var entropy: Double?
  public var learningRate: Double
  /// Environment steps per second of wall-clock time, learning included.
  public var stepsPerSecond: Double
  public var elapsedSeconds: Double
  /// Algorithm-specific numbers (clip fraction, explained variance, fitness statistics, …).
  public var metrics: [Metric]

  /// Training progress in [0, 1].
  public var fraction: Double { totalEnvironmentSteps > 0 ? min(1, Double(environmentSteps) / Double(totalEnvironmentSteps)) : 1 }

  /// One JSON object with a fixed key order, for metrics logs (JSON lines, CSV columns).
  public var json: JSONValue {
    func opt(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
    var members: [(String, JSONValue)] = [
      ("algorithm", .string(algorithm)), ("iteration", .integer(iteration)), ("environmentSteps", .integer(environmentSteps)),
      ("totalEnvironmentSteps", .integer(totalEnvironmentSteps)), ("episodes", .integer(episodes)),
      ("meanReturn", opt(meanReturn)), ("meanEpisodeLength", opt(meanEpisodeLength)), ("successRate", opt(successRate)),
      ("approximateKL", opt(approximateKL)), ("entropy", opt(entropy)), ("learningRate", .number(learningRate)),
      ("stepsPerSecond", .number(stepsPerSecond)), ("elapsedSeconds", .number(elapsedSeconds)),
    ]
    members.append(("losses", .object(losses.map { ($0.name, .number($0.value)) })))
    members.append(("metrics", .object(metrics.map { ($0.name, .number($0.value)) })))
    return .object(members)
  }
}

/// What a progress callback tells the trainer.
public enum TrainingControl: Sendable {
  case proceed
  /// Stop after this iteration (a wall-clock budget, Ctrl-C); the trainer stays resumable.
  case stop
}

/// One completed training episode.
struct EpisodeRecord: Hashable, Sendable, Codable {
  var episodeReturn: Double
  var length: Int
  var success: Bool
}

/// The most recent `capacity` completed episodes.
struct EpisodeWindow: Hashable, Sendable, Codable {
  var capacity: Int
  var records: [EpisodeRecord] = []
  var total = 0

  init(capacity: Int) { self.capacity = capacity }

  mutating func append(_ r: EpisodeRecord) {
    records.append(r)
    total += 1
    if records.count > capacity { records.removeFirst(records.count - capacity) }
  }

  var meanReturn: Double? { records.isEmpty ? nil : records.reduce(0) { $0 + $1.episodeReturn } / Double(records.count) }
  var meanLength: Double? { records.isEmpty ? nil : Double(records.reduce(0) { $0 + $1.length }) / Double(records.count) }
  var successRate: Double? { records.isEmpty ? nil : Double(records.filter(\.success).count) / Double(records.count) }
}
