import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies
import RL
import Tasks
import Testing
import _TestSupport

/// Runs `policy` deterministically for `episodes` seeded episodes; returns the success rate.
func successRate(_ policy: any Policy, episodes: Int, seed: UInt64) throws -> Double {
  let env = PointReachEnvironment()
  var wins = 0
  for e in 0..<episodes {
    var (obs, _) = try env.reset(seed: seed &+ UInt64(e))
    policy.reset()
    while true {
      let r = try env.step(try policy.act(obs).first)
      obs = r.observation
      if r.terminated || r.truncated {
        if r.info.isSuccess { wins += 1 }
        break
      }
    }
  }
  return Double(wins) / Double(episodes)
}

/// The learning curve without its wall-clock fields.
func curve(_ reports: [TrainingProgress]) -> [TrainingProgress] {
  reports.map {
    var r = $0
    r.stepsPerSecond = 0
    r.elapsedSeconds = 0
    return r
  }
}

func temporaryPath(_ name: String) -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("armature-rl-\(getpid())-\(name)").path
}

@Suite struct PPOLearningTests {
  @Test func ppoLearnsPointReach() throws {
    var config = PPOConfig()
    config.totalEnvironmentSteps = 40_960
    let trainer = try PPOTrainer(config: config, seed: 1, threads: 2) { _ in PointReachEnvironment() }
    let last = try trainer.train()
    let policy = trainer.policy(task: "point-reach")
    let rate = try successRate(policy, episodes: 200, seed: 10_000)
    #expect(rate >= 0.95, "success \(rate) after \(trainer.environmentSteps) steps; last report \(String(describing: last))")
    // A random policy almost never succeeds: the learning is real.
    let env = PointReachEnvironment()
    var rng = RandomStream(seed: 3)
    let random = ScriptedPolicy(actionSpace: env.actionSpace) { _ in env.actionSpace.sample(using: &rng) }
    #expect(try successRate(random, episodes: 200, seed: 10_000) < 0.2)
  }

  @Test func sameSeedGivesIdenticalCurveOnOneAndTwoThreads() throws {
    var config = PPOConfig()
    config.environments = 8
    config.rolloutSteps = 32
    config.minibatchSize = 64
    config.epochs = 3
    config.totalEnvironmentSteps = 4 * 256
    var runs: [([TrainingProgress], [Float])] = []
    for threads in [1, 2, 2] {
      let trainer = try PPOTrainer(config: config, seed: 7, threads: threads) { _ in PointReachEnvironment() }
      var reports: [TrainingProgress] = []
      try trainer.train { reports.append($0); return .proceed }
      runs.append((curve(reports), trainer.parameters))
    }
    #expect(runs[0].0.count == 4)
    #expect(runs[0].0 == runs[1].0 && runs[1].0 == runs[2].0)
    #expect(runs[0].1 == runs[1].1 && runs[1].1 == runs[2].1)
    // A different seed gives a different run.
    let other = try PPOTrainer(config: config, seed: 8, threads: 2) { _ in PointReachEnvironment() }
    try other.train()
    #expect(other.parameters != runs[0].1)
  }

  @Test func resumedRunEqualsUninterruptedRun() throws {
    var config = PPOConfig()
    config.environments = 8
    config.rolloutSteps = 40  // not a multiple of the 50-step episodes: episodes straddle the checkpoint
    config.minibatchSize = 80
    config.epochs = 2
    config.totalEnvironmentSteps = 6 * 320
    let make: (Int) -> any Environment = { _ in PointReachEnvironment() }
    let straight = try PPOTrainer(config: config, seed: 11, threads: 2, makeEnvironment: make)
    var straightReports: [TrainingProgress] = []
    try straight.train { straightReports.append($0); return .proceed }

    let first = try PPOTrainer(config: config, seed: 11, threads: 1, makeEnvironment: make)
    var resumedReports: [TrainingProgress] = []
    try first.train { resumedReports.append($0); return $0.iteration == 3 ? .stop : .proceed }
    #expect(first.canResumeExactly)
    let path = temporaryPath("ppo.ckpt")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try first.saveCheckpoint(to: path)
    let resumed = try PPOTrainer(resumingFrom: path, threads: 2, makeEnvironment: make)
    #expect(resumed.iteration == 3)
    try resumed.train { resumedReports.append($0); return .proceed }
    #expect(curve(resumedReports) == curve(straightReports))
    #expect(resumed.parameters == straight.parameters)
  }

  @Test func checkpointForAnotherEnvironmentIsRejected() throws {
    var config = PPOConfig()
    config.environments = 2
    config.rolloutSteps = 8
    config.minibatchSize = 16
    config.totalEnvironmentSteps = 16
    let trainer = try PPOTrainer(config: config, seed: 1, threads: 1) { _ in PointReachEnvironment() }
    let path = temporaryPath("mismatch.ckpt")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try trainer.saveCheckpoint(to: path)
    do {
      _ = try PPOTrainer(resumingFrom: path, threads: 1) { _ in PointReachEnvironment(dimensions: 3) }
      Issue.record("a checkpoint for a 2-D environment loaded into a 3-D one")
    } catch {
      let text = String(describing: error)
      #expect(text.contains(path) && text.contains("observationSpace"), "\(text)")
    }
  }
}
