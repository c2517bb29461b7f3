import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies
import RL
import Tasks
import Testing
import _TestSupport

@Suite struct ESAndBCTests {
  @Test func esLearnsPointReach() throws {
    var config = ESConfig()
    config.iterations = 150
    let trainer = try ESTrainer(config: config, seed: 3, threads: 2) { _ in PointReachEnvironment() }
    var reports: [TrainingProgress] = []
    try trainer.train { reports.append($0); return .proceed }
    let rate = try successRate(trainer.policy(task: "point-reach"), episodes: 200, seed: 20_000)
    #expect(rate >= 0.9, "ES success \(rate); population success by iteration: \(reports.map { $0.successRate ?? 0 })")
  }

  @Test func esIsIdenticalAcrossThreadCountsAndResumes() throws {
    var config = ESConfig()
    config.iterations = 4
    config.populationPairs = 6
    let make: (Int) -> any Environment = { _ in PointReachEnvironment() }
    let one = try ESTrainer(config: config, seed: 5, threads: 1, makeEnvironment: make)
    var oneReports: [TrainingProgress] = []
    try one.train { oneReports.append($0); return .proceed }
    let two = try ESTrainer(config: config, seed: 5, threads: 2, makeEnvironment: make)
    var twoReports: [TrainingProgress] = []
    try two.train { twoReports.append($0); return .proceed }
    #expect(one.parameters == two.parameters)
    #expect(curve(oneReports) == curve(twoReports))

    let interrupted = try ESTrainer(config: config, seed: 5, threads: 2, makeEnvironment: make)
    try interrupted.train { $0.iteration == 2 ? .stop : .proceed }
    let path = temporaryPath("es.ckpt")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try interrupted.saveCheckpoint(to: path)
    let resumed = try ESTrainer(resumingFrom: path, threads: 1, makeEnvironment: make)
    try resumed.train()
    #expect(resumed.parameters == one.parameters)
  }

  @Test func behaviourCloningClonesTheScriptedExpert() throws {
    let env = PointReachEnvironment()
    let expert = env.makeExpert()
    #expect(try successRate(expert, episodes: 100, seed: 30_000) >= 0.99)
    let data = try Demonstrations.collect(expert: expert, environment: env, episodes: 200, seed: 4)
    #expect(data.successfulEpisodes >= 198 && data.count > 1000)
    var config = BCConfig()
    config.epochs = 100
    let policy = try BehaviourCloning.train(demonstrations: data, config: config, seed: 2, task: "point-reach")
    let rate = try successRate(policy, episodes: 200, seed: 40_000)
    #expect(rate >= 0.9, "cloned policy success \(rate)")
    // Deterministic for a seed.
    let again = try BehaviourCloning.train(demonstrations: data, config: config, seed: 2, task: "point-reach")
    #expect(again.parameters == policy.parameters)
  }
}
