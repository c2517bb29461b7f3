import ArmatureCore
import EnvInterface
import Experiments
import Foundation
import Policies
import RL
import Randomization
import Tasks
import Testing
import _TestSupport

@Suite struct EvaluationTests {
  @Test func theExpertSucceedsAndResultsDoNotDependOnThreads() throws {
    var results: [EvaluationResult] = []
    for threads in [1, 2, 3] {
      let evaluation = PolicyEvaluation(task: "point-reach", policy: .expert, episodes: 60, seed: 5, threads: threads)
      results.append(try evaluation.run())
    }
    #expect(results[0] == results[1] && results[1] == results[2])
    let r = results[0]
    #expect(r.episodes == 60 && r.successes == 60, "\(r.summary)")
    #expect(r.confidenceInterval == ConfidenceInterval.wilson(successes: 60, trials: 60))
    // Every episode has its own seed, in the evaluation half of the seed space.
    #expect(Set(r.outcomes.map(\.seed)).count == 60 && r.outcomes.allSatisfy { EpisodeSeeds.isEvaluation($0.seed) })
    #expect(r.outcomes.map(\.seed) == (0..<60).map { EpisodeSeeds.evaluation(5, episode: $0) })
    // The means are those of the outcomes.
    #expect(abs(r.meanEpisodeLength - Double(r.outcomes.reduce(0) { $0 + $1.length }) / 60) < 1e-12)
    // Another seed, other episodes.
    let other = try PolicyEvaluation(task: "point-reach", policy: .expert, episodes: 60, seed: 6, threads: 2).run()
    #expect(other.outcomes.map(\.seed) != r.outcomes.map(\.seed))
  }

  @Test func trainingSeedsNeverReachTheEvaluationHalf() throws {
    let inner = PointReachEnvironment()
    let wrapped = TrainingSeedDomain(PointReachEnvironment())
    let seed = EpisodeSeeds.evaluation(1, episode: 0)
    #expect(EpisodeSeeds.isEvaluation(seed) && !EpisodeSeeds.isEvaluation(EpisodeSeeds.training(seed)))
    // The wrapped environment resets as the bare one does with the seed's training half.
    let a = try wrapped.reset(seed: seed).0
    let b = try inner.reset(seed: EpisodeSeeds.training(seed)).0
    #expect(a == b)
    #expect(a != (try inner.reset(seed: seed).0))
    // State passes through.
    _ = try wrapped.step([0.5, -0.5])
    let saved = try #require(wrapped.saveState())
    let next = try wrapped.step([0.1, 0.1])
    try wrapped.restoreState(saved)
    #expect(try wrapped.step([0.1, 0.1]) == next)
  }

  @Test func aMismatchedPolicyFileIsRejectedWithItsPath() throws {
    let folder = try temporaryDirectory("eval")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let env3 = PointReachEnvironment(dimensions: 3)
    var config = BCConfig()
    config.epochs = 1
    let data = try Demonstrations.collect(expert: env3.makeExpert(), environment: env3, episodes: 3, seed: 1)
    let policy = try BehaviourCloning.train(demonstrations: data, config: config, seed: 1, task: "point-reach")
    let path = folder + "/p3.armature"
    try PolicyFile.save(policy, to: path)
    do {
      _ = try PolicyEvaluation(task: "point-reach", policy: .file(path), episodes: 2, threads: 1).run()
      Issue.record("a policy for 3-D points evaluated on 2-D ones")
    } catch {
      let text = String(describing: error)
      #expect(text.contains(path) && text.contains("observationSpace"), "\(text)")
    }
  }

  @Test func framesOfATaskWithoutACameraFailClearly() throws {
    let evaluator = Evaluator(task: "blind", environments: [BlindTask()])
    do {
      _ = try evaluator.frames(episode: 0, seed: 0, policy: evaluator.makeExpert())
      Issue.record("frames from a task that cannot render")
    } catch let error as TaskCameraUnavailable {
      #expect(error.description == "task 'blind' cannot render frames (it has no task camera)")
    }
  }
}

/// A task environment that keeps `TaskEnvironment`'s default task camera (none).
private final class BlindTask: TaskEnvironment {
  let inner = PointReachEnvironment()
  var taskDescription: TaskDescription {
    var d = inner.taskDescription
    d.name = "blind"
    return d
  }
  var observationSpace: BoxSpace { inner.observationSpace }
  var actionSpace: BoxSpace { inner.actionSpace }
  var instruction: String { inner.instruction }
  func reset(seed: UInt64?) throws -> (Observation, StepInfo) { try inner.reset(seed: seed) }
  func step(_ action: [Double]) throws -> StepResult { try inner.step(action) }
  func saveState() -> Data? { inner.saveState() }
  func restoreState(_ state: Data) throws { try inner.restoreState(state) }
  func makeExpert() -> any Policy { inner.makeExpert() }
}
