import ArmatureCore
import Foundation
import RL

/// One row of a run's learning curve: a trainer iteration's report, the ADR entropy after it,
/// and the periodic evaluation when one ran after it.
///
/// Every field but `stepsPerSecond` and `elapsedSeconds` (wall clock) is a deterministic
/// function of the experiment, the seed and the thread count, so two runs, or a run and its
/// resumption, agree on them bit for bit.
public struct MetricsRow: Hashable, Sendable {
  public var progress: TrainingProgress
  /// `ADRState.entropy` after the iteration's ADR update (nil without ADR).
  public var adrEntropy: Double?
  public var evaluation: EvaluationSummary?

  public init(progress: TrainingProgress, adrEntropy: Double?, evaluation: EvaluationSummary?) {
    self.progress = progress
    self.adrEntropy = adrEntropy
    self.evaluation = evaluation
  }

  /// The keys that hold wall-clock measurements.
  public static let timingKeys: Set<String> = ["stepsPerSecond", "elapsedSeconds"]

  /// The JSON line, keys in this order: iteration, environmentSteps, episodes, meanReturn,
  /// meanEpisodeLength, successRate, approximateKL, entropy, learningRate, adrEntropy,
  /// evaluationSuccessRate, evaluationSuccessLow, evaluationSuccessHigh, evaluationMeanReturn,
  /// evaluationMeanEpisodeLength, losses {…}, metrics {…}, stepsPerSecond, elapsedSeconds.
  /// Missing values are null.
  public var json: JSONValue {
    let p = progress
    func opt(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }
    let e = evaluation
    return .object([
      ("iteration", .integer(p.iteration)), ("environmentSteps", .integer(p.environmentSteps)), ("episodes", .integer(p.episodes)),
      ("meanReturn", opt(p.meanReturn)), ("meanEpisodeLength", opt(p.meanEpisodeLength)), ("successRate", opt(p.successRate)),
      ("approximateKL", opt(p.approximateKL)), ("entropy", opt(p.entropy)), ("learningRate", .number(p.learningRate)),
      ("adrEntropy", opt(adrEntropy)), ("evaluationSuccessRate", opt(e?.successRate)),
      ("evaluationSuccessLow", opt(e?.successLow)), ("evaluationSuccessHigh", opt(e?.successHigh)),
      ("evaluationMeanReturn", opt(e?.meanReturn)), ("evaluationMeanEpisodeLength", opt(e?.meanEpisodeLength)),
      ("losses", .object(p.losses.map { ($0.name, .number($0.value)) })),
      ("metrics", .object(p.metrics.map { ($0.name, .number($0.value)) })),
      ("stepsPerSecond", .number(p.stepsPerSecond)), ("elapsedSeconds", .number(p.elapsedSeconds)),
    ])
  }

  /// The plotted part of the row.
  public var curvePoint: CurvePoint {
    CurvePoint(
      iteration: progress.iteration, environmentSteps: progress.environmentSteps, meanReturn: progress.meanReturn,
      successRate: progress.successRate, evaluationSuccessRate: evaluation?.successRate,
      evaluationSuccessLow: evaluation?.successLow, evaluationSuccessHigh: evaluation?.successHigh, adrEntropy: adrEntropy)
  }
}

/// A periodic evaluation as the metrics log records it.
public struct EvaluationSummary: Hashable, Sendable {
  public var successRate: Double
  public var successLow: Double
  public var successHigh: Double
  public var meanReturn: Double
  public var meanEpisodeLength: Double

  public init(_ result: EvaluationResult) {
    let ci = result.confidenceInterval
    successRate = result.successRate
    successLow = ci.low
    successHigh = ci.high
    meanReturn = result.meanReturn
    meanEpisodeLength = result.meanEpisodeLength
  }
}

/// The values of a learning-curve row that the plot draws. Read back from a metrics line with
/// `JSONDecoder`, which parses numbers exactly (Foundation's `JSONSerialization` may be off by
/// one unit in the last place), so a resumed run plots the very numbers it wrote.
public struct CurvePoint: Hashable, Sendable, Decodable {
  public var iteration: Int
  public var environmentSteps: Int
  public var meanReturn: Double?
  public var successRate: Double?
  public var evaluationSuccessRate: Double?
  public var evaluationSuccessLow: Double?
  public var evaluationSuccessHigh: Double?
  public var adrEntropy: Double?

  public init(
    iteration: Int, environmentSteps: Int, meanReturn: Double?, successRate: Double?, evaluationSuccessRate: Double?,
    evaluationSuccessLow: Double?, evaluationSuccessHigh: Double?, adrEntropy: Double?
  ) {
    self.iteration = iteration
    self.environmentSteps = environmentSteps
    self.meanReturn = meanReturn
    self.successRate = successRate
    self.evaluationSuccessRate = evaluationSuccessRate
    self.evaluationSuccessLow = evaluationSuccessLow
    self.evaluationSuccessHigh = evaluationSuccessHigh
    self.adrEntropy = adrEntropy
  }
}
