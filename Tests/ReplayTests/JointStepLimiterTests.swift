import ArmatureCore
import Hardware
import Replay
import Testing

/// `JointStepLimiter` against the safety layer's rules, checked independently on every step.
@Suite struct JointStepLimiterTests {
  let limits = SafetyLimits(model: .ur5e, period: 0.04)

  func state(_ q: [Double]) -> ArmState {
    ArmState(
      timestamp: 0, receivedAt: 0, jointPositions: q, jointVelocities: [0, 0, 0, 0, 0, 0], targetJointPositions: q,
      tcpPose: [0, 0, 0, 0, 0, 0], robotMode: .running, safetyMode: .normal, isProgramRunning: true)
  }

  @Test func wildTargetsComeOutWithinEveryRule() {
    var limiter = JointStepLimiter(limits: limits, margin: 0.9)
    var random = RandomStream(seed: 5)
    let home: [Double] = [0, -1.5, 1.5, -1.5, -1.5, 0]
    let measured = state(home)
    var reference = home
    var velocity = [Double](repeating: 0, count: 6)
    var shaped = 0
    for k in 0..<400 {
      // Targets anywhere within ±1 rad of home, and now and then far outside the joint range.
      let wanted = home.map { $0 + random.uniform(-1, 1) * (k % 50 == 7 ? 20 : 1) }
      let (q, changed) = limiter.limit(wanted, state: measured)
      if changed { shaped += 1 }
      for j in 0..<6 {
        let l = limits.joints[j]
        #expect(q[j] >= l.lower && q[j] <= l.upper)
        let v = (q[j] - reference[j]) / limits.period
        #expect(abs(v) <= 0.9 * l.maxVelocity + 1e-9, "tick \(k) joint \(j): speed \(v)")
        #expect(abs(v - velocity[j]) / limits.period <= 0.9 * l.maxAcceleration + 1e-6, "tick \(k) joint \(j)")
        if k == 0 { #expect(abs(q[j] - home[j]) <= 0.9 * limits.firstTargetTolerance + 1e-12) }
        velocity[j] = v
      }
      reference = q
    }
    #expect(shaped > 300, "random targets ±1 rad away need shaping")
  }

  @Test func reachableTargetsPassUnchangedAndResetStartsAFreshStream() {
    var limiter = JointStepLimiter(limits: limits)
    let home: [Double] = [0, -1.5, 1.5, -1.5, -1.5, 0]
    // 0.02 rad per 40 ms from rest: 0.5 rad/s reached at 12.5 rad/s², within every rule.
    var q = home
    for _ in 0..<5 {
      q[0] += 0.02
      let out = limiter.limit(q, state: state(home))
      #expect(!out.changed && out.target == q)
    }
    limiter.reset()
    var far = home
    far[2] += 0.3
    let first = limiter.limit(far, state: state(home))
    #expect(first.changed)
    // From rest the step is bounded by 90 % of the first-target tolerance (0.045 rad), tighter
    // than 90 % of the acceleration limit over a period (0.9 · 40 · 0.04² = 0.0576 rad).
    let step: Double = first.target[2] - home[2]
    #expect(abs(step - 0.045) < 1e-12, "step \(step)")
  }
}
