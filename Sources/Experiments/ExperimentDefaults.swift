/// Every default of experiment files, in one place (the algorithms' own defaults are in
/// `RLDefaults`). `armature dump-config experiment` prints them.
public enum ExperimentDefaults {
  /// The experiment format version this build writes and reads.
  public static let version = 1
  public static let task = "point-reach"
  public static let algorithm = AlgorithmKind.ppo
  public static let seed: UInt64 = 0
  /// nil: every core of the machine.
  public static let threads: Int? = nil
  /// No wall-clock limit.
  public static let wallSeconds: Double? = nil
  /// Evaluate every this many environment steps (PPO and ES; BC evaluates at the end only).
  public static let evaluationEverySteps = 20_000
  /// Episodes of each periodic evaluation.
  public static let evaluationEpisodes = 20
  /// Episodes of the evaluation at the end of training (200, as the project's targets are
  /// measured).
  public static let finalEvaluationEpisodes = 200
  /// The seed evaluation episodes derive from: fixed, so every evaluation of every run sees the
  /// same episodes.
  public static let evaluationSeed: UInt64 = 0
  /// A checkpoint every this many iterations (and whenever a run stops).
  public static let checkpointEveryIterations = 10
  /// Expert episodes recorded for behaviour cloning.
  public static let demonstrationEpisodes = 200
  public static let demonstrationsOnlySuccessful = true
  /// Where `armature train` makes run folders.
  public static let runsDirectory = "runs"
}
