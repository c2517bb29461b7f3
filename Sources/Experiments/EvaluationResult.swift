import ArmatureCore

/// One evaluation episode's outcome.
public struct EpisodeOutcome: Hashable, Sendable, Codable {
  /// The seed the episode was reset with.
  public var seed: UInt64
  public var episodeReturn: Double
  public var length: Int
  public var success: Bool
}

/// What an evaluation measured: the success rate with its 95 % Wilson interval, the mean return
/// and episode length over seeded episodes.
public struct EvaluationResult: Hashable, Sendable {
  public var task: String
  /// The policy file, or `expert`.
  public var policy: String
  /// The seed the episodes derive from (`EpisodeSeeds.evaluation`).
  public var seed: UInt64
  public var outcomes: [EpisodeOutcome]

  public init(task: String, policy: String, seed: UInt64, outcomes: [EpisodeOutcome]) {
    self.task = task
    self.policy = policy
    self.seed = seed
    self.outcomes = outcomes
  }

  public var episodes: Int { outcomes.count }
  public var successes: Int { outcomes.filter(\.success).count }
  public var successRate: Double { episodes > 0 ? Double(successes) / Double(episodes) : 0 }
  public var confidenceInterval: ConfidenceInterval { .wilson(successes: successes, trials: episodes) }
  public var meanReturn: Double { episodes > 0 ? outcomes.reduce(0) { $0 + $1.episodeReturn } / Double(episodes) : 0 }
  public var meanEpisodeLength: Double { episodes > 0 ? Double(outcomes.reduce(0) { $0 + $1.length }) / Double(episodes) : 0 }

  /// The `--json` form, keys in this order: task, policy, episodes, successes, successRate,
  /// confidenceInterval {level, low, high, method}, meanReturn, meanEpisodeLength, seed.
  public var json: JSONValue {
    let ci = confidenceInterval
    return .object([
      ("task", .string(task)), ("policy", .string(policy)), ("episodes", .integer(episodes)),
      ("successes", .integer(successes)), ("successRate", .number(successRate)),
      (
        "confidenceInterval",
        .object([("level", .number(ci.level)), ("low", .number(ci.low)), ("high", .number(ci.high)), ("method", .string("wilson"))])
      ),
      ("meanReturn", .number(meanReturn)), ("meanEpisodeLength", .number(meanEpisodeLength)),
      ("seed", seed.jsonValue),
    ])
  }

  /// One line for people: `point-reach: success 97.5 % (195/200), 95 % CI [94.3 %, 98.9 %], …`.
  public var summary: String {
    let ci = confidenceInterval
    func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    return "\(task): success \(percent(successRate)) (\(successes)/\(episodes)), 95% CI [\(percent(ci.low)), \(percent(ci.high))] (Wilson); "
      + "mean return \(String(format: "%.3f", meanReturn)); mean episode length \(String(format: "%.1f", meanEpisodeLength)) steps"
  }
}

extension UInt64 {
  /// A JSON integer, or a decimal string for seeds beyond Int.max (which JSON readers would round).
  var jsonValue: JSONValue { Int(exactly: self).map(JSONValue.integer) ?? .string(String(self)) }
}
