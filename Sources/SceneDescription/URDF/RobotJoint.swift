import ArmatureCore

/// The kinds of URDF joint Armature reads.
public enum RobotJointKind: String, Hashable, Sendable, CaseIterable {
  /// A hinge with position limits.
  case revolute
  /// A hinge without position limits.
  case continuous
  /// A slider with position limits.
  case prismatic
  /// A rigid connection.
  case fixed

  /// Whether the joint has a degree of freedom.
  public var isMovable: Bool { self != .fixed }
  /// Whether the joint rotates (revolute or continuous).
  public var isRotational: Bool { self == .revolute || self == .continuous }
}

/// A joint of a robot description: it places the child link in the parent link's frame.
public struct RobotJoint: Hashable, Sendable {
  public var name: String
  public var kind: RobotJointKind
  public var parent: String
  public var child: String
  /// The joint frame in the parent link frame; at position zero the child frame equals it.
  public var origin: Pose
  /// Unit axis in the joint frame (hinges rotate about it, sliders move along it).
  public var axis: Vector3
  /// Position, velocity and effort limits (`<limit>`); nil when the URDF gives none.
  public var limits: JointLimits?
  /// Viscous damping and Coulomb friction (`<dynamics>`).
  public var dynamics: JointDynamics
  /// This joint follows another: `position = multiplier · leader + offset` (`<mimic>`).
  public var mimic: JointMimic?
  /// The line of the `<joint>` element.
  public var line: Int

  public init(
    name: String, kind: RobotJointKind, parent: String, child: String, origin: Pose = .identity,
    axis: Vector3 = Vector3(1, 0, 0), limits: JointLimits? = nil, dynamics: JointDynamics = JointDynamics(),
    mimic: JointMimic? = nil, line: Int = 0
  ) {
    self.name = name
    self.kind = kind
    self.parent = parent
    self.child = child
    self.origin = origin
    self.axis = axis
    self.limits = limits
    self.dynamics = dynamics
    self.mimic = mimic
    self.line = line
  }

  /// The position range: `lower...upper` for revolute and prismatic joints, nil for continuous and
  /// fixed joints (and when the limits are missing).
  public var positionRange: ClosedRange<Double>? {
    guard kind == .revolute || kind == .prismatic, let l = limits, let lo = l.lower, let hi = l.upper, lo <= hi
    else { return nil }
    return lo...hi
  }
}

/// URDF's `<limit>`: position bounds (radians or metres), speed and effort bounds.
public struct JointLimits: Hashable, Sendable {
  public var lower: Double?
  public var upper: Double?
  /// Largest speed, rad/s or m/s; nil when not given.
  public var velocity: Double?
  /// Largest effort, N·m or N; nil when not given.
  public var effort: Double?

  public init(lower: Double? = nil, upper: Double? = nil, velocity: Double? = nil, effort: Double? = nil) {
    self.lower = lower
    self.upper = upper
    self.velocity = velocity
    self.effort = effort
  }
}

/// URDF's `<dynamics>`: viscous damping (N·m·s/rad or N·s/m) and Coulomb friction (N·m or N).
public struct JointDynamics: Hashable, Sendable {
  public var damping: Double
  public var friction: Double

  public init(damping: Double = 0, friction: Double = 0) {
    self.damping = damping
    self.friction = friction
  }
}

/// URDF's `<mimic>`: the joint's position is `multiplier · position(joint) + offset`.
public struct JointMimic: Hashable, Sendable {
  /// The leader joint's name.
  public var joint: String
  public var multiplier: Double
  public var offset: Double

  public init(joint: String, multiplier: Double = 1, offset: Double = 0) {
    self.joint = joint
    self.multiplier = multiplier
    self.offset = offset
  }
}
