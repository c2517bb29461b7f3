import ArmatureCore
import EnvInterface
import Tasks
import Testing
import _TestSupport

/// Seeded random actions for every copy at every step.
private func actions(step: Int, count: Int, space: BoxSpace) -> [[Double]] {
  var rng = RandomStream(seed: 99).derived(UInt64(step))
  return (0..<count).map { _ in space.sample(using: &rng) }
}

@Suite struct VectorEnvironmentTests {
  @Test func vectorEqualsSequentialAndThreadCountsAgree() throws {
    let n = 5
    let steps = 120  // several 50-step episodes, some ended early by success
    var outcomes: [[[StepResult]]] = []
    for threads in [1, 2, 3] {
      let venv = try VectorEnvironment(count: n, threads: threads) { _ in PointReachEnvironment(successRadius: 0.3) }
      _ = try venv.reset(seed: 17)
      outcomes.append(try (0..<steps).map { try venv.step(actions(step: $0, count: n, space: venv.actionSpace)) })
    }
    #expect(outcomes[0] == outcomes[1] && outcomes[1] == outcomes[2])
    // The same copies stepped one by one with the stated autoreset rule.
    var sequential: [[StepResult]] = Array(repeating: [], count: steps)
    for i in 0..<n {
      let env = PointReachEnvironment(successRadius: 0.3)
      _ = try env.reset(seed: VectorEnvironment.environmentSeed(17, index: i))
      let space = env.actionSpace
      for t in 0..<steps {
        var r = try env.step(actions(step: t, count: n, space: space)[i])
        if r.terminated || r.truncated {
          r.info.finalObservation = r.observation
          r.observation = try env.reset(seed: nil).0
        }
        sequential[t].append(r)
      }
    }
    #expect(sequential == outcomes[0])
    let ends = outcomes[0].joined().filter { $0.terminated || $0.truncated }
    #expect(ends.contains { $0.terminated } && ends.contains { $0.truncated })
    #expect(ends.allSatisfy { $0.info.finalObservation != nil && $0.info.finalObservation != $0.observation })
    #expect(outcomes[0].joined().filter { !($0.terminated || $0.truncated) }.allSatisfy { $0.info.finalObservation == nil })
  }

  @Test func timeLimitTruncatesAndRewardTermsSum() throws {
    let env = TimeLimit(PointReachEnvironment(successRadius: 0), maxSteps: 7)
    _ = try env.reset(seed: 1)
    for t in 1...7 {
      let r = try env.step([0.1, -0.1])
      #expect(r.truncated == (t == 7) && !r.terminated)
      #expect(abs(r.reward - r.info.rewardSum) < 1e-15)
      #expect(r.info.rewardTerms.map(\.name) == ["distance", "success", "action"])
    }
  }

  @Test func normalizationStatisticsMatchDirectMoments() throws {
    let inner = PointReachEnvironment()
    let env = NormalizeObservation(inner)
    var seen: [[Double]] = []
    var (o, _) = try env.reset(seed: 3)
    seen.append(inner.position + inner.velocity + inner.goal)
    var rng = RandomStream(seed: 4)
    for _ in 0..<200 {
      o = try env.step(inner.actionSpace.sample(using: &rng)).observation
      seen.append(inner.position + inner.velocity + inner.goal)
    }
    let n = Double(seen.count)
    for i in 0..<6 {
      let mean = seen.reduce(0) { $0 + $1[i] } / n
      let variance = seen.reduce(0) { $0 + ($1[i] - mean) * ($1[i] - mean) } / n
      #expect(abs(env.statistics.mean[i] - mean) < 1e-12)
      #expect(abs(env.statistics.variance[i] - variance) < 1e-12)
      #expect(abs(o.vector[i] - (seen.last![i] - mean) / (variance + 1e-8).squareRoot()) < 1e-9)
    }
    // Batch merging (Chan et al.) equals one-at-a-time updates.
    var a = RunningMeanStd(dimension: 6)
    a.update(batch: Array(seen[0..<80]))
    a.update(batch: Array(seen[80...]))
    for i in 0..<6 {
      #expect(abs(a.mean[i] - env.statistics.mean[i]) < 1e-12 && abs(a.variance[i] - env.statistics.variance[i]) < 1e-12)
    }
    // Frozen statistics do not move.
    env.isFrozen = true
    let before = env.statistics
    _ = try env.step([0, 0])
    #expect(env.statistics == before)
  }

  @Test func actionRescalingAndClipping() throws {
    let inner = PointReachEnvironment(maxCommand: 2)
    let rescaled = RescaleAction(inner)
    #expect(rescaled.actionSpace.low == [-1, -1] && rescaled.actionSpace.high == [1, 1])
    #expect(rescaled.actionSpace.components == inner.actionSpace.components)
    #expect(inner.actionSpace.fromUnitBox([-1, 0.5]) == [-2, 1])
    #expect(inner.actionSpace.toUnitBox([-2, 1]) == [-1, 0.5])
    #expect(inner.actionSpace.fromUnitBox([7, -7]) == [2, -2])
    // The wrapped step equals the inner step on the mapped action.
    let a = PointReachEnvironment(maxCommand: 2)
    _ = try rescaled.reset(seed: 5)
    _ = try a.reset(seed: 5)
    #expect(try rescaled.step([0.25, -0.5]) == (try a.step([0.5, -1])))
    let clipped = ClipAction(PointReachEnvironment(maxCommand: 2))
    let b = PointReachEnvironment(maxCommand: 2)
    _ = try clipped.reset(seed: 6)
    _ = try b.reset(seed: 6)
    #expect(try clipped.step([5, -0.5]) == (try b.step([2, -0.5])))
  }

  @Test func wrappedStateRestoresExactly() throws {
    let env = TimeLimit(NormalizeObservation(PointReachEnvironment()), maxSteps: 30)
    _ = try env.reset(seed: 8)
    for _ in 0..<10 { _ = try env.step([0.3, 0.2]) }
    let saved = try #require(env.saveState())
    let a = try (0..<25).map { _ in try env.step([-0.1, 0.4]) }
    try env.restoreState(saved)
    let b = try (0..<25).map { _ in try env.step([-0.1, 0.4]) }
    #expect(a == b)
    #expect(a[19].truncated)
  }
}
