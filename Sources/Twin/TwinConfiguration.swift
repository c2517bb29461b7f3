import Hardware

/// The controller generation the twin impersonates.
public enum ControllerGeneration: String, Hashable, Sendable, CaseIterable {
  /// e-Series (software 5.x): 500 Hz control loop and RTDE.
  case eSeries = "e-series"
  /// CB3 (software 3.x): 125 Hz.
  case cb3

  /// The control loop's period (s).
  public var cycleTime: Double { self == .eSeries ? 0.002 : 0.008 }
  /// The software version the twin reports.
  public var version: RTDEControllerVersion {
    self == .eSeries
      ? RTDEControllerVersion(major: 5, minor: 15, bugfix: 0, build: 0)
      : RTDEControllerVersion(major: 3, minor: 15, bugfix: 8, build: 0)
  }
  /// The dashboard's `PolyscopeVersion` reply.
  public var polyscopeVersion: String {
    let v = version
    return "URSoftware \(v.major).\(v.minor).\(v.bugfix).\(v.build) (Armature twin)"
  }
}

/// Settings of a simulated UR controller.
public struct TwinConfiguration: Sendable {
  /// The address all servers bind to (each test uses its own 127.0.0.x).
  public var host: String
  public var rtdePort: UInt16 = 30004
  public var dashboardPort: UInt16 = 29999
  public var scriptPort: UInt16 = 30003
  public var generation: ControllerGeneration = .eSeries
  /// Joint positions at start (rad); the UR's upright "home" pose bent at the elbow by default.
  public var initialJointPositions: [Double] = [0, -.pi / 2, .pi / 2, -.pi / 2, -.pi / 2, 0]
  /// Seconds after a protective stop before the dashboard may unlock it (UR: 5 s).
  public var protectiveStopUnlockDelay: Double = 5
  /// A servo setpoint that would need more than this multiple of a joint's speed limit to reach
  /// from the previous setpoint within its servo time is a jump: protective stop. Above 1 to
  /// tolerate two setpoints arriving in one cycle.
  public var jumpSpeedFactor: Double = 2
  /// Deceleration (rad/s²) when a program ends or its watchdog stops it.
  public var programStopDeceleration: Double = 10
  /// Most simultaneous RTDE clients; further connections are closed at once.
  public var maximumClients = 16

  public init(host: String = "127.0.0.1") { self.host = host }
}
