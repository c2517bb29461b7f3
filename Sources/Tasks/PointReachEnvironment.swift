import ArmatureCore
import EnvInterface
import Foundation
import Randomization

/// `point-reach`: a physics-free task in which a point in the box [−1, 1]ᵈ must reach a random
/// goal (the role of brax's `envs/fast.py`). It trains in seconds, so it is the smoke test of the
/// trainer, the experiment runner and the evaluator, and their benchmark.
///
/// - Action (`velocity_command`, d values in [−`maxCommand`, `maxCommand`]): a velocity command.
///   The point's velocity follows the applied command u = gain·a + noise with a first-order lag,
///   v ← (1 − k)·v + k·u (k = `point.response`, nominally ½), and the position moves by v·`dt`,
///   staying inside the box.
/// - Observation: `position`, `velocity` and `goal`, d values each, plus any observation noise and
///   bias the randomization adds.
/// - Reward: the named terms `distance` (dense, −‖p − g‖), `success` (sparse, +1 on a step that
///   ends within `successRadius` of the goal) and `action` (−0.01‖a/maxCommand‖²); they sum to the
///   reward.
/// - Success (`info.isSuccess`): within `successRadius` (0.05) of the goal; it ends the episode
///   (`terminated`) when `terminateOnSuccess`.
/// - Time limit: `episodeSteps` (50) steps at 10 Hz, after which the episode is `truncated`.
/// - Initial state: position and goal uniform in [−0.8, 0.8]ᵈ, at rest.
/// - Randomizable: `point.response`, `actuator.gain`, `action.noise`, `observation.noise`,
///   `observation.bias` (see `parameters(dimensions:)`). The default randomization varies the
///   response and the gain per episode and adds white observation noise.
///
/// Episodes that end with one ADR parameter pinned to a range boundary report their success to
/// the run's `ADRCoordinator`.
public final class PointReachEnvironment: TaskEnvironment {
  /// The registry name.
  public static let name = "point-reach"

  public let dimensions: Int
  public let episodeSteps: Int
  public let successRadius: Double
  public let terminateOnSuccess: Bool
  public let maxCommand: Double
  /// Control period in seconds (10 Hz).
  public let dt = 0.1
  public let observationSpace: BoxSpace
  public let actionSpace: BoxSpace
  public let taskDescription: TaskDescription
  public var instruction: String { "move the point to the goal" }

  private let adr: ADRCoordinator?
  private let copyIndex: Int
  private var rng = RandomStream(seed: 0)
  private var randomizer: Randomizer
  public private(set) var position: [Double]
  public private(set) var velocity: [Double]
  public private(set) var goal: [Double]
  /// Steps taken in the current episode.
  public private(set) var elapsedSteps = 0
  /// This episode's lag coefficient k and actuator gain.
  public private(set) var response = 0.5
  public private(set) var gain = 1.0

  /// An environment without randomization.
  public convenience init(
    dimensions: Int = 2, episodeSteps: Int = 50, successRadius: Double = 0.05, terminateOnSuccess: Bool = true,
    maxCommand: Double = 2
  ) {
    // An empty spec names no parameter, so binding it cannot fail.
    try! self.init(
      options: TaskOptions(randomization: RandomizationSpec.none, episodeSteps: episodeSteps), dimensions: dimensions,
      successRadius: successRadius, terminateOnSuccess: terminateOnSuccess, maxCommand: maxCommand)
  }

