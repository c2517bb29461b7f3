import EnvInterface
import Foundation
import NN
import Policies
import RL
import Testing
import _TestSupport

/// Runs `policy` deterministically for `episodes` seeded episodes; returns the success rate.
func successRate(_ policy: any Policy, episodes: Int, seed: UInt64, dimensions: Int = 2) throws -> Double {
  let env = PointReachEnvironment.make(dimensions: dimensions)
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

@Suite struct PPOLearningTests {
  @Test func ppoLearnsPointReach() throws {
    var config = PPOConfig()
    config.totalEnvironmentSteps = 60_000
    let trainer = try PPOTrainer(config: config, seed: 1, threads: 2) { _ in PointReachEnvironment.make() }
    try trainer.train { p in
      print(p.iteration, p.environmentSteps, p.meanReturn ?? .nan, p.successRate ?? .nan, p.approximateKL ?? .nan, p.entropy ?? .nan, Int(p.stepsPerSecond))
      return .proceed
    }
    let rate = try successRate(trainer.policy(task: "point-reach"), episodes: 200, seed: 10_000)
    print("success", rate)
    #expect(rate >= 0.95)
  }
}
