import Hardware

/// What the simulated controller asks of its arm each cycle: the joint positions, velocities and
/// accelerations its motion layer wants now.
public struct JointTarget: Hashable, Sendable {
  public var positions: [Double]
  public var velocities: [Double]
  public var accelerations: [Double]

  public init(positions: [Double], velocities: [Double], accelerations: [Double]) {
    self.positions = positions
    self.velocities = velocities
    self.accelerations = accelerations
  }
}

/// The arm behind the simulated controller. The controller's motion layer (servoj, speedj,
/// movej, stops) produces a `JointTarget` every cycle; the arm follows it for one cycle and
/// reports what it measured.
///
/// `JointSpaceUR5e` follows targets exactly; `PhysicsUR5e` (the ODE UR5e under joint PD drives)
/// tracks the same targets with its own dynamics.
public protocol SimulatedArm: AnyObject {
  /// Joint names and limits.
  var model: ArmModel { get }
  /// Measured joint positions (rad).
  var jointPositions: [Double] { get }
  /// Measured joint velocities (rad/s).
  var jointVelocities: [Double] { get }
  /// Advances `dt` seconds while tracking `target`.
  func step(dt: Double, toward target: JointTarget)
  /// The tool flange pose for joint positions `q`: x, y, z (m), rotation vector (rad).
  func tcpPose(_ q: [Double]) -> [Double]
  /// The tool flange twist for positions `q` and velocities `qd` (m/s, rad/s).
  func tcpSpeed(_ q: [Double], _ qd: [Double]) -> [Double]
}

/// A joint-space model of the UR5e: the joints follow the controller's targets exactly (an
/// ideal servo), so the arm moves as the controller's motion layer commands within the UR5e's
/// joint limits, with no dynamics, friction, payload or tracking error. The tool pose comes from
/// the UR5e's nominal DH parameters.
public final class JointSpaceUR5e: SimulatedArm {
  public let model: ArmModel
  public let kinematics: URKinematics
  public private(set) var jointPositions: [Double]
  public private(set) var jointVelocities: [Double]

  public init(initialPositions: [Double], model: ArmModel = .ur5e, kinematics: URKinematics = .ur5e) {
    precondition(initialPositions.count == model.dof, "one initial position per joint")
    self.model = model
    self.kinematics = kinematics
    jointPositions = initialPositions
    jointVelocities = [Double](repeating: 0, count: model.dof)
  }

  public func step(dt: Double, toward target: JointTarget) {
    jointPositions = target.positions
    jointVelocities = target.velocities
  }

  public func tcpPose(_ q: [Double]) -> [Double] { kinematics.tcpPose(q) }
  public func tcpSpeed(_ q: [Double], _ qd: [Double]) -> [Double] { kinematics.tcpSpeed(q, qd) }
}
