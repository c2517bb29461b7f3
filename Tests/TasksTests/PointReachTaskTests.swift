import ArmatureCore
import EnvInterface
import Foundation
import Randomization
import Tasks
import Testing

/// Runs `policy` from a seeded reset to the episode's end; returns the steps and whether it
/// succeeded.
private func episode(_ env: any Environment, _ policy: any Policy, seed: UInt64) throws -> (steps: [StepResult], success: Bool) {
  var (obs, _) = try env.reset(seed: seed)
  policy.reset()
  var steps: [StepResult] = []
  while true {
    let r = try env.step(try policy.act(obs).first)
    steps.append(r)
    obs = r.observation
    if r.terminated || r.truncated { return (steps, r.info.isSuccess) }
  }
}

@Suite struct PointReachTaskTests {
  @Test func theRegistryMakesItWithItsTimeLimitSpacesAndRewardTerms() throws {
    #expect(TaskRegistry.names.contains("point-reach"))
    let env = try TaskRegistry.make("point-reach", options: TaskOptions(episodeSteps: 12))
    #expect(env.taskDescription.name == "point-reach" && env.taskDescription.episodeSteps == 12)
    #expect(env.observationSpace.components.map(\.name) == ["position", "velocity", "goal"])
    #expect(env.actionSpace.components.map(\.name) == ["velocity_command"] && env.actionSpace.count == 2)
    _ = try env.reset(seed: 3)
    for t in 1...12 {
      // Standing still far from the goal: the episode can only end by the time limit.
      let r = try env.step([0, 0])
      #expect(r.truncated == (t == 12) && !r.terminated)
      #expect(r.reward == r.info.rewardSum)
      #expect(r.info.rewardTerms.map(\.name) == ["distance", "success", "action"])
      #expect(abs(r.info.rewardTerms[0].value + r.info.metrics["distance"]!) < 1e-15)
    }
    #expect(throws: UnknownTaskError.self) { _ = try TaskRegistry.make("no-such-task") }
  }

  @Test func theExpertSucceedsUnderTheDefaultRandomization() throws {
    let env = try TaskRegistry.make("point-reach")
    let expert = env.makeExpert()
    var wins = 0
    for e in 0..<100 where try episode(env, expert, seed: 1000 + UInt64(e)).success { wins += 1 }
    #expect(wins >= 99, "the expert succeeded in \(wins) of 100 episodes")
  }

  @Test func aSeedReplaysAndASavedStateContinuesIdentically() throws {
    let env = try TaskRegistry.make("point-reach")
    let expert = env.makeExpert()
    let a = try episode(env, expert, seed: 77)
    let b = try episode(env, expert, seed: 77)
    #expect(a.steps == b.steps)
    // Mid-episode save and restore, with per-step observation noise in play.
    var (obs, _) = try env.reset(seed: 78)
    for _ in 0..<3 { obs = try env.step(try expert.act(obs).first).observation }
    let saved = try #require(env.saveState())
    let actions: [[Double]] = [[0.3, -0.2], [1, 1], [-2, 0.5], [0, 0]]
    let first = try actions.map { try env.step($0) }
    try env.restoreState(saved)
    #expect(try actions.map { try env.step($0) } == first)
    // A state from a 3-D point does not fit.
    let three = PointReachEnvironment(dimensions: 3)
    _ = try three.reset(seed: 1)
    #expect(throws: EnvironmentStateError.self) { try env.restoreState(three.saveState()!) }
  }

  @Test func randomizationDrawsFromTheNominalValues() throws {
    let plain = PointReachEnvironment()
    let randomized = try PointReachEnvironment(options: TaskOptions())
    var gains: [Double] = []
    var responses: [Double] = []
    _ = try randomized.reset(seed: 5)
    for _ in 0..<300 {
      _ = try randomized.reset(seed: nil)
      gains.append(randomized.gain)
      responses.append(randomized.response)
      _ = try plain.reset(seed: nil)
      #expect(plain.gain == 1 && plain.response == 0.5)
    }
    #expect(gains.allSatisfy { $0 >= 0.8 && $0 <= 1.2 } && responses.allSatisfy { $0 >= 0.35 && $0 <= 0.65 })
    #expect(gains.min()! < 0.85 && gains.max()! > 1.15 && Set(gains).count == 300)
    // Observation noise: the observed position differs from the true one, by about σ = 0.005.
    let (obs, _) = try randomized.reset(seed: 9)
    let offsets = (0..<2).map { obs.vector[$0] - randomized.position[$0] }
    #expect(offsets.allSatisfy { $0 != 0 && abs($0) < 0.05 })
    // Without randomization the observation is the state.
    let (clean, _) = try plain.reset(seed: 9)
    #expect(clean.vector == plain.position + plain.velocity + plain.goal)
  }

