/// One joint's limits: position range (rad), speed (rad/s) and acceleration (rad/s²).
public struct JointLimits: Hashable, Sendable, Codable {
  public var lower: Double
  public var upper: Double
  public var maxVelocity: Double
  public var maxAcceleration: Double

  public init(lower: Double, upper: Double, maxVelocity: Double, maxAcceleration: Double) {
    precondition(lower < upper && maxVelocity > 0 && maxAcceleration > 0, "joint limits must be ordered and positive")
    self.lower = lower
    self.upper = upper
    self.maxVelocity = maxVelocity
    self.maxAcceleration = maxAcceleration
  }
}

/// What an arm declares about itself: its name, its joints in command order and their limits.
public struct ArmModel: Hashable, Sendable {
  public var name: String
  public var jointNames: [String]
  public var limits: [JointLimits]

  public init(name: String, jointNames: [String], limits: [JointLimits]) {
    precondition(jointNames.count == limits.count, "one limit per joint")
    self.name = name
    self.jointNames = jointNames
    self.limits = limits
  }

  /// Number of joints.
  public var dof: Int { jointNames.count }

  /// The Universal Robots UR5e, joints in the controller's order (base to wrist 3).
  ///
  /// Position range ±360° on every joint and 180°/s on every joint are the UR5e data sheet's
  /// values. Acceleration is not a data-sheet figure; 40 rad/s² is the upper bound that
  /// ur_rtde's `RTDEControlInterface` enforces for joint moves (`UR_JOINT_ACCELERATION_MAX`),
  /// used here as the arm's declared limit; tighten it with `SafetyLimits` for real runs.
  public static let ur5e = ArmModel(
    name: "UR5e",
    jointNames: [
      "shoulder_pan_joint", "shoulder_lift_joint", "elbow_joint", "wrist_1_joint", "wrist_2_joint", "wrist_3_joint",
    ],
    limits: Array(
      repeating: JointLimits(lower: -2 * .pi, upper: 2 * .pi, maxVelocity: .pi, maxAcceleration: 40), count: 6))
}
