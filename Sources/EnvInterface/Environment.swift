import ArmatureCore

/// What an environment shows its policy: a flat state vector (named by the environment's
/// observation space), camera images by camera name, and the task's instruction in words.
public struct Observation: Hashable, Sendable {
  public var vector: [Double]
  public var images: [String: RGBImage]
  public var depth: [String: DepthImage]
  public var segmentation: [String: SegmentationImage]
  public var instruction: String

  public init(
    vector: [Double], images: [String: RGBImage] = [:], depth: [String: DepthImage] = [:],
    segmentation: [String: SegmentationImage] = [:], instruction: String = ""
  ) {
    self.vector = vector
    self.images = images
    self.depth = depth
    self.segmentation = segmentation
    self.instruction = instruction
  }
}

/// Per-step diagnostics: the success flag, the named reward terms (which sum to the reward), and
/// any other named numbers an environment or wrapper wants logged.
public struct StepInfo: Hashable, Sendable {
  public var isSuccess: Bool
  /// Named reward terms in a fixed order; their sum is the step's reward.
  public var rewardTerms: [RewardTerm]
  public var metrics: [String: Double]
  /// The last observation of an episode that a vector environment reset automatically.
  public var finalObservation: Observation?

  public init(
    isSuccess: Bool = false, rewardTerms: [RewardTerm] = [], metrics: [String: Double] = [:],
    finalObservation: Observation? = nil
  ) {
    self.isSuccess = isSuccess
    self.rewardTerms = rewardTerms
    self.metrics = metrics
    self.finalObservation = finalObservation
  }

  /// The sum of the reward terms.
  public var rewardSum: Double { rewardTerms.reduce(0) { $0 + $1.value } }
}

/// One named, logged part of a reward.
public struct RewardTerm: Hashable, Sendable {
  public var name: String
  public var value: Double
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }
}

/// The result of one environment step (Gymnasium's five-tuple).
public struct StepResult: Hashable, Sendable {
  public var observation: Observation
  public var reward: Double
  /// The episode ended in a terminal state of the task (success or failure); do not bootstrap.
  public var terminated: Bool
  /// The episode was cut short (a time limit, a physics blow-up); bootstrap from the observation.
  public var truncated: Bool
  public var info: StepInfo

  public init(observation: Observation, reward: Double, terminated: Bool, truncated: Bool, info: StepInfo) {
    self.observation = observation
    self.reward = reward
    self.terminated = terminated
    self.truncated = truncated
    self.info = info
  }
}

/// A simulated (or real) environment with Gymnasium's reset/step contract.
///
/// - `reset(seed:)` with a seed restarts the environment's random stream from that seed; with nil
///   it continues the stream, so a sequence of unseeded resets after one seeded reset is
///   reproducible.
/// - `step(_:)` takes an action in `actionSpace` and must not be called after an episode ended
///   until `reset` is called again.
public protocol Environment: AnyObject {
  var observationSpace: BoxSpace { get }
  var actionSpace: BoxSpace { get }
  /// The task's instruction in words.
  var instruction: String { get }
  func reset(seed: UInt64?) throws -> (Observation, StepInfo)
  func step(_ action: [Double]) throws -> StepResult
}
