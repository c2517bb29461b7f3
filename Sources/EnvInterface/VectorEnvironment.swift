import ArmatureCore

/// N copies of an environment stepped together, in parallel over a fixed number of threads.
///
/// **Autoreset rule (same-step):** when copy i's step ends its episode (`terminated` or
/// `truncated`), the vector environment resets that copy at once, in the same call. The returned
/// `StepResult` for i then carries the reward, flags and info of the final step, with the final
/// step's observation in `info.finalObservation`, and the first observation of the next episode
/// in `observation`. So `observation` is always what the policy acts on next, and a trainer that
/// bootstraps at a time limit reads the value of `info.finalObservation`. (This is Gymnasium's
/// `AutoresetMode.SAME_STEP`.)
///
/// **Seeding:** `reset(seed:)` seeds copy i with `environmentSeed(seed, index: i)`; later
/// automatic resets pass nil, so every copy continues its own stream. Copies share nothing, so
/// stepping them on 1 or N threads gives bit-identical results.
public final class VectorEnvironment {
  public let environments: [any Environment]
  public let executor: ParallelExecutor
  public let observationSpace: BoxSpace
  public let actionSpace: BoxSpace

  /// Makes `count` copies with `make(i)` and steps them on `threads` threads.
  public init(count: Int, threads: Int, make: (Int) throws -> any Environment) throws {
    precondition(count >= 1, "a vector environment needs at least one copy")
    var envs: [any Environment] = []
    for i in 0..<count { envs.append(try make(i)) }
    environments = envs
    executor = ParallelExecutor(threads: max(1, threads))
    observationSpace = envs[0].observationSpace
    actionSpace = envs[0].actionSpace
    for (i, env) in envs.enumerated() where env.observationSpace != observationSpace || env.actionSpace != actionSpace {
      throw VectorEnvironmentError(index: i, message: "its spaces differ from those of copy 0")
    }
  }

  /// Number of copies.
  public var count: Int { environments.count }

  /// The seed copy `index` receives from `reset(seed:)`.
  public static func environmentSeed(_ seed: UInt64, index: Int) -> UInt64 {
    var stream = RandomStream(seed: seed).derived(UInt64(index))
    return stream.next()
  }

  /// Resets every copy; with a seed, copy i gets `environmentSeed(seed, index: i)`.
  public func reset(seed: UInt64?) throws -> [(observation: Observation, info: StepInfo)] {
    var results = [(observation: Observation, info: StepInfo)?](repeating: nil, count: count)
    var errors = [(any Error)?](repeating: nil, count: count)
    let envs = environments
    results.withUnsafeMutableBufferPointer { out in
      errors.withUnsafeMutableBufferPointer { err in
        nonisolated(unsafe) let out = out
        nonisolated(unsafe) let err = err
        executor.forEach(envs.count) { i in
          do {
            let r = try envs[i].reset(seed: seed.map { Self.environmentSeed($0, index: i) })
            out[i] = (r.0, r.1)
          } catch { err[i] = error }
        }
      }
    }
    try throwFirst(errors)
    return results.map { $0! }
  }

  /// Steps copy i with `actions[i]`, resetting copies whose episodes end (see the type's rule).
  public func step(_ actions: [[Double]]) throws -> [StepResult] {
    precondition(actions.count == count, "expected \(count) actions, got \(actions.count)")
    var results = [StepResult?](repeating: nil, count: count)
    var errors = [(any Error)?](repeating: nil, count: count)
    let envs = environments
    results.withUnsafeMutableBufferPointer { out in
      errors.withUnsafeMutableBufferPointer { err in
        nonisolated(unsafe) let out = out
        nonisolated(unsafe) let err = err
        executor.forEach(envs.count) { i in
          do {
            var r = try envs[i].step(actions[i])
            if r.terminated || r.truncated {
              let (first, _) = try envs[i].reset(seed: nil)
              r.info.finalObservation = r.observation
              r.observation = first
            }
            out[i] = r
          } catch { err[i] = error }
        }
      }
    }
    try throwFirst(errors)
    return results.map { $0! }
  }

  private func throwFirst(_ errors: [(any Error)?]) throws {
    if let i = errors.firstIndex(where: { $0 != nil }) {
      throw VectorEnvironmentError(index: i, message: String(describing: errors[i]!))
    }
  }
}

/// A failure in one copy of a vector environment.
public struct VectorEnvironmentError: Error, CustomStringConvertible {
  public var index: Int
  public var message: String
  public var description: String { "environment copy \(index): \(message)" }
}
