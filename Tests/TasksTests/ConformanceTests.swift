import ArmatureCore
import EnvInterface
import Foundation
import Randomization
import Tasks
import Testing

/// One conformance suite over every registered task (dm_control's suite_test, Gymnasium's
/// env_checker): spaces, determinism, reward terms, the expert, robustness under wide
/// randomization, recovery from a physics blow-up, and saved state.
@Suite struct ConformanceTests {
  static let tasks = TaskRegistry.names

  /// Runs `steps` steps of seeded random actions (resetting when episodes end) and returns what
  /// came back.
  func rollout(_ env: any TaskEnvironment, seed: UInt64, steps: Int, actionSeed: UInt64 = 1) throws -> [StepResult] {
    var rng = RandomStream(seed: actionSeed)
    _ = try env.reset(seed: seed)
    var out: [StepResult] = []
    for _ in 0..<steps {
      let r = try env.step(env.actionSpace.sample(using: &rng))
      out.append(r)
      if r.terminated || r.truncated { _ = try env.reset(seed: nil) }
    }
    return out
  }

  @Test(arguments: tasks)
  func spacesHold(task: String) throws {
    // Bounds are those of the noise-free state, so check them without randomization.
    let env = try TaskRegistry.make(task, options: TaskOptions(randomization: RandomizationSpec.none))
    let (first, _) = try env.reset(seed: 3)
    #expect(first.vector.count == env.observationSpace.count)
    #expect(!env.instruction.isEmpty)
    #expect(first.instruction == env.instruction)
    #expect(env.observationSpace.components.map(\.range).reduce(0) { $0 + $1.count } == env.observationSpace.count)
    for r in try rollout(env, seed: 3, steps: 60) {
      #expect(r.observation.vector.count == env.observationSpace.count)
      #expect(env.observationSpace.contains(r.observation.vector), "observation outside its declared bounds")
      #expect(r.reward.isFinite)
    }
  }

  @Test(arguments: tasks)
  func sameSeedAndActionsGiveTheSameTrajectory(task: String) throws {
    let a = try rollout(TaskRegistry.make(task), seed: 11, steps: 80)
    let b = try rollout(TaskRegistry.make(task), seed: 11, steps: 80)
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) {
      #expect(x.observation.vector.map(\.bitPattern) == y.observation.vector.map(\.bitPattern))
      #expect(x.reward.bitPattern == y.reward.bitPattern)
      #expect(x.terminated == y.terminated && x.truncated == y.truncated)
    }
    let c = try rollout(TaskRegistry.make(task), seed: 12, steps: 80)
    #expect(a.map(\.observation.vector) != c.map(\.observation.vector), "another seed, another episode")
  }

  @Test(arguments: tasks)
  func rewardTermsSumToTheReward(task: String) throws {
    for kind in [RewardKind.dense, .sparse] {
      let env = try TaskRegistry.make(task, options: TaskOptions(reward: kind))
      for r in try rollout(env, seed: 5, steps: 60) {
        #expect(!r.info.rewardTerms.isEmpty)
        #expect(abs(r.reward - r.info.rewardSum) <= 1e-12 * max(1, abs(r.reward)), "\(kind): \(r.info.rewardTerms)")
      }
    }
  }

  @Test(arguments: tasks)
  func theExpertSucceeds(task: String) throws {
    let env = try TaskRegistry.make(task)
    let expert = env.makeExpert()
    var successes = 0
    for seed in UInt64(0)..<3 {
      var (obs, _) = try env.reset(seed: 1000 + seed)
      expert.reset()
      while true {
        let r = try env.step(expert.act(obs).first)
        obs = r.observation
        if r.terminated || r.truncated {
          if r.info.isSuccess { successes += 1 }
          break
        }
      }
    }
    #expect(successes >= 2, "the scripted expert succeeded in \(successes) of 3 episodes")
  }

  @Test(arguments: tasks)
  func wideRandomizationProducesNoNaN(task: String) throws {
    let description = try TaskRegistry.entry(task).description
    let wide = description.defaultRandomization.widened(by: 2)
    let env = try TaskRegistry.make(task, options: TaskOptions(randomization: wide))
    for r in try rollout(env, seed: 21, steps: 1000) {
      #expect(r.observation.vector.allSatisfy { $0.isFinite })
      #expect(r.reward.isFinite)
    }
  }

  @Test(arguments: tasks)
  func resetAfterAPhysicsBlowUpWorks(task: String) throws {
    let description = try TaskRegistry.entry(task).description
    guard description.simulatesPhysics else {
      // A physics-free task cannot blow up; it must say so.
      #expect(task == "point-reach")
      return
    }
    // Gravity a million times too strong makes the first step diverge.
    let blowUp = RandomizationSpec(parameters: [
      ParameterRandomization(name: "gravity", distribution: .uniform(low: -1e7, high: -1e7), apply: .offset)
    ])
    let env = try TaskRegistry.make(task, options: TaskOptions(randomization: blowUp))
    _ = try env.reset(seed: 1)
    var diverged = false
    for _ in 0..<5 {
      let r = try env.step([Double](repeating: 0, count: env.actionSpace.count))
      if r.truncated {
        diverged = r.info.metrics["diverged"] == 1
        #expect(r.observation.vector.allSatisfy { $0.isFinite })
        break
      }
    }
    #expect(diverged, "the blow-up was reported as a truncation with metrics[\"diverged\"] = 1")
    // The environment resets cleanly and steps on (still under the absurd gravity it diverges
    // again, which is fine: it must never crash or return non-finite values).
    let (obs, _) = try env.reset(seed: 2)
    #expect(obs.vector.allSatisfy { $0.isFinite })
    let normal = try TaskRegistry.make(task)
    for r in try rollout(normal, seed: 2, steps: 30) { #expect(r.observation.vector.allSatisfy { $0.isFinite }) }
  }

  @Test(arguments: tasks)
  func savedStateContinuesIdentically(task: String) throws {
    let env = try TaskRegistry.make(task)
    var rng = RandomStream(seed: 8)
    _ = try env.reset(seed: 31)
    for _ in 0..<7 { _ = try env.step(env.actionSpace.sample(using: &rng)) }
    let saved = try #require(env.saveState())
    let actions = (0..<10).map { _ in env.actionSpace.sample(using: &rng) }
    func run() throws -> [[Double]] {
      var out: [[Double]] = []
      for a in actions {
        let r = try env.step(a)
        out.append(r.observation.vector + [r.reward])
        if r.terminated || r.truncated { break }
      }
      return out
    }
    let first = try run()
    try env.restoreState(saved)
    let second = try run()
    #expect(first.map { $0.map(\.bitPattern) } == second.map { $0.map(\.bitPattern) })
  }

  @Test(arguments: tasks)
  func nonFiniteActionsAreRefused(task: String) throws {
    let env = try TaskRegistry.make(task)
    _ = try env.reset(seed: 0)
    var action = [Double](repeating: 0, count: env.actionSpace.count)
    action[0] = .nan
    #expect(throws: (any Error).self) { try env.step(action) }
    #expect(throws: (any Error).self) { try env.step([0]) }
  }
}
