import EnvInterface

/// The scripted expert of `point-reach`: commands a velocity toward the goal, proportional to the
/// observed offset (gain 5) and clamped to the command range, so it slows down near the goal.
/// It succeeds from every initial state within the 50-step limit, under the default
/// randomization too.
public final class PointReachExpert: Policy {
  public let dimensions: Int
  public let maxCommand: Double
  public let actionSpace: BoxSpace

  public init(dimensions: Int = 2, maxCommand: Double = 2) {
    self.dimensions = dimensions
    self.maxCommand = maxCommand
    actionSpace = BoxSpace(name: "velocity_command", count: dimensions, low: -maxCommand, high: maxCommand)
  }

  public func reset() {}

  /// The command for an observation vector [position, velocity, goal].
  public func action(for vector: [Double]) -> [Double] {
    (0..<dimensions).map { i in
      Swift.min(maxCommand, Swift.max(-maxCommand, 5 * (vector[2 * dimensions + i] - vector[i])))
    }
  }

  public func act(_ input: PolicyInput) throws -> ActionChunk {
    guard input.vector.count == 3 * dimensions else {
      throw TaskOptionsError(
        task: PointReachEnvironment.name, message: "the expert expects \(3 * dimensions) observation values, got \(input.vector.count)")
    }
    return ActionChunk(single: action(for: input.vector))
  }
}
