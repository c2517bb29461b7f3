import ArmatureCore
import EnvInterface
import Foundation
import Policies
import Randomization
import Tasks

/// Runs a policy for seeded episodes on its own environment copies, in parallel, and measures
/// success, return and episode length.
///
/// Episode k is reset with `EpisodeSeeds.evaluation(seed, episode: k)`, so evaluations are
/// repeatable and never meet a training episode. Each thread has its own environment and its own
/// policy instance, and each episode starts from a seeded reset, so results are bit-identical for
/// any thread count when the policy acts deterministically (as `GaussianMLPPolicy` does for
/// evaluation and as scripted experts do). ADR parameters sit at their nominal values.
public final class Evaluator {
  public let task: String
  private let environments: [any TaskEnvironment]
  private let executor: ParallelExecutor

  /// Makes one environment copy per thread with `options` (their `adr` and `copyIndex` are
  /// replaced).
  public init(task: String, options: TaskOptions, threads: Int) throws {
    self.task = task
    executor = ParallelExecutor(threads: max(1, threads))
    var envs: [any TaskEnvironment] = []
    for i in 0..<executor.threads {
      var o = options
      o.adr = nil
      o.copyIndex = i
      envs.append(try TaskRegistry.make(task, options: o))
    }
    environments = envs
  }

  /// Evaluates on environments made elsewhere, one per thread (all of one task, with equal
  /// spaces).
  public init(task: String, environments: [any TaskEnvironment]) {
    precondition(!environments.isEmpty, "an evaluator needs at least one environment")
    self.task = task
    self.environments = environments
    executor = ParallelExecutor(threads: environments.count)
  }

  /// The spaces of the task's environments.
  public var observationSpace: BoxSpace { environments[0].observationSpace }
  public var actionSpace: BoxSpace { environments[0].actionSpace }

  /// The task's scripted expert (a fresh instance for each call).
  public func makeExpert() -> any Policy { environments[0].makeExpert() }

  /// Evaluates for `episodes` episodes seeded from `seed`. `makePolicy` is called once per
  /// thread and must give independent instances. `progress` is told the number of episodes
  /// finished (from worker threads, one call at a time).
  public func evaluate(
    episodes: Int, seed: UInt64, policyName: String, makePolicy: () throws -> any Policy,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws -> EvaluationResult {
    precondition(episodes >= 0, "a negative episode count")
    let chunks = min(executor.threads, max(1, episodes))
    var policies: [any Policy] = []
    for _ in 0..<chunks { policies.append(ActionChunkExecutor(try makePolicy())) }
    var outcomes = [EpisodeOutcome?](repeating: nil, count: episodes)
    var errors = [(any Error)?](repeating: nil, count: chunks)
    let lock = NSLock()
    nonisolated(unsafe) var finished = 0
    let envs = environments
    outcomes.withUnsafeMutableBufferPointer { out in
      errors.withUnsafeMutableBufferPointer { err in
        nonisolated(unsafe) let out = out
        nonisolated(unsafe) let err = err
        nonisolated(unsafe) let policies = policies
        executor.forEachChunk(episodes) { chunk, range in
          do {
            for k in range {
              out[k] = try Self.runEpisode(envs[chunk], policy: policies[chunk], seed: EpisodeSeeds.evaluation(seed, episode: k))
              if let progress {
                lock.lock()
                finished += 1
                progress(finished)
                lock.unlock()
              }
            }
          } catch { err[chunk] = error }
        }
      }
    }
    if let error = errors.compactMap({ $0 }).first { throw error }
    return EvaluationResult(task: task, policy: policyName, seed: seed, outcomes: outcomes.map { $0! })
  }

  /// One episode from a seeded reset to its end.
  static func runEpisode(_ env: any Environment, policy: any Policy, seed: UInt64) throws -> EpisodeOutcome {
    var (observation, _) = try env.reset(seed: seed)
    policy.reset()
    var total = 0.0
    var length = 0
    while true {
      let r = try env.step(try policy.act(observation).first)
      total += r.reward
      length += 1
      observation = r.observation
      if r.terminated || r.truncated {
        return EpisodeOutcome(seed: seed, episodeReturn: total, length: length, success: r.info.isSuccess)
      }
    }
  }

  /// Runs evaluation episode `episode` (seeded as `evaluate` seeds it) on the first copy and
  /// returns task-camera frames of at most `maxFrames` evenly spaced steps, from the state after
  /// the reset (step 0) to the last step, with each frame's step number. The episode runs twice:
  /// once to learn its length, once to render the chosen steps (it replays exactly, being
  /// seeded). Throws `TaskCameraUnavailable` for tasks that cannot render.
  public func frames(
    episode: Int, seed: UInt64, policy: any Policy, maxFrames: Int = 16, width: Int = TaskCamera.defaultWidth,
    height: Int = TaskCamera.defaultHeight
  ) throws -> [(step: Int, image: RGBImage)] {
    precondition(maxFrames >= 2, "a contact sheet shows at least the first and the last frame")
    let env = environments[0]
    let episodeSeed = EpisodeSeeds.evaluation(seed, episode: episode)
    // Fail early, before running anything, when the task cannot render.
    _ = try env.reset(seed: episodeSeed)
    _ = try env.renderTaskCamera(width: width, height: height)
    let executor = ActionChunkExecutor(policy)
    let length = try Self.runEpisode(env, policy: executor, seed: episodeSeed).length
    let count = min(maxFrames, length + 1)
    let chosen = Set((0..<count).map { Int((Double($0) * Double(length) / Double(count - 1)).rounded()) })
    var frames: [(step: Int, image: RGBImage)] = []
    var (observation, _) = try env.reset(seed: episodeSeed)
    executor.reset()
    if chosen.contains(0) { frames.append((0, try env.renderTaskCamera(width: width, height: height))) }
    for step in 1...length {
      let r = try env.step(try executor.act(observation).first)
      observation = r.observation
      if chosen.contains(step) { frames.append((step, try env.renderTaskCamera(width: width, height: height))) }
    }
    return frames
  }
}

extension GaussianMLPPolicy {
  /// An independent instance with the same weights (for another thread).
  public func copy() -> GaussianMLPPolicy {
    GaussianMLPPolicy(
      network: network, head: head, parameters: parameters, normalization: normalization,
      observationSpace: observationSpace, actionSpace: actionSpace, provenance: provenance, selection: selection)
  }
}
