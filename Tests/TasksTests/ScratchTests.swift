import ArmatureCore
import EnvInterface
import Tasks
import Testing

@Test func scratchReachExpert() throws {
  let env = try TaskRegistry.make("reach")
  let expert = env.makeExpert()
  var successes = 0
  var steps = 0
  let clock = Stopwatch()
  for episode in 0..<20 {
    var (obs, _) = try env.reset(seed: UInt64(episode))
    expert.reset()
    var done = false
    var success = false
    while !done {
      let a = try expert.act(obs).first
      let r = try env.step(a)
      steps += 1
      obs = r.observation
      done = r.terminated || r.truncated
      success = r.info.isSuccess
    }
    if success { successes += 1 }
  }
  print("reach expert: \(successes)/20 success, \(steps) steps, \(Double(steps) / clock.elapsed) steps/s")
  // random actions speed
  var rng = RandomStream(seed: 1)
  _ = try env.reset(seed: 99)
  let c2 = Stopwatch()
  var n = 0
  for _ in 0..<500 {
    let a = env.actionSpace.sample(using: &rng)
    let r = try env.step(a)
    n += 1
    if r.terminated || r.truncated { _ = try env.reset(seed: nil) }
  }
  print("reach random: \(Double(n) / c2.elapsed) steps/s")
}
