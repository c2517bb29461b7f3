import ArmatureCore
import EnvInterface
import Randomization
import Rendering
import SceneDescription

/// What a registered task tells about itself.
public struct TaskDescription: Hashable, Sendable {
  /// The registry name (`reach`, `cube-push`, …).
  public var name: String
  /// One line: what the task is.
  public var summary: String
  /// Control steps per episode (the time limit).
  public var episodeSteps: Int
  /// Control rate in Hz.
  public var controlRate: Double
  /// How success is judged, in words.
  public var successCondition: String
  /// What is randomized in every episode's initial state, in words.
  public var initialState: String
  /// The parameters its randomization can change.
  public var parameters: [RandomizableParameter]
  /// The randomization used when none is given.
  public var defaultRandomization: RandomizationSpec
  /// Whether the task runs a physics simulation (false for kinematic test tasks).
  public var simulatesPhysics: Bool

  public init(
    name: String, summary: String, episodeSteps: Int, controlRate: Double, successCondition: String,
    initialState: String, parameters: [RandomizableParameter], defaultRandomization: RandomizationSpec,
    simulatesPhysics: Bool = true
  ) {
    self.name = name
    self.summary = summary
    self.episodeSteps = episodeSteps
    self.controlRate = controlRate
    self.successCondition = successCondition
    self.initialState = initialState
    self.parameters = parameters
    self.defaultRandomization = defaultRandomization
    self.simulatesPhysics = simulatesPhysics
  }
}

/// How to make a task's environment.
public struct TaskOptions: Sendable {
  /// The randomization; nil uses the task's default.
  public var randomization: RandomizationSpec?
  /// Shared automatic domain randomization, when training with ADR.
  public var adr: ADRCoordinator?
  /// This environment's index among its vector-environment copies (for ADR bookkeeping).
  public var copyIndex: Int
  /// Scene cameras whose images go into observations, by name (`task`, `wrist`; empty: state only).
  public var cameras: [String]
  /// Which images each of those cameras gives (`Observation.images`, `.depth`, `.segmentation`).
  public var imageKinds: [ImageKind]
  /// Image width and height in pixels; nil keeps the scene camera's (intrinsics scale with it).
  public var imageWidth: Int?
  public var imageHeight: Int?
  /// Overrides the task's episode length.
  public var episodeSteps: Int?
  /// Dense (shaped) or sparse rewards.
  public var reward: RewardKind

  public init(
    randomization: RandomizationSpec? = nil, adr: ADRCoordinator? = nil, copyIndex: Int = 0, cameras: [String] = [],
    imageKinds: [ImageKind] = [.rgb], imageWidth: Int? = nil, imageHeight: Int? = nil,
    episodeSteps: Int? = nil, reward: RewardKind = .dense
  ) {
    self.randomization = randomization
    self.adr = adr
    self.copyIndex = copyIndex
    self.cameras = cameras
    self.imageKinds = imageKinds
    self.imageWidth = imageWidth
    self.imageHeight = imageHeight
    self.episodeSteps = episodeSteps
    self.reward = reward
  }
}

/// The two reward variants every task offers.
public enum RewardKind: String, ConfigEnum {
  /// Shaped terms that guide learning (distances, progress) plus a success bonus.
  case dense
  /// −1 for every step that has not succeeded, 0 once it has.
  case sparse
}

/// An environment made by the task registry: Gymnasium's contract, a time limit already applied,
/// a full saveable state, and the task's scripted expert.
public protocol TaskEnvironment: RestorableEnvironment {
  var taskDescription: TaskDescription { get }
  /// A scripted policy that solves the task from privileged state (the observation vector).
  func makeExpert() -> any Policy
  /// The task camera's view of the current state (see `TaskCamera`); tasks that cannot render
  /// keep the default, which throws `TaskCameraUnavailable`.
  func renderTaskCamera(width: Int, height: Int) throws -> RGBImage
  /// Every parameter the environment's randomization can change (robot, sensing, actuation,
  /// visual and the task's own), with nominal values and valid ranges.
  var randomizableParameters: [RandomizableParameter] { get }
  /// The names of the scene cameras observations can carry images from.
  var cameraNames: [String] { get }
  /// The names behind the ids of segmentation images; throws `TaskCameraUnavailable` for tasks
  /// without cameras.
  func segmentationTable() throws -> SegmentationTable
}
