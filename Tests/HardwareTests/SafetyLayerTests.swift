import Hardware
import Testing

/// Safety layer refusals against `FakeArm`, at a 100 Hz control period: the UR5e's limits allow
/// a position step of at most π × 0.01 ≈ 0.0314 rad and a speed change of 40 × 0.01 = 0.4 rad/s
/// per tick.
@Suite struct SafetyLayerTests {
  let home = [0, -1.5, 1.5, -1.5, -1.5, 0.0]

  func make(_ arm: FakeArm, watchdog: Double = 10) throws -> SafetyLayer {
    let layer = SafetyLayer(
      wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.01, watchdogTimeout: watchdog))
    try layer.connect()
    return layer
  }

  func moved(_ q: [Double], _ joint: Int, by delta: Double) -> [Double] {
    var r = q
    r[joint] += delta
    return r
  }

  /// Checks a refusal: the reason's code, a stop sent in its place, the log entry.
  func expectRefused(
    _ outcome: CommandOutcome, code: String, _ arm: FakeArm, _ layer: SafetyLayer, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(outcome.refusal?.code == code, sourceLocation: sourceLocation)
    #expect(outcome.sent == .stop, sourceLocation: sourceLocation)
    #expect(arm.sent.last == .stop, sourceLocation: sourceLocation)
    #expect(layer.log.all.last?.kind == .refused, sourceLocation: sourceLocation)
    #expect(layer.log.all.last?.reason?.code == code, sourceLocation: sourceLocation)
  }

  @Test func validStreamPassesUnchanged() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    var q = home
    for k in 1...50 {
      q = moved(q, 0, by: 0.0002 * Double(k))  // accelerates at 2 rad/s², reaches 0.5 rad/s
      let outcome = try layer.servo(q)
      #expect(outcome.wasSentAsRequested && outcome.refusal == nil)
    }
    #expect(arm.sent.count == 50)
    #expect(layer.log.all.isEmpty)
  }

  @Test func refusesNonFiniteAndWrongLength() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    var q = home
    q[2] = .nan
    let nan = try layer.servo(q)
    expectRefused(nan, code: "non_finite", arm, layer)
    if case .nonFinite(let joint, _) = nan.refusal { #expect(joint == 2) }
    _ = try layer.clearRefusal()
    expectRefused(try layer.setVelocities([0, 0, .infinity, 0, 0, 0]), code: "non_finite", arm, layer)
    _ = try layer.clearRefusal()
    let short = try layer.servo(Array(home.prefix(5)))
    expectRefused(short, code: "wrong_length", arm, layer)
    #expect(short.refusal == .wrongLength(expected: 6, got: 5))
    #expect(!arm.sent.contains { $0.isMotion })
  }

  @Test func refusesPositionsOutsideLimits() throws {
    let start = moved(home, 0, by: 6.27 - home[0])
    let arm = FakeArm(positions: start)
    let layer = try make(arm)
    defer { layer.disconnect() }
    let outcome = try layer.servo(moved(start, 0, by: 0.01))  // 6.28 > 2π − 0.01
    expectRefused(outcome, code: "position_out_of_limits", arm, layer)
    guard case .positionOutOfLimits(let j, let v, let lower, let upper) = outcome.refusal else { return }
    #expect(j == 0 && abs(v - 6.28) < 1e-12 && lower == -2 * .pi + 0.01 && upper == 2 * .pi - 0.01)
  }

  @Test func refusesVelocityAndAccelerationSteps() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    #expect(try layer.servo(home).refusal == nil)
    let fast = try layer.servo(moved(home, 1, by: 0.05))  // 5 rad/s
    expectRefused(fast, code: "velocity_over_limit", arm, layer)
    if case .velocityOverLimit(let j, let v, let limit) = fast.refusal {
      #expect(j == 1 && abs(v - 5) < 1e-9 && limit == .pi)
    }

    _ = try layer.clearRefusal()
    let q0 = arm.positions
    #expect(try layer.servo(q0).refusal == nil)
    let q1 = moved(q0, 4, by: 0.003)  // 0.3 rad/s: 30 rad/s² from rest
    #expect(try layer.servo(q1).refusal == nil)
    let jerk = try layer.servo(moved(q1, 4, by: 0.01))  // 1.0 rad/s: 70 rad/s²
    expectRefused(jerk, code: "acceleration_over_limit", arm, layer)
    if case .accelerationOverLimit(let j, let a, _) = jerk.refusal { #expect(j == 4 && abs(a - 70) < 1e-6) }
  }

  @Test func refusesFarFirstTarget() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    let outcome = try layer.servo(moved(home, 3, by: 0.1))
    expectRefused(outcome, code: "first_target_too_far", arm, layer)
    guard case .firstTargetTooFar(let j, let d, let allowed) = outcome.refusal else { return }
    #expect(j == 3 && abs(d - 0.1) < 1e-12 && allowed == 0.05)
  }

  @Test func refusesVelocityThatCannotStopInsideRange() throws {
    let arm = FakeArm(positions: moved(home, 0, by: 6.26 - home[0]))
    arm.velocities = [1, 0, 0, 0, 0, 0]
    let layer = try make(arm)
    defer { layer.disconnect() }
    // One period at 1 rad/s plus braking 1²/(2·40) m: 6.26 + 0.01 + 0.0125 > 2π − 0.01.
    expectRefused(try layer.setVelocities([1, 0, 0, 0, 0, 0]), code: "would_leave_limits", arm, layer)
  }

  @Test func refusesStaleState() throws {
    let arm = FakeArm(positions: home)
    arm.stateAge = 0.5
    let layer = try make(arm)
    defer { layer.disconnect() }
    expectRefused(try layer.servo(home), code: "state_too_old", arm, layer)
  }

  @Test func refusalLatchesUntilCleared() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    _ = try layer.servo(moved(home, 0, by: 1))
    let again = try layer.servo(home)
    #expect(again.refusal?.code == "latched")
    #expect(again.sent == .stop)
    #expect(try layer.stop().sent == .stop)  // stop always passes
    #expect(try layer.clearRefusal() == nil)
    #expect(layer.log.all.last?.kind == .cleared)
    #expect(try layer.servo(home).refusal == nil)
  }

  @Test func protectiveStopIsHonouredAndNeverUnlockedByTheLayer() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    #expect(try layer.servo(home).refusal == nil)
    arm.safetyMode = .protectiveStop
    let refused = try layer.servo(home)
    #expect(refused.refusal == .armStopped(.protectiveStop))
    #expect(try layer.clearRefusal() == .armStopped(.protectiveStop))  // the arm still reports it
    // An operator unlocks the arm; the layer stays latched until told explicitly.
    arm.safetyMode = .normal
    #expect(try layer.servo(home).refusal?.code == "latched")
    #expect(try layer.clearRefusal() == nil)
    #expect(try layer.servo(home).refusal == nil)
    // The same for an emergency stop, seen by a state read.
    arm.safetyMode = .emergencyStop
    _ = try layer.state()
    #expect(layer.log.all.contains { $0.kind == .armStopped && $0.reason == .armStopped(.emergencyStop) })
    #expect(try layer.servo(home).refusal == .latched(after: .armStopped(.emergencyStop)))
  }

  @Test func aStopBetweenTheCheckAndTheSendIsTheSameRefusal() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm)
    defer { layer.disconnect() }
    #expect(try layer.servo(home).refusal == nil)
    arm.stopsAtNextMotion = .emergencyStop
    let refused = try layer.servo(home)
    #expect(refused.refusal == .armStopped(.emergencyStop))
    #expect(refused.sent == .stop && arm.sent.last == .stop)
    // (The watchdog's state reads may log the stop itself after the refusal.)
    #expect(layer.log.all.contains { $0.kind == .refused && $0.reason == .armStopped(.emergencyStop) })
    #expect(try layer.servo(home).refusal == .latched(after: .armStopped(.emergencyStop)))
    // The program stopping while the arm may still move is a failure, not a refusal.
    arm.safetyMode = .normal
    #expect(try layer.clearRefusal() == nil)
    arm.stopsAtNextMotion = .normal
    #expect(throws: ArmError.self) { try layer.servo(home) }
    #expect(try layer.servo(home).refusal == nil)
  }

  @Test func watchdogStopsAStalledStream() throws {
    let arm = FakeArm(positions: home)
    let layer = try make(arm, watchdog: 0.05)
    defer { layer.disconnect() }
    MonotonicClock.sleep(seconds: 0.15)
    #expect(arm.sent.isEmpty, "no stop while no motion was commanded")
    #expect(try layer.servo(home).refusal == nil)
    MonotonicClock.sleep(seconds: 0.2)
    #expect(arm.sent == [.servo(home), .stop])
    let event = try #require(layer.log.all.last)
    #expect(event.kind == .watchdogStop)
    if case .commandStreamStalled(let s) = event.reason { #expect(s > 0.05 && s < 0.15) }
    // The next target is a first target again: a far one is refused.
    #expect(try layer.servo(moved(home, 0, by: 0.2)).refusal?.code == "first_target_too_far")
  }
}
