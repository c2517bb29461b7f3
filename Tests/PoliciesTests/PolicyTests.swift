import ArmatureCore
import EnvInterface
import Foundation
import NN
import Policies
import Tasks
import Testing
import _TestSupport

private func tempPath(_ name: String) -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("armature-pol-\(getpid())-\(name)").path
}

private func makePolicy(seed: UInt64 = 1) throws -> GaussianMLPPolicy {
  let env = PointReachEnvironment()
  let net = try Network.mlp(inputs: env.observationSpace.count, hidden: [16, 16], outputs: 2)
  let head = GaussianHead(actionCount: 2, initialLogStd: -0.5)
  var rng = RandomStream(seed: seed)
  var stats = RunningMeanStd(dimension: env.observationSpace.count)
  for _ in 0..<50 { stats.update((0..<6).map { _ in rng.normal() }) }
  return GaussianMLPPolicy(
    network: net, head: head, parameters: net.initialParameters(using: &rng) + head.initialParameters(),
    normalization: ObservationNormalization(statistics: stats), observationSpace: env.observationSpace,
    actionSpace: env.actionSpace,
    provenance: PolicyProvenance(task: "point-reach", configHash: "abc123", seed: seed, trainer: "ppo", environmentSteps: 42))
}

@Suite struct PolicyTests {
  @Test func policyFileRoundTripActsIdentically() throws {
    let policy = try makePolicy()
    let path = tempPath("p.policy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try PolicyFile.save(policy, to: path)
    let env = PointReachEnvironment()
    let loaded = try PolicyFile.load(path, observationSpace: env.observationSpace, actionSpace: env.actionSpace, task: "point-reach")
    #expect(loaded.parameters == policy.parameters)
    #expect(loaded.normalization == policy.normalization)
    #expect(loaded.provenance == policy.provenance)
    var rng = RandomStream(seed: 5)
    for _ in 0..<20 {
      let obs = Observation(vector: env.observationSpace.sample(using: &rng))
      let a = try policy.act(obs).first
      #expect(try loaded.act(obs).first == a)
      #expect(env.actionSpace.contains(a))
    }
  }

  @Test func mismatchedAndDamagedFilesAreRejectedClearly() throws {
    let path = tempPath("m.policy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try PolicyFile.save(try makePolicy(), to: path)
    func expectError(_ fragment: String, _ body: () throws -> Void) {
      do {
        try body()
        Issue.record("expected an error containing '\(fragment)'")
      } catch {
        let text = String(describing: error)
        #expect(text.contains(path) && text.contains(fragment), "\(text)")
      }
    }
    let env3 = PointReachEnvironment(dimensions: 3)
    expectError("observationSpace") {
      _ = try PolicyFile.load(path, observationSpace: env3.observationSpace, actionSpace: env3.actionSpace)
    }
    let env = PointReachEnvironment()
    expectError("trained on 'point-reach', not 'cube-push'") {
      _ = try PolicyFile.load(path, observationSpace: env.observationSpace, actionSpace: env.actionSpace, task: "cube-push")
    }
    var wider = env.actionSpace
    wider.high[0] = 3
    expectError("bounds differ at element 0") {
      _ = try PolicyFile.load(path, observationSpace: env.observationSpace, actionSpace: wider)
    }
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[bytes.count - 1] ^= 1
    try bytes.write(to: URL(fileURLWithPath: path))
    expectError("checksum") { _ = try PolicyFile.load(path) }
    // A checkpoint or any other archive is not a policy.
    try ParameterArchive(kind: "ppo-checkpoint", metadata: ["x": 1], arrays: []).write(to: path)
    expectError("expected a 'policy'") { _ = try PolicyFile.load(path) }
  }

  @Test func stochasticSelectionIsSeededAndDeterministicIsTheMean() throws {
    let policy = try makePolicy()
    let obs = Observation(vector: [0.1, -0.2, 0, 0, 0.5, 0.3])
    let mean = try policy.act(obs).first
    #expect(try policy.act(obs).first == mean)
    policy.selection = .stochastic(seed: 9)
    let a = try (0..<5).map { _ in try policy.act(obs).first }
    #expect(Set(a.map { $0.description }).count == 5)
    policy.selection = .deterministic
    policy.selection = .stochastic(seed: 9)
    #expect(try (0..<5).map { _ in try policy.act(obs).first } == a)
  }

  @Test func chunkExecutorQueuesAndRequeries() throws {
    let space = BoxSpace(name: "a", count: 1, low: -10, high: 10)
    var calls: [Double] = []
    let chunker = ScriptedPolicy(actionSpace: space) { input in
      calls.append(input.vector[0])
      let base = input.vector[0]
      return ActionChunk([[base], [base + 1], [base + 2], [base + 3]])
    }
    let all = ActionChunkExecutor(chunker)
    let got = try (0..<6).map { t in try all.act(Observation(vector: [Double(10 * t)])).first[0] }
    // Chunk from t = 0 covers four steps; the next query sees the observation of t = 4.
    #expect(got == [0, 1, 2, 3, 40, 41])
    #expect(all.queries == 2 && calls == [0, 40])
    let receding = ActionChunkExecutor(chunker, executeSteps: 2)
    let got2 = try (0..<5).map { t in try receding.act(Observation(vector: [Double(10 * t)])).first[0] }
    #expect(got2 == [0, 1, 20, 21, 40])
    receding.reset()
    #expect(receding.pending == 0)
    let replay = ReplayPolicy(actionSpace: space, actions: [[1], [2], [3]], chunkSize: 2)
    #expect(try replay.act(Observation(vector: [])).actions == [[1], [2]])
    #expect(try replay.act(Observation(vector: [])).actions == [[3]])
    #expect(try replay.act(Observation(vector: [])).actions == [[3]])
  }

  @Test func wrongObservationSizeIsAnError() throws {
    #expect(throws: PolicyError.self) { _ = try makePolicy().act(Observation(vector: [1, 2])) }
  }
}
