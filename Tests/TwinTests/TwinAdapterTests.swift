import Foundation
import Hardware
import Testing
import Twin

/// `URRTDEArm` (with the safety layer and the control loop) driving the twin over the network.
@Suite(.serialized) struct TwinAdapterTests {
  func connected(_ twin: TwinServer, servoTime: Double = 0.008) throws -> URRTDEArm {
    var c = URRTDEArm.Configuration(host: twin.configuration.host)
    c.servoTime = servoTime
    let arm = URRTDEArm(c)
    try arm.connect()
    return arm
  }

  @Test func connectsUploadsItsProgramAndArmsTheWatchdog() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let arm = try connected(twin)
    #expect(arm.frequency == 500)
    #expect(twin.controller.status.program == .armature)
    #expect(twin.controller.status.watchdogFrequency == 10)
    let state = try arm.state()
    #expect(state.jointPositions == twin.configuration.initialJointPositions)
    #expect(state.safetyMode == .normal && state.robotMode == .running && state.isProgramRunning)
    let next = try arm.nextState(after: state.timestamp, timeout: 1)
    #expect(next.timestamp > state.timestamp)
    arm.disconnect()
    MonotonicClock.sleep(seconds: 0.05)
    #expect(twin.controller.status.program == nil, "disconnect ends the program")
  }

  @Test func anArmReleasedWithoutDisconnectEndsItsProgram() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    do {
      let arm = try connected(twin)
      _ = try SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.008)).state()
    }
    MonotonicClock.sleep(seconds: 0.1)
    #expect(twin.controller.status.program == nil)
    #expect(twin.rtdeClientCount == 0)
  }

  @Test func replaysATrajectoryAt125Hz() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let arm = try connected(twin, servoTime: 0.008)
    defer { arm.disconnect() }
    let safe = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.008))
    let start = try safe.state().jointPositions
    var goal = start
    goal[0] += 0.3
    goal[2] -= 0.2
    let trajectory = JointTrajectory.pointToPoint(
      from: start, to: goal, speed: 0.6, acceleration: 3, period: 0.008, jointNames: ArmModel.ur5e.jointNames)
    // Hold the goal 0.8 s (eight lookahead time constants) before the loop's final stop.
    let run = ControlLoop(arm: safe, settings: .init(rate: 125)).run(TrajectorySource(trajectory, hold: 0.8))
    #expect(run.endReason == .sourceFinished)
    #expect(run.ticks.allSatisfy { $0.outcome.refusal == nil })
    #expect(run.timing.missedDeadlines <= 2)
    let final = twin.controller.status.jointPositions
    for j in 0..<6 { #expect(abs(final[j] - goal[j]) < 1e-3, "joint \(j)") }
    #expect(safe.log.all.isEmpty)
  }

  @Test func velocityAndStop() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let arm = try connected(twin)
    defer { arm.disconnect() }
    _ = try arm.setVelocities([0, 0, 0, 0, 0, 0.5])
    MonotonicClock.sleep(seconds: 0.3)
    #expect(abs(twin.controller.status.jointVelocities[5] - 0.5) < 1e-9)
    #expect(try arm.stop().sent == .stop)
    #expect(twin.controller.status.jointVelocities.allSatisfy { $0 == 0 }, "stop returns when the arm rests")
    #expect(twin.controller.status.program == .armature)
  }

  @Test func controllerProtectiveStopIsSeenAndNeverUnlocked() throws {
    let twin = try startTwin { $0.protectiveStopUnlockDelay = 0.1 }
    defer { twin.stop() }
    let arm = try connected(twin)
    defer { arm.disconnect() }
    let safe = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.008))
    // The raw adapter sends a NaN: the controller's own safety stops the arm.
    var q = try arm.state().jointPositions
    q[1] = .nan
    _ = try arm.servo(q)
    MonotonicClock.sleep(seconds: 0.05)
    let state = try arm.urState()
    #expect(state.arm.safetyMode == .protectiveStop)
    #expect(state.safetyStatus.contains(.protectiveStopped) && !state.arm.isProgramRunning)
    // Through the safety layer, motion is refused and nothing unlocks it.
    let refused = try safe.servo(try arm.state().jointPositions)
    #expect(refused.refusal == .armStopped(.protectiveStop))
    #expect(refused.sent == nil, "the controller already holds the arm")
    MonotonicClock.sleep(seconds: 0.3)
    #expect(twin.controller.status.safetyMode == .protectiveStop)
    #expect(try safe.clearRefusal() == .armStopped(.protectiveStop))
    // An operator unlocks it explicitly; the program must then be restarted.
    try arm.unlockProtectiveStop()
    MonotonicClock.sleep(seconds: 0.02)
    #expect(try arm.state().safetyMode == .normal)
    #expect(throws: ArmError.self) { try arm.servo(try arm.state().jointPositions) }
    try arm.connect()
    #expect(try arm.state().isProgramRunning)
  }

  @Test func safetyLayerWatchdogStopsTheTwinWhenTheLoopStalls() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let arm = try connected(twin)
    defer { arm.disconnect() }
    let safe = SafetyLayer(wrapping: arm, limits: SafetyLimits(model: .ur5e, period: 0.01, watchdogTimeout: 0.05))
    try safe.connect()
    defer { safe.disconnect() }
    _ = try safe.setVelocities([0, 0, 0, 0, 0, 0.2])
    MonotonicClock.sleep(seconds: 0.4)  // the control loop stalls
    #expect(safe.log.all.map(\.kind) == [.watchdogStop])
    #expect(twin.controller.status.jointVelocities.allSatisfy { $0 == 0 })
    let moved = twin.controller.status.jointPositions[5] - twin.configuration.initialJointPositions[5]
    #expect(moved > 0 && moved < 0.05, "stopped after about 50 ms at 0.2 rad/s, moved \(moved)")
  }

  @Test func connectWaitsBrieflyForInputsAClientThatLeftStillOwns() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let owner = try RTDEClient(host: twin.configuration.host)
    try owner.negotiateProtocolVersion()
    _ = try owner.setupInputs(["input_double_register_4"])
    var c = URRTDEArm.Configuration(host: twin.configuration.host)
    c.inputReleaseTimeout = 0.3
    let arm = URRTDEArm(c)
    // Owned throughout: refused after the wait, naming the register.
    let start = MonotonicClock.now
    #expect(throws: RTDEError.setupRefused(notFound: [], inUse: ["input_double_register_4"])) { try arm.connect() }
    #expect(MonotonicClock.now - start >= 0.3)
    #expect(!arm.isConnected && twin.controller.status.program == nil)
    // Released during the wait (the owner leaves 0.1 s into it): connected.
    let leaving = BackgroundThread(name: "owner") {
      MonotonicClock.sleep(seconds: 0.1)
      owner.close()
    }
    try arm.connect()
    leaving.join()
    #expect(try arm.state().isProgramRunning)
    // Reconnecting: the controller releases the previous connection's inputs once it notices it left.
    try arm.connect()
    #expect(try arm.state().isProgramRunning)
    arm.disconnect()
  }

  @Test func aDroppedConnectionIsATypedError() throws {
    let twin = try startTwin()
    let arm = try connected(twin)
    twin.stop()
    MonotonicClock.sleep(seconds: 0.1)
    #expect(throws: NetworkError.self) { try arm.state() }
    #expect(throws: (any Error).self) { try arm.servo([0, 0, 0, 0, 0, 0]) }
    #expect(!arm.isConnected)
    arm.disconnect()
  }
}
