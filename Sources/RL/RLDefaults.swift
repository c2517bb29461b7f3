/// Every default of the trainers' configurations, in one place.
///
/// PPO's defaults follow the settings that solve goal-reaching arm tasks quickly (many parallel
/// environments, short rollouts, small tanh networks; cf. Stable-Baselines3 and rl-zoo's
/// Fetch/Panda settings and brax's PPO), tuned on this machine's fast test environment.
public enum RLDefaults {
  // Policy network
  public static let hiddenLayers = [64, 64]
  public static let activation = NetworkActivation.tanh
  public static let layerNorm = false
  public static let initialLogStd = 0.0
  public static let squashActions = false

  // PPO
  public static let totalEnvironmentSteps = 200_000
  public static let environments = 16
  public static let rolloutSteps = 64
  public static let minibatchSize = 256
  public static let epochs = 10
  public static let learningRate = 3e-4
  public static let finalLearningRate = 0.0
  public static let learningRateSchedule = ScheduleKind.constant
  public static let gamma = 0.98
  public static let gaeLambda = 0.95
  public static let clipRange = 0.2
  public static let valueClipRange: Double? = nil
  public static let entropyCoefficient = 0.0
  public static let valueCoefficient = 0.5
  public static let maxGradientNorm = 0.5
  public static let targetKL: Double? = 0.05
  public static let normalizeAdvantages = true
  public static let normalizeObservations = true
  public static let normalizeRewards = true
  public static let observationClip = 10.0
  public static let rewardClip = 10.0
  public static let adamEpsilon = 1e-5
  /// Completed episodes over which return, length and success rate are reported.
  public static let statisticsWindow = 100

  // OpenAI-ES (Salimans et al. 2017)
  public static let esIterations = 100
  public static let esPopulationPairs = 32
  public static let esNoiseStd = 0.03
  public static let esLearningRate = 0.02
  public static let esWeightDecay = 0.005
  public static let esEpisodesPerCandidate = 3
  public static let esHiddenLayers = [32, 32]

  // Behaviour cloning
  public static let bcEpochs = 50
  public static let bcMinibatchSize = 256
  public static let bcLearningRate = 1e-3
  public static let bcLoss = BCLoss.mse
}
