import ArmatureCore

/// Ends episodes after `maxSteps` steps by setting `truncated` (Gymnasium's `TimeLimit`). A step
/// that terminates on its own stays terminated, not truncated.
public final class TimeLimit: Environment {
  public let inner: any Environment
  public let maxSteps: Int
  /// Steps taken in the current episode.
  public internal(set) var elapsedSteps = 0

  public init(_ inner: any Environment, maxSteps: Int) {
    precondition(maxSteps >= 1, "a time limit needs at least one step")
    self.inner = inner
    self.maxSteps = maxSteps
  }

  public var observationSpace: BoxSpace { inner.observationSpace }
  public var actionSpace: BoxSpace { inner.actionSpace }
  public var instruction: String { inner.instruction }

  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) {
    elapsedSteps = 0
    return try inner.reset(seed: seed)
  }

  public func step(_ action: [Double]) throws -> StepResult {
    var r = try inner.step(action)
    elapsedSteps += 1
    if elapsedSteps >= maxSteps && !r.terminated { r.truncated = true }
    return r
  }
}

/// Normalizes observation vectors by running statistics (Welford) to zero mean and unit
/// variance, clipped to ±`clip`. Statistics update on every observation unless `isFrozen`
/// (freeze them for evaluation), and can be read and restored (`statistics`).
public final class NormalizeObservation: Environment {
  public let inner: any Environment
  public var statistics: RunningMeanStd
  public var isFrozen = false
  public let clip: Double
  public let epsilon: Double

  public init(_ inner: any Environment, clip: Double = 10, epsilon: Double = 1e-8, statistics: RunningMeanStd? = nil) {
    self.inner = inner
    self.clip = clip
    self.epsilon = epsilon
    self.statistics = statistics ?? RunningMeanStd(dimension: inner.observationSpace.count)
    precondition(self.statistics.dimension == inner.observationSpace.count, "statistics have the wrong dimension")
  }

  /// Unbounded, with the inner space's components.
  public var observationSpace: BoxSpace {
    var space = inner.observationSpace
    space.low = [Double](repeating: -clip, count: space.count)
    space.high = [Double](repeating: clip, count: space.count)
    return space
  }
  public var actionSpace: BoxSpace { inner.actionSpace }
  public var instruction: String { inner.instruction }

  private func normalized(_ o: Observation, update: Bool) -> Observation {
    if update && !isFrozen { statistics.update(o.vector) }
    var out = o
    out.vector = statistics.normalize(o.vector, epsilon: epsilon, clip: clip)
    return out
  }

  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) {
    let (o, info) = try inner.reset(seed: seed)
    return (normalized(o, update: true), info)
  }

  public func step(_ action: [Double]) throws -> StepResult {
    var r = try inner.step(action)
    r.observation = normalized(r.observation, update: true)
    if let final = r.info.finalObservation { r.info.finalObservation = normalized(final, update: false) }
    return r
  }
}

/// Clamps actions into the action space before passing them on.
public final class ClipAction: Environment {
  public let inner: any Environment
  public init(_ inner: any Environment) { self.inner = inner }
  public var observationSpace: BoxSpace { inner.observationSpace }
  public var actionSpace: BoxSpace { inner.actionSpace }
  public var instruction: String { inner.instruction }
  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) { try inner.reset(seed: seed) }
  public func step(_ action: [Double]) throws -> StepResult { try inner.step(inner.actionSpace.clamp(action)) }
}

/// Presents the action space as [−1, 1]ⁿ and maps actions linearly onto the inner bounds
/// (values outside [−1, 1] are clamped first). The inner space must be bounded.
public final class RescaleAction: Environment {
  public let inner: any Environment
  public init(_ inner: any Environment) {
    precondition(inner.actionSpace.isBounded, "RescaleAction needs an action space with finite bounds")
    self.inner = inner
  }
  public var observationSpace: BoxSpace { inner.observationSpace }
  public var actionSpace: BoxSpace { inner.actionSpace.unitBox }
  public var instruction: String { inner.instruction }
  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) { try inner.reset(seed: seed) }
  public func step(_ action: [Double]) throws -> StepResult { try inner.step(inner.actionSpace.fromUnitBox(action)) }
}
