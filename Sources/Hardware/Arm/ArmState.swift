/// An arm's power and program state, in vendor-neutral terms.
public enum ArmRobotMode: String, Hashable, Sendable, CaseIterable {
  case disconnected, booting, powerOff, powerOn, idle, backdrive, running, unknown
}

/// An arm's safety state, in vendor-neutral terms.
public enum ArmSafetyMode: String, Hashable, Sendable, CaseIterable {
  case normal, reduced
  /// Stopped by the arm's safety system (a limit, a collision, a fault in a command); needs an
  /// operator to unlock it.
  case protectiveStop
  case safeguardStop
  case emergencyStop
  case recovery, violation, fault, unknown

  /// Whether the arm accepts motion commands in this mode.
  public var allowsMotion: Bool { self == .normal || self == .reduced }
}

/// One reading of an arm's state.
public struct ArmState: Hashable, Sendable {
  /// The controller's clock, in seconds since it started.
  public var timestamp: Double
  /// The local monotonic time (`MonotonicClock.now`) when the reading arrived.
  public var receivedAt: Double
  /// Measured joint positions (rad), in `ArmModel.jointNames` order.
  public var jointPositions: [Double]
  /// Measured joint velocities (rad/s).
  public var jointVelocities: [Double]
  /// The joint targets the controller is tracking (rad).
  public var targetJointPositions: [Double]
  /// The tool centre point's pose in the base frame: x, y, z (m) and a rotation vector (rad).
  public var tcpPose: [Double]
  public var robotMode: ArmRobotMode
  public var safetyMode: ArmSafetyMode
  /// Whether the control program that executes commands is running on the controller.
  public var isProgramRunning: Bool

  public init(
    timestamp: Double, receivedAt: Double, jointPositions: [Double], jointVelocities: [Double],
    targetJointPositions: [Double], tcpPose: [Double], robotMode: ArmRobotMode, safetyMode: ArmSafetyMode,
    isProgramRunning: Bool
  ) {
    self.timestamp = timestamp
    self.receivedAt = receivedAt
    self.jointPositions = jointPositions
    self.jointVelocities = jointVelocities
    self.targetJointPositions = targetJointPositions
    self.tcpPose = tcpPose
    self.robotMode = robotMode
    self.safetyMode = safetyMode
    self.isProgramRunning = isProgramRunning
  }
}
