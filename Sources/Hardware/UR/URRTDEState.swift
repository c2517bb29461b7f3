/// One state package from a UR controller as `URRTDEArm` reads it: the vendor-neutral arm state
/// plus the UR-specific fields of the register protocol.
public struct URRTDEState: Hashable, Sendable {
  public var arm: ArmState
  public var robotMode: URRobotMode?
  public var safetyMode: URSafetyMode?
  public var robotStatus: URRobotStatus
  public var safetyStatus: URSafetyStatus
  public var runtimeState: URRuntimeState?
  /// `output_int_register_0`: the control program's ready (1) / done (2) answer.
  public var programAnswer: Int32
  /// `output_int_register_1`: the sequence number of the last real-time command the program took.
  public var echoedSequence: Int32
  /// How many state packages the adapter had received before this one.
  public var index: UInt64

  /// The output variables `URRTDEArm` subscribes to, in recipe order.
  public static let outputNames = [
    "timestamp", "actual_q", "actual_qd", "target_q", "actual_TCP_pose", "robot_mode", "safety_mode",
    "runtime_state", "robot_status_bits", "safety_status_bits", "output_int_register_0", "output_int_register_1",
  ]

  /// Builds the state from values in `outputNames` order.
  init(values v: [RTDEValue], receivedAt: Double, index: UInt64) {
    let robotMode = v[5].integer.flatMap { URRobotMode(rawValue: Int32(truncatingIfNeeded: $0)) }
    let safetyMode = v[6].integer.flatMap { URSafetyMode(rawValue: Int32(truncatingIfNeeded: $0)) }
    let robotStatus = URRobotStatus(rawValue: UInt32(truncatingIfNeeded: v[8].integer ?? 0))
    arm = ArmState(
      timestamp: v[0].scalar ?? 0, receivedAt: receivedAt, jointPositions: v[1].doubles,
      jointVelocities: v[2].doubles, targetJointPositions: v[3].doubles, tcpPose: v[4].doubles,
      robotMode: robotMode.map(ArmRobotMode.init) ?? .unknown, safetyMode: safetyMode.map(ArmSafetyMode.init) ?? .unknown,
      isProgramRunning: robotStatus.contains(.programRunning))
    self.robotMode = robotMode
    self.safetyMode = safetyMode
    self.robotStatus = robotStatus
    safetyStatus = URSafetyStatus(rawValue: UInt32(truncatingIfNeeded: v[9].integer ?? 0))
    runtimeState = v[7].integer.flatMap { URRuntimeState(rawValue: UInt32(truncatingIfNeeded: $0)) }
    programAnswer = Int32(truncatingIfNeeded: v[10].integer ?? 0)
    echoedSequence = Int32(truncatingIfNeeded: v[11].integer ?? 0)
    self.index = index
  }
}

extension ArmRobotMode {
  /// The vendor-neutral mode of a UR robot mode.
  public init(_ mode: URRobotMode) {
    switch mode {
    case .noController, .disconnected: self = .disconnected
    case .confirmSafety, .booting, .updatingFirmware: self = .booting
    case .powerOff: self = .powerOff
    case .powerOn: self = .powerOn
    case .idle: self = .idle
    case .backdrive: self = .backdrive
    case .running: self = .running
    }
  }
}

extension ArmSafetyMode {
  /// The vendor-neutral mode of a UR safety mode.
  public init(_ mode: URSafetyMode) {
    switch mode {
    case .normal: self = .normal
    case .reduced: self = .reduced
    case .protectiveStop: self = .protectiveStop
    case .safeguardStop, .automaticModeSafeguardStop, .systemThreePositionEnablingStop: self = .safeguardStop
    case .systemEmergencyStop, .robotEmergencyStop: self = .emergencyStop
    case .recovery: self = .recovery
    case .violation: self = .violation
    case .fault: self = .fault
    case .validateJointID, .undefinedSafetyMode: self = .unknown
    }
  }
}