  /// The environment the task registry makes: `options` choose the randomization (nil: the
  /// task's default), ADR, the copy index and the episode length. Cameras are not supported (the
  /// task has no scene to look at), so asking for one is an error.
  public init(
    options: TaskOptions, dimensions: Int = 2, successRadius: Double = 0.05, terminateOnSuccess: Bool = true,
    maxCommand: Double = 2
  ) throws {
    precondition(dimensions >= 1, "at least one dimension")
    guard options.cameras.isEmpty else {
      throw TaskOptionsError(task: Self.name, message: "has no cameras; asked for \(options.cameras.joined(separator: ", "))")
    }
    let steps = options.episodeSteps ?? Self.defaultEpisodeSteps
    guard steps >= 1 else { throw TaskOptionsError(task: Self.name, message: "episodeSteps must be at least 1, got \(steps)") }
    self.dimensions = dimensions
    self.episodeSteps = steps
    self.successRadius = successRadius
    self.terminateOnSuccess = terminateOnSuccess
    self.maxCommand = maxCommand
    let d = dimensions
    func box(_ x: Double) -> [Double] { [Double](repeating: x, count: d) }
    observationSpace = BoxSpace([
      ("position", box(-1), box(1)), ("velocity", box(-maxCommand), box(maxCommand)), ("goal", box(-1), box(1)),
    ])
    actionSpace = BoxSpace([("velocity_command", box(-maxCommand), box(maxCommand))])
    position = box(0)
    velocity = box(0)
    goal = box(0)
    var description = Self.description(dimensions: dimensions)
    description.episodeSteps = steps
    taskDescription = description
    let spec = options.randomization ?? description.defaultRandomization
    randomizer = try Randomizer(spec: spec, catalogue: description.parameters, seed: 0)
    if let adr = options.adr, adr.state.ranges.count != spec.parameters.filter(\.adr).count {
      throw TaskOptionsError(
        task: Self.name,
        message: "the ADR coordinator has \(adr.state.ranges.count) ranges but the randomization has \(spec.parameters.filter(\.adr).count) ADR parameters")
    }
    adr = options.adr
    copyIndex = options.copyIndex
  }

  /// Control steps per episode unless the options say otherwise.
  public static let defaultEpisodeSteps = 50

  /// The task's parameters for `dimensions`-D points.
  public static func parameters(dimensions d: Int) -> [RandomizableParameter] {
    [
      RandomizableParameter(
        "point.response", nominal: 0.5, valid: 0...1,
        "fraction k of the gap to the applied command that the velocity closes each step"),
      RandomizableParameter("actuator.gain", nominal: 1, valid: 0...10, "factor from the velocity command to the applied one"),
      RandomizableParameter(
        "action.noise", nominal: [Double](repeating: 0, count: d), "added to the applied command (draw per step: white noise)"),
      RandomizableParameter(
        "observation.noise", nominal: [Double](repeating: 0, count: 3 * d),
        "added to every observation value (draw per step: white noise)"),
      RandomizableParameter(
        "observation.bias", nominal: [Double](repeating: 0, count: 3 * d),
        "added to every observation value (draw per episode: a sensor bias)"),
    ]
  }

  /// The default randomization: response ×[0.7, 1.3] and gain ×[0.8, 1.2] per episode, white
  /// observation noise of standard deviation 0.005.
  public static let defaultRandomization = RandomizationSpec(parameters: [
    ParameterRandomization(name: "point.response", distribution: .uniform(low: 0.7, high: 1.3)),
    ParameterRandomization(name: "actuator.gain", distribution: .uniform(low: 0.8, high: 1.2)),
    ParameterRandomization(
      name: "observation.noise", distribution: .normal(mean: 0, standardDeviation: 0.005), apply: .offset, every: .step),
  ])

  /// What the registry says about the task.
  public static func description(dimensions: Int = 2) -> TaskDescription {
    TaskDescription(
      name: name, summary: "move a point with first-order velocity dynamics to a goal in [-1, 1]^\(dimensions) (no physics)",
      episodeSteps: defaultEpisodeSteps, controlRate: 10,
      successCondition: "the point is within 0.05 of the goal; this ends the episode",
      initialState: "position and goal uniform in [-0.8, 0.8] per axis, velocity zero",
      parameters: parameters(dimensions: dimensions), defaultRandomization: defaultRandomization, simulatesPhysics: false)
  }

  /// The registry entry (2-D points).
  static let entry = TaskRegistry.Entry(description: description()) { try PointReachEnvironment(options: $0) }

  /// Distance from the point to the goal.
  public var distance: Double {
    var s = 0.0
    for i in 0..<dimensions { s += (position[i] - goal[i]) * (position[i] - goal[i]) }
    return s.squareRoot()
  }