  @Test func finishedEpisodesReportToADRAtTheirPinnedBoundary() throws {
    let spec = RandomizationSpec(parameters: [
      ParameterRandomization(name: "actuator.gain", distribution: .uniform(low: 0.5, high: 1.5), adr: true, adrStep: 0.1)
    ])
    var settings = ADRSettings()
    settings.bufferSize = 4
    settings.boundaryProbability = 1
    var withSettings = spec
    withSettings.adr = settings
    let adr = ADRCoordinator(ADRState(spec: withSettings))
    let env = try PointReachEnvironment(options: TaskOptions(randomization: withSettings, adr: adr, copyIndex: 0))
    let expert = env.makeExpert()
    _ = try env.reset(seed: 1)
    // The range starts at the nominal gain, so every pinned episode sees gain 1 and succeeds.
    for e in 0..<8 {
      let r = try episode(env, expert, seed: 100 + UInt64(e))
      #expect(r.success && env.gain == 1)
    }
    #expect(adr.update() == 8)
    let range = adr.state.ranges[0]
    // Eight successes over the two ends, four to a buffer: both ends moved out by one step
    // unless one end got more than four (then it moved and kept the rest).
    #expect(range.low < 1 || range.high > 1)
    #expect(adr.state.entropy > ADRState(spec: withSettings).entropy)
    // A coordinator for another spec is refused.
    #expect(throws: TaskOptionsError.self) {
      _ = try PointReachEnvironment(options: TaskOptions(randomization: PointReachEnvironment.defaultRandomization, adr: adr))
    }
  }

  @Test func badOptionsAreRefused() throws {
    #expect(throws: TaskOptionsError.self) { _ = try TaskRegistry.make("point-reach", options: TaskOptions(cameras: ["front"])) }
    let unknown = RandomizationSpec(parameters: [ParameterRandomization(name: "cube.mass", distribution: .uniform(low: 0.5, high: 1))])
    #expect(throws: UnknownParameterError.self) { _ = try TaskRegistry.make("point-reach", options: TaskOptions(randomization: unknown)) }
  }
}

@Suite struct PointReachCameraTests {
  @Test func theTaskCameraShowsThePointAndTheGoalWhereTheyAre() throws {
    let env = PointReachEnvironment()
    _ = try env.reset(seed: 21)
    let image = try env.renderTaskCamera(width: 120, height: 100)
    #expect(image.width == 120 && image.height == 100 && image.channels == 3)
    // The box [−1, 1]² spans min(w, h) − 8 = 92 pixels about the centre (60, 50), y up.
    func pixel(_ p: [Double]) -> (Int, Int) { (Int((60 + p[0] * 46).rounded(.down)), Int((50 - p[1] * 46).rounded(.down))) }
    func rgb(_ at: (Int, Int)) -> (Int, Int, Int) { (Int(image[at.0, at.1, 0]), Int(image[at.0, at.1, 1]), Int(image[at.0, at.1, 2])) }
    let point = rgb(pixel(env.position))
    #expect(point.2 > 150 && point.0 < 100, "the point's pixel is \(point), not blue")
    // The goal's cross: green arms either side of the centre.
    let g = pixel(env.goal)
    let arm = rgb((g.0 + 3, g.1))
    #expect(arm.1 > arm.0 + 40 && arm.1 > arm.2 + 40, "the goal's cross is \(arm), not green")
    // The background far from both is the light ground colour.
    let corner = rgb((2, 2))
    #expect(corner.0 > 230 && corner.1 > 230)
    // Moving the point moves its disc.
    _ = try env.step([2, 2])
    let moved = try env.renderTaskCamera(width: 120, height: 100)
    #expect(moved != image)
    #expect(throws: TaskOptionsError.self) { _ = try env.renderTaskCamera(width: 8, height: 8) }
  }
}
