import ArmatureCore
import Hardware
import SceneDescription
import Testing
import Twin

/// The simulated controller's logic, stepped by hand (no network): the register protocol, the
/// motion layer, and the controller's own safety.
@Suite struct TwinControllerTests {
  let home: [Double] = [0, -.pi / 2, .pi / 2, -.pi / 2, -.pi / 2, 0]

  func started(_ flavor: ProgramFlavor = .armature, unlockDelay: Double = 5) throws -> TwinController {
    var c = TwinConfiguration()
    c.protectiveStopUnlockDelay = unlockDelay
    let controller = TwinController(configuration: c)
    try controller.loadProgram("def \(flavor.rawValue)():\n  textmsg(\"stand-in\")\nend\n")
    controller.step()
    return controller
  }

  func servo(_ q: [Double], time: Double = 0.002, lookahead: Double = 0.1) -> [Double] {
    q + [0, 0, time, lookahead, 300]
  }

  @Test func recognizesOnlyRegisterProtocolPrograms() throws {
    let controller = TwinController(configuration: TwinConfiguration())
    #expect(throws: ProgramRejection.unsupported("my_program")) {
      try controller.loadProgram("def my_program():\n  movej([0,0,0,0,0,0])\nend\n")
    }
    #expect(throws: ProgramRejection.self) { try controller.loadProgram("movej([0,0,0,0,0,0])\n") }
    try controller.loadProgram(URControlProgram.text)
    controller.step()
    #expect(controller.status.program == .armature)
    #expect(try output(controller, "output_int_register_0") == .int32(1))
    #expect(try output(controller, "robot_status_bits") == .uint32(3))
    #expect(try output(controller, "runtime_state") == .uint32(URRuntimeState.playing.rawValue))
  }

  @Test func servoTracksItsSetpointAsAFirstOrderLag() throws {
    let controller = try started()
    var goal = home
    goal[0] += 0.1
    // A step of 0.1 rad over servo time 0.1 s (1 rad/s): within the speed limit, not a jump.
    try command(controller, .servoJ, servo(goal, time: 0.1), sequence: 7)
    var previous = 0.0
    var peakSpeed = 0.0
    var errorAtTau = 0.0
    for k in 1...500 {  // 1 s
      controller.step()
      let s = controller.status
      let error = goal[0] - s.jointPositions[0]
      #expect(error >= -1e-12 && error <= 0.1, "no overshoot")
      #expect(abs(s.jointVelocities[0] - previous) <= 40 * 0.002 + 1e-9, "acceleration limit")
      previous = s.jointVelocities[0]
      peakSpeed = max(peakSpeed, s.jointVelocities[0])
      if k == 50 { errorAtTau = error }
    }
    // τ = lookahead = 0.1 s: error ≈ 0.1·e⁻¹ = 0.0368 after τ, slightly more for the 25 ms
    // acceleration-limited start; peak speed ≈ 0.1/τ = 1 rad/s.
    #expect(errorAtTau > 0.0368 && errorAtTau < 0.045)
    #expect(peakSpeed > 0.9 && peakSpeed <= 1.0)
    #expect(abs(controller.status.jointPositions[0] - goal[0]) < 1e-4)
    #expect(try output(controller, "output_int_register_1") == .int32(7), "armature_control echoes the sequence")
  }

  @Test func moveJFollowsATrapezoidAndAnswersDone() throws {
    let controller = try started(.urRTDE)
    var goal = home
    goal[1] += 0.6
    goal[2] -= 0.3
    try command(controller, .moveJ, goal + [1.0, 4.0])
    // Leading joint 0.6 rad at 1 rad/s, 4 rad/s²: 0.25 s ramps, 0.35 s cruise: 0.85 s.
    var doneAt: Double?
    var peak = 0.0
    for _ in 0..<600 {
      let t = controller.step()
      peak = max(peak, abs(controller.status.jointVelocities[1]))
      if doneAt == nil, try output(controller, "output_int_register_0") == .int32(2) { doneAt = t }
    }
    #expect(abs((doneAt ?? 0) - 0.85) <= 0.0021)
    #expect(controller.status.jointPositions == goal)
    #expect(abs(peak - 1.0) < 1e-9)
    #expect(abs(controller.status.jointVelocities[2]) < 1e-12)
    try command(controller, .noCommand)
    controller.step()
    #expect(try output(controller, "output_int_register_0") == .int32(1))
  }

  @Test func speedJRampsAndStopDecelerates() throws {
    let controller = try started(.urRTDE)
    try command(controller, .speedJ, [0.5, 0, 0, 0, 0, 0, 2, 0])
    run(controller, seconds: 1)
    // 0.25 s ramp at 2 rad/s² then 0.75 s at 0.5 rad/s: 0.0625 + 0.375 rad.
    #expect(abs(controller.status.jointPositions[0] - 0.4375) < 1e-9)
    #expect(abs(controller.status.jointVelocities[0] - 0.5) < 1e-12)
    try command(controller, .speedStop, [5])
    run(controller, seconds: 0.2)
    // 0.1 s to rest at 5 rad/s²: 0.025 rad more.
    #expect(abs(controller.status.jointPositions[0] - 0.4625) < 1e-9)
    #expect(controller.status.jointVelocities[0] == 0)
    #expect(try output(controller, "output_int_register_0") == .int32(2))
  }

  @Test func nanSetpointCausesAProtectiveStopThatStaysUntilUnlocked() throws {
    let controller = try started(.urRTDE, unlockDelay: 0.5)
    try command(controller, .speedJ, [0.5, 0, 0, 0, 0, 0, 10, 0])
    run(controller, seconds: 0.2)
    var q = home
    q[3] = Double.nan
    try command(controller, .servoJ, servo(q))
    controller.step()
    let s = controller.status
    #expect(s.safetyMode == .protectiveStop)
    #expect(try output(controller, "safety_mode") == .int32(3))
    #expect(try output(controller, "safety_status_bits") == .uint32(0b100_0000_0100))  // bits 2 and 10
    #expect(try output(controller, "robot_status_bits") == .uint32(1), "program stopped, power on")
    #expect(s.program == nil)
    run(controller, seconds: 0.1)
    #expect(controller.status.jointVelocities.allSatisfy { $0 == 0 }, "stopped within 0.5/40 s")
    #expect(controller.unlockProtectiveStop().hasPrefix("Cannot unlock protective stop"))
    run(controller, seconds: 1)
    #expect(controller.status.safetyMode == .protectiveStop, "never cleared by itself")
    #expect(controller.unlockProtectiveStop() == "Protective stop releasing")
    #expect(controller.status.safetyMode == .normal)
    #expect(controller.status.program == nil, "the program must be sent again")
    #expect(controller.events.events(.protectiveStop).first?.message.contains("not finite") == true)
  }

  @Test func jumpsAndOutOfRangeTargetsCauseProtectiveStops() throws {
    let jump = try started(.urRTDE)
    try command(jump, .servoJ, servo(home))
    jump.step()
    var q = home
    q[1] += 1
    try command(jump, .servoJ, servo(q))
    jump.step()
    #expect(jump.status.safetyMode == .protectiveStop)
    #expect(jump.events.events(.protectiveStop).first?.message.contains("jumps") == true)

    let range = try started(.urRTDE)
    q = home
    q[0] = 7
    try command(range, .servoJ, servo(q))
    range.step()
    #expect(range.status.safetyMode == .protectiveStop)
    #expect(range.events.events(.protectiveStop).first?.message.contains("outside its range") == true)

    let speed = try started(.urRTDE)
    try command(speed, .speedJ, [0, 0, 4, 0, 0, 0, 10, 0])
    speed.step()
    #expect(speed.status.safetyMode == .protectiveStop)
  }

  @Test func watchdogStopsTheProgramWhenInputsStop() throws {
    let controller = try started(.urRTDE)
    try command(controller, .setWatchdog, [50])
    controller.step()
    try command(controller, .noCommand)
    for _ in 0..<100 {  // a client refreshing every cycle
      try command(controller, .servoJ, servo(home))
      controller.step()
    }
    #expect(controller.status.program == .urRTDE)
    var stoppedAfter = 0
    while controller.status.program != nil && stoppedAfter < 100 {
      controller.step()
      stoppedAfter += 1
    }
    // 50 Hz: trips at the first cycle more than 20 ms after the last write (written at time T,
    // the cycle at T + 2 ms took it; the one at T + 22 ms trips: 10 cycles later).
    #expect(stoppedAfter == 10)
    #expect(controller.events.events(.watchdogTripped).count == 1)
    #expect(controller.status.safetyMode == .normal, "a watchdog stop is not a safety stop")
  }

  @Test func outputsDescribeTheArm() throws {
    let controller = try started()
    run(controller, seconds: 0.01)
    let pose = try output(controller, "actual_TCP_pose").doubles
    let expected = URKinematics.ur5e.tcpPose(home)
    for i in 0..<6 { #expect(abs(pose[i] - expected[i]) < 1e-12) }
    let g = try output(controller, "actual_tool_accelerometer").doubles
    #expect(abs((g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).squareRoot() - 9.80665) < 1e-9)
    #expect(try output(controller, "joint_temperatures").doubles.allSatisfy(\.isNaN), "not simulated: NaN")
    #expect(try output(controller, "joint_mode") == .vector6int32([Int32](repeating: 253, count: 6)))
    #expect(try output(controller, "timestamp") == .double(0.012))
    try controller.writeInputs(
      ["standard_digital_output_mask", "standard_digital_output"], [.uint8(0b0000_0101), .uint8(0b1111_1111)])
    controller.step()
    #expect(try output(controller, "actual_digital_output_bits") == .uint64(0b101))
    #expect(throws: RTDEError.unknownVariable("actual_q")) { try controller.writeInputs(["actual_q"], [.vector6d(home)]) }
  }

  @Test func sceneRobotGivesTheInitialJoints() throws {
    var scene = Scene(name: "cell")
    scene.robots = [RobotPlacement(name: "arm", urdf: "robots/ur5e.urdf", initialJoints: ["elbow_joint": 1.25])]
    var c = TwinConfiguration()
    try c.apply(scene: scene, file: "cell.yaml")
    let expected: [Double] = [0, -.pi / 2, 1.25, -.pi / 2, -.pi / 2, 0]
    #expect(c.initialJointPositions == expected)
    scene.robots[0].initialJoints = ["elbow": 1]
    #expect(throws: LocatedError.self) { try c.apply(scene: scene, file: "cell.yaml") }
    do {
      try c.apply(scene: scene, file: "cell.yaml")
    } catch {
      let message = "cell.yaml: robots[arm].initialJoints: 'elbow' is not a UR5e joint (shoulder_pan_joint, "
        + "shoulder_lift_joint, elbow_joint, wrist_1_joint, wrist_2_joint, wrist_3_joint)"
      #expect("\(error)" == message)
    }
  }
}