  private var observation: Observation {
    var v = position + velocity + goal
    let noise = randomizer.value("observation.noise")
    let bias = randomizer.value("observation.bias")
    for i in v.indices { v[i] += noise[i] + bias[i] }
    return Observation(vector: v, instruction: instruction)
  }

  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) {
    if let seed {
      rng = RandomStream(seed: seed)
      randomizer.reseed(seed)
    }
    position = (0..<dimensions).map { _ in rng.uniform(-0.8, 0.8) }
    goal = (0..<dimensions).map { _ in rng.uniform(-0.8, 0.8) }
    velocity = [Double](repeating: 0, count: dimensions)
    elapsedSteps = 0
    randomizer.beginEpisode(adr: adr?.state)
    randomizer.beginStep()
    response = randomizer.scalar("point.response")
    gain = randomizer.scalar("actuator.gain")
    return (observation, StepInfo(isSuccess: distance < successRadius, metrics: ["distance": distance]))
  }

  public func step(_ action: [Double]) throws -> StepResult {
    guard action.count == dimensions else {
      throw TaskError.invalidAction("expected \(dimensions) action values, got \(action.count)")
    }
    if let bad = action.firstIndex(where: { !$0.isFinite }) {
      throw TaskError.invalidAction("action element \(bad) is \(action[bad]); actions must be finite")
    }
    randomizer.beginStep()
    let noise = randomizer.value("action.noise")
    var effort = 0.0
    for i in 0..<dimensions {
      let a = Swift.min(maxCommand, Swift.max(-maxCommand, action[i]))
      effort += (a / maxCommand) * (a / maxCommand)
      let applied = gain * a + noise[i]
      velocity[i] = (1 - response) * velocity[i] + response * applied
      position[i] = Swift.min(1, Swift.max(-1, position[i] + velocity[i] * dt))
    }
    elapsedSteps += 1
    let d = distance
    let success = d < successRadius
    let terminated = success && terminateOnSuccess
    let truncated = !terminated && elapsedSteps >= episodeSteps
    if terminated || truncated, let adr, let boundary = randomizer.pinnedBoundary {
      adr.report(copy: copyIndex, boundary: boundary, success: success ? 1 : 0)
    }
    let terms = [RewardTerm("distance", -d), RewardTerm("success", success ? 1 : 0), RewardTerm("action", -0.01 * effort)]
    let info = StepInfo(isSuccess: success, rewardTerms: terms, metrics: ["distance": d])
    return StepResult(
      observation: observation, reward: info.rewardSum, terminated: terminated, truncated: truncated, info: info)
  }

  // MARK: State

  private struct State: Codable {
    var rng: RandomStream
    var randomizer: Randomizer.State
    var position: [Double]
    var velocity: [Double]
    var goal: [Double]
    var elapsedSteps: Int
    var response: Double
    var gain: Double
  }

  public func saveState() -> Data? {
    try? JSONEncoder().encode(
      State(
        rng: rng, randomizer: randomizer.state, position: position, velocity: velocity, goal: goal,
        elapsedSteps: elapsedSteps, response: response, gain: gain))
  }

  public func restoreState(_ state: Data) throws {
    let s: State
    do { s = try JSONDecoder().decode(State.self, from: state) } catch {
      throw EnvironmentStateError("malformed point-reach state (\(error))")
    }
    guard s.position.count == dimensions, s.velocity.count == dimensions, s.goal.count == dimensions else {
      throw EnvironmentStateError("state of a \(s.position.count)-D point for a \(dimensions)-D environment")
    }
    rng = s.rng
    randomizer.restore(s.randomizer)
    (position, velocity, goal, elapsedSteps, response, gain) = (s.position, s.velocity, s.goal, s.elapsedSteps, s.response, s.gain)
  }

  // MARK: Expert

  /// A proportional controller toward the goal (see `PointReachExpert`).
  public func makeExpert() -> any Policy { PointReachExpert(dimensions: dimensions, maxCommand: maxCommand) }
}

/// Options a task cannot honour.
public struct TaskOptionsError: Error, CustomStringConvertible {
  public var task: String
  public var message: String
  public init(task: String, message: String) {
    self.task = task
    self.message = message
  }
  public var description: String { "task '\(task)': \(message)" }
}
