import ArmatureCore

/// A robot of a `World`, by index in creation order.
public struct RobotID: Hashable, Sendable, Codable, Comparable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (a: RobotID, b: RobotID) -> Bool { a.index < b.index }
}

/// Which of a robot's own links collide with each other.
public enum SelfCollision: String, Hashable, Sendable, CaseIterable {
  /// None: the robot's links collide only with other things (the default: fastest, and what a
  /// position-controlled arm that plans its own motions needs).
  case off
  /// Every pair of moving links except those joined directly (a link and its parent). The fixed
  /// base never collides with the robot's own links.
  case nonAdjacent
}

/// How a robot is spawned and driven.
public struct RobotOptions: Hashable, Sendable {
  public var selfCollision = SelfCollision.off
  /// Add, every physics step, the effort that holds the links against gravity (computed from the
  /// bodies' masses and centres of mass) to joints under position or velocity control, as arm
  /// controllers do. Torque commands are applied as given.
  public var gravityCompensation = true
  /// Closed-loop bandwidth of the default position gains, Hz: stiffness k = I (2π f)², where I is
  /// the inertia the joint moves at the initial configuration.
  public var bandwidth = 10.0
  /// Damping ratio ζ of the default gains: d = 2 ζ √(k I).
  public var dampingRatio = 1.0
  /// The default stiffness is at least the joint's effort limit divided by this position error
  /// (radians for hinges), so that a joint pushes with its full effort when this far from target.
  public var hingeSaturationError = 0.02
  /// As `hingeSaturationError`, in metres, for sliders (gripper fingers squeeze with their full
  /// force when 2 mm from target).
  public var sliderSaturationError = 0.002
  /// Material of links that state no friction of their own (URDF's Gazebo `mu1`).
  public var material = MaterialID(0)
  /// Density, kg/m³, for links whose mass is missing or zero: their mass and inertia come from
  /// their collision shapes.
  public var fallbackDensity = 1000.0

  public init() {}
}

/// Position-control gains of one joint: τ = k (target − q) + d (q̇target − q̇).
public struct JointGains: Hashable, Sendable {
  /// N·m/rad or N/m.
  public var stiffness: Double
  /// N·m·s/rad or N·s/m.
  public var damping: Double

  public init(stiffness: Double, damping: Double) {
    self.stiffness = stiffness
    self.damping = damping
  }
}

/// What a robot's joints are told to do, one value per independent joint (the robot's `q`
/// order). Values are clamped to the URDF limits: position targets to the position range,
/// velocities to the speed limit, efforts to the effort limit.
public enum RobotCommand: Hashable, Sendable {
  /// PD control towards `targets` with the robot's gains, with optional target velocities
  /// (feedforward for tracking) and effort bounds below the URDF's.
  case position(targets: [Double], velocities: [Double]? = nil, efforts: [Double]? = nil)
  /// Joint velocity control, each joint bounded by its effort limit (or `efforts`).
  case velocity(targets: [Double], efforts: [Double]? = nil)
  /// Joint torques (forces for sliders), applied as given within the effort limits.
  case torque([Double])
}
