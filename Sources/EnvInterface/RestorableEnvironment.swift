import Foundation

/// An environment whose complete state (simulation, episode counters, random streams) can be
/// saved and restored, so that a training run resumed from a checkpoint continues exactly as
/// the uninterrupted run would. Wrappers forward to what they wrap and add their own state.
public protocol RestorableEnvironment: Environment {
  /// The state as bytes, or nil when some wrapped part cannot be saved.
  func saveState() -> Data?
  /// Restores a state from `saveState()`.
  func restoreState(_ state: Data) throws
}

/// A saved environment state that cannot be restored.
public struct EnvironmentStateError: Error, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { "cannot restore the environment state: \(message)" }
}

/// A wrapper's own state next to the state of what it wraps.
struct WrappedState<Own: Codable>: Codable {
  var own: Own
  var inner: Data
}

extension RestorableEnvironment {
  /// Encodes a wrapper's own state with its inner environment's state (nil when the inner one
  /// cannot be saved).
  func wrapState<Own: Codable>(_ own: Own, inner: any Environment) -> Data? {
    guard let restorable = inner as? any RestorableEnvironment, let innerState = restorable.saveState() else { return nil }
    return try? JSONEncoder().encode(WrappedState(own: own, inner: innerState))
  }

  /// Decodes a wrapper's own state and restores the inner environment.
  func unwrapState<Own: Codable>(_ data: Data, as: Own.Type, inner: any Environment) throws -> Own {
    guard let restorable = inner as? any RestorableEnvironment else {
      throw EnvironmentStateError("the wrapped environment cannot restore state")
    }
    let state: WrappedState<Own>
    do { state = try JSONDecoder().decode(WrappedState<Own>.self, from: data) } catch {
      throw EnvironmentStateError("malformed state (\(error))")
    }
    try restorable.restoreState(state.inner)
    return state.own
  }
}

extension TimeLimit: RestorableEnvironment {
  public func saveState() -> Data? { wrapState(elapsedSteps, inner: inner) }
  public func restoreState(_ state: Data) throws { elapsedSteps = try unwrapState(state, as: Int.self, inner: inner) }
}

extension NormalizeObservation: RestorableEnvironment {
  public func saveState() -> Data? { wrapState(statistics, inner: inner) }
  public func restoreState(_ state: Data) throws {
    statistics = try unwrapState(state, as: RunningMeanStd.self, inner: inner)
  }
}

extension ClipAction: RestorableEnvironment {
  public func saveState() -> Data? { wrapState(0, inner: inner) }
  public func restoreState(_ state: Data) throws { _ = try unwrapState(state, as: Int.self, inner: inner) }
}

extension RescaleAction: RestorableEnvironment {
  public func saveState() -> Data? { wrapState(0, inner: inner) }
  public func restoreState(_ state: Data) throws { _ = try unwrapState(state, as: Int.self, inner: inner) }
}

extension VectorEnvironment {
  /// Every copy's state, or nil when some copy cannot be saved.
  public func saveStates() -> [Data]? {
    var states: [Data] = []
    for env in environments {
      guard let r = env as? any RestorableEnvironment, let s = r.saveState() else { return nil }
      states.append(s)
    }
    return states
  }

  /// Restores every copy from `saveStates()`.
  public func restoreStates(_ states: [Data]) throws {
    guard states.count == count else {
      throw EnvironmentStateError("\(states.count) saved states for \(count) environment copies")
    }
    for (i, env) in environments.enumerated() {
      guard let r = env as? any RestorableEnvironment else {
        throw EnvironmentStateError("environment copy \(i) cannot restore state")
      }
      try r.restoreState(states[i])
    }
  }
}
