import ArmatureCore
import EnvInterface
import Foundation

/// A fast physics-free environment for testing trainers (the role of brax's `envs/fast.py`): a
/// point in the box [−1, 1]ᵈ must reach a random goal.
///
/// - Action: a velocity command in [−`maxCommand`, `maxCommand`]ᵈ (component `velocity_command`);
///   the point's velocity follows it with a first-order lag, v ← ½v + ½a, and the position
///   moves by v·`dt`, staying inside the box.
/// - Observation: `position`, `velocity` and `goal`, each d values.
/// - Reward: the named terms `distance` (dense, −‖p − g‖), `success` (sparse, +1 on a step that
///   ends within `successRadius` of the goal) and `action` (−0.01‖a/maxCommand‖²); they sum to
///   the reward.
/// - Success (`info.isSuccess`): within `successRadius` of the goal; it terminates the episode
///   when `terminateOnSuccess`.
/// - Initial state: position and goal uniform in [−0.8, 0.8]ᵈ, at rest.
///
/// Wrap it in `TimeLimit` for episodes of bounded length (`PointReachEnvironment.make`).
public final class PointReachEnvironment: RestorableEnvironment {
  public let dimensions: Int
  public let successRadius: Double
  public let terminateOnSuccess: Bool
  public let maxCommand: Double
  public let dt = 0.1
  public let observationSpace: BoxSpace
  public let actionSpace: BoxSpace
  public var instruction: String { "move the point to the goal" }

  private var rng = RandomStream(seed: 0)
  public private(set) var position: [Double]
  public private(set) var velocity: [Double]
  public private(set) var goal: [Double]

  public init(dimensions: Int = 2, successRadius: Double = 0.05, terminateOnSuccess: Bool = true, maxCommand: Double = 2) {
    precondition(dimensions >= 1, "at least one dimension")
    self.dimensions = dimensions
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
  }

  /// The environment wrapped in a time limit of `episodeSteps`.
  public static func make(
    dimensions: Int = 2, episodeSteps: Int = 50, successRadius: Double = 0.05, terminateOnSuccess: Bool = true
  ) -> any Environment {
    TimeLimit(
      PointReachEnvironment(dimensions: dimensions, successRadius: successRadius, terminateOnSuccess: terminateOnSuccess),
      maxSteps: episodeSteps)
  }

  public var distance: Double {
    var s = 0.0
    for i in 0..<dimensions { s += (position[i] - goal[i]) * (position[i] - goal[i]) }
    return s.squareRoot()
  }

  private var observation: Observation { Observation(vector: position + velocity + goal, instruction: instruction) }

  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) {
    if let seed { rng = RandomStream(seed: seed) }
    position = (0..<dimensions).map { _ in rng.uniform(-0.8, 0.8) }
    goal = (0..<dimensions).map { _ in rng.uniform(-0.8, 0.8) }
    velocity = [Double](repeating: 0, count: dimensions)
    return (observation, StepInfo(isSuccess: distance < successRadius))
  }

  public func step(_ action: [Double]) throws -> StepResult {
    precondition(action.count == dimensions, "expected \(dimensions) action values, got \(action.count)")
    var effort = 0.0
    for i in 0..<dimensions {
      let a = Swift.min(maxCommand, Swift.max(-maxCommand, action[i].isFinite ? action[i] : 0))
      effort += (a / maxCommand) * (a / maxCommand)
      velocity[i] = 0.5 * velocity[i] + 0.5 * a
      position[i] = Swift.min(1, Swift.max(-1, position[i] + velocity[i] * dt))
    }
    let d = distance
    let success = d < successRadius
    let terms = [RewardTerm("distance", -d), RewardTerm("success", success ? 1 : 0), RewardTerm("action", -0.01 * effort)]
    let info = StepInfo(isSuccess: success, rewardTerms: terms, metrics: ["distance": d])
    return StepResult(
      observation: observation, reward: info.rewardSum, terminated: success && terminateOnSuccess, truncated: false,
      info: info)
  }

  private struct State: Codable {
    var rng: RandomStream
    var position: [Double]
    var velocity: [Double]
    var goal: [Double]
  }

  public func saveState() -> Data? {
    try? JSONEncoder().encode(State(rng: rng, position: position, velocity: velocity, goal: goal))
  }

  public func restoreState(_ state: Data) throws {
    let s = try JSONDecoder().decode(State.self, from: state)
    guard s.position.count == dimensions, s.velocity.count == dimensions, s.goal.count == dimensions else {
      throw EnvironmentStateError("state of a \(s.position.count)-D point for a \(dimensions)-D environment")
    }
    (rng, position, velocity, goal) = (s.rng, s.position, s.velocity, s.goal)
  }

  /// A scripted expert: command a velocity toward the goal, proportional to the offset and
  /// slowing near it. Succeeds from every initial state within 50 steps.
  public static func expertAction(_ observation: Observation, dimensions: Int = 2, maxCommand: Double = 2) -> [Double] {
    let v = observation.vector
    return (0..<dimensions).map { i in
      Swift.min(maxCommand, Swift.max(-maxCommand, 5 * (v[2 * dimensions + i] - v[i])))
    }
  }
}
