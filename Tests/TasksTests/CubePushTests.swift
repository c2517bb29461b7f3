import ArmatureCore
import EnvInterface
import Foundation
import Randomization
import Tasks
import Testing

/// cube-push's dense reward, recomputed by hand from the observation along expert and random
/// episodes (no randomization, so the observation is the true state).
@Suite struct CubePushRewardTests {
  func component(_ env: any TaskEnvironment, _ obs: Observation, _ name: String) throws -> Vector3 {
    let range = try #require(env.observationSpace.range(of: name), "no observation component '\(name)'")
    return try #require(Vector3(array: Array(obs.vector[range])))
  }

  /// The terms as docs/tasks.md states them: the push point 4 cm behind the cube on the line from
  /// the target through it; the approach point above it by twice the planar distance (≤ 8 cm);
  /// −tanh(5·distance) for the gripper; −tanh(5·planar cube distance) for the cube while the grasp
  /// centre is within 3 cm of the push point, −1 otherwise; +5 on success.
  func expectedTerms(tcp: Vector3, cube: Vector3, target: Vector3) -> [Double] {
    let dx = target.x - cube.x
    let dy = target.y - cube.y
    let planar = (dx * dx + dy * dy).squareRoot()
    let push = Vector3(cube.x - 0.04 * dx / planar, cube.y - 0.04 * dy / planar, cube.z)
    let lateral = ((tcp.x - push.x) * (tcp.x - push.x) + (tcp.y - push.y) * (tcp.y - push.y)).squareRoot()
    let approach = Vector3(push.x, push.y, push.z + min(0.08, 2 * lateral))
    let atPush = (push - tcp).length < 0.03
    return [-tanh(5 * (approach - tcp).length), atPush ? -tanh(5 * planar) : -1, planar < 0.05 ? 5 : 0]
  }

  @Test func theDenseTermsMatchTheirDefinitionAndSumToTheReward() throws {
    let env = try TaskRegistry.make("cube-push", options: TaskOptions(randomization: RandomizationSpec.none))
    let expert = env.makeExpert()
    var rng = RandomStream(seed: 3)
    var gated = 0
    var pushing = 0
    var successes = 0
    for (episode, useExpert) in [(11, true), (12, true), (13, false)] {
      var (obs, _) = try env.reset(seed: UInt64(episode))
      expert.reset()
      for _ in 0..<50 {
        let action = useExpert ? try expert.act(obs).first : env.actionSpace.sample(using: &rng)
        let r = try env.step(action)
        let terms = r.info.rewardTerms
        #expect(terms.map(\.name) == ["gripper_to_push_point", "cube_to_target", "success"])
        let expected = expectedTerms(
          tcp: try component(env, r.observation, "tcp_position"), cube: try component(env, r.observation, "cube_position"),
          target: try component(env, r.observation, "target"))
        for (term, value) in zip(terms, expected) { #expect(abs(term.value - value) < 1e-9, "\(term.name)") }
        #expect(abs(r.reward - terms.reduce(0) { $0 + $1.value }) < 1e-12)
        if terms[1].value == -1 { gated += 1 } else { pushing += 1 }
        if r.info.isSuccess { successes += 1 }
        #expect(r.terminated == r.info.isSuccess)
        obs = r.observation
        if r.terminated || r.truncated { break }
      }
    }
    // The episodes visit both sides of the gate, and the expert succeeds.
    #expect(gated > 10 && pushing > 5, "gated \(gated), pushing \(pushing)")
    #expect(successes >= 1)
  }
}
