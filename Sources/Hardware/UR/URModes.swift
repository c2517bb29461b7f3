/// The robot mode reported in `robot_mode` (UR client library `ur/datatypes.h`).
public enum URRobotMode: Int32, CaseIterable, Hashable, Sendable {
  case noController = -1
  case disconnected = 0
  case confirmSafety = 1
  case booting = 2
  case powerOff = 3
  case powerOn = 4
  case idle = 5
  case backdrive = 6
  case running = 7
  case updatingFirmware = 8

  /// The dashboard's spelling (`Robotmode: RUNNING`).
  public var dashboardName: String {
    switch self {
    case .noController: return "NO_CONTROLLER"
    case .disconnected: return "DISCONNECTED"
    case .confirmSafety: return "CONFIRM_SAFETY"
    case .booting: return "BOOTING"
    case .powerOff: return "POWER_OFF"
    case .powerOn: return "POWER_ON"
    case .idle: return "IDLE"
    case .backdrive: return "BACKDRIVE"
    case .running: return "RUNNING"
    case .updatingFirmware: return "UPDATING_FIRMWARE"
    }
  }
}

/// The safety mode reported in `safety_mode`.
public enum URSafetyMode: Int32, CaseIterable, Hashable, Sendable {
  case normal = 1
  case reduced = 2
  case protectiveStop = 3
  case recovery = 4
  case safeguardStop = 5
  case systemEmergencyStop = 6
  case robotEmergencyStop = 7
  case violation = 8
  case fault = 9
  case validateJointID = 10
  case undefinedSafetyMode = 11
  case automaticModeSafeguardStop = 12
  case systemThreePositionEnablingStop = 13

  /// Whether the arm may move under program control in this mode.
  public var allowsMotion: Bool { self == .normal || self == .reduced }

  /// Whether this is an emergency stop (system or robot).
  public var isEmergencyStop: Bool { self == .systemEmergencyStop || self == .robotEmergencyStop }

  /// The dashboard's spelling (`Safetystatus: PROTECTIVE_STOP`).
  public var dashboardName: String {
    switch self {
    case .normal: return "NORMAL"
    case .reduced: return "REDUCED"
    case .protectiveStop: return "PROTECTIVE_STOP"
    case .recovery: return "RECOVERY"
    case .safeguardStop: return "SAFEGUARD_STOP"
    case .systemEmergencyStop: return "SYSTEM_EMERGENCY_STOP"
    case .robotEmergencyStop: return "ROBOT_EMERGENCY_STOP"
    case .violation: return "VIOLATION"
    case .fault: return "FAULT"
    case .validateJointID: return "VALIDATE_JOINT_ID"
    case .undefinedSafetyMode: return "UNDEFINED_SAFETY_MODE"
    case .automaticModeSafeguardStop: return "AUTOMATIC_MODE_SAFEGUARD_STOP"
    case .systemThreePositionEnablingStop: return "SYSTEM_THREE_POSITION_ENABLING_STOP"
    }
  }
}

/// The program runtime state reported in `runtime_state`.
public enum URRuntimeState: UInt32, CaseIterable, Hashable, Sendable {
  case stopping = 0
  case stopped = 1
  case playing = 2
  case pausing = 3
  case paused = 4
  case resuming = 5
}

/// `robot_status_bits`.
public struct URRobotStatus: OptionSet, Hashable, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }
  public static let powerOn = URRobotStatus(rawValue: 1 << 0)
  public static let programRunning = URRobotStatus(rawValue: 1 << 1)
  public static let teachButtonPressed = URRobotStatus(rawValue: 1 << 2)
  public static let powerButtonPressed = URRobotStatus(rawValue: 1 << 3)
}

/// `safety_status_bits`.
public struct URSafetyStatus: OptionSet, Hashable, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }
  public static let normalMode = URSafetyStatus(rawValue: 1 << 0)
  public static let reducedMode = URSafetyStatus(rawValue: 1 << 1)
  public static let protectiveStopped = URSafetyStatus(rawValue: 1 << 2)
  public static let recoveryMode = URSafetyStatus(rawValue: 1 << 3)
  public static let safeguardStopped = URSafetyStatus(rawValue: 1 << 4)
  public static let systemEmergencyStopped = URSafetyStatus(rawValue: 1 << 5)
  public static let robotEmergencyStopped = URSafetyStatus(rawValue: 1 << 6)
  public static let emergencyStopped = URSafetyStatus(rawValue: 1 << 7)
  public static let violation = URSafetyStatus(rawValue: 1 << 8)
  public static let fault = URSafetyStatus(rawValue: 1 << 9)
  public static let stoppedDueToSafety = URSafetyStatus(rawValue: 1 << 10)

  /// The bits a controller reports in `mode`.
  public init(mode: URSafetyMode) {
    switch mode {
    case .normal: self = .normalMode
    case .reduced: self = .reducedMode
    case .protectiveStop: self = [.protectiveStopped, .stoppedDueToSafety]
    case .recovery: self = [.recoveryMode, .stoppedDueToSafety]
    case .safeguardStop, .automaticModeSafeguardStop, .systemThreePositionEnablingStop:
      self = [.safeguardStopped, .stoppedDueToSafety]
    case .systemEmergencyStop: self = [.systemEmergencyStopped, .emergencyStopped, .stoppedDueToSafety]
    case .robotEmergencyStop: self = [.robotEmergencyStopped, .emergencyStopped, .stoppedDueToSafety]
    case .violation: self = [.violation, .stoppedDueToSafety]
    case .fault: self = [.fault, .stoppedDueToSafety]
    case .validateJointID, .undefinedSafetyMode: self = [.stoppedDueToSafety]
    }
  }
}
