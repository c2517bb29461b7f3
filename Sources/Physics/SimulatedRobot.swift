import ArmatureCore
import Kinematics
import SceneDescription

/// A robot spawned into a world: where its links, joints, bodies and geoms are.
///
/// Links joined by fixed joints are welded into one rigid body, named `ROBOT/LINK` after the link
/// nearest the root (as MuJoCo and PyBullet merge them); the fixed base is static geometry, not a
/// body. Every link, merged or not, has a frame (`linkFrames`), so `World.linkPose` gives the pose
/// of any link, `tool0` included. Movable joints become world joints named `ROBOT/JOINT`.
public struct SimulatedRobot: Sendable {
  /// Where a link's frame is: on a body, or on the fixed base.
  public struct LinkFrame: Hashable, Sendable {
    /// The body the link is part of; nil for links of the fixed base.
    public var body: BodyID?
    /// The link frame in the body's frame (or in the world, for the fixed base).
    public var offset: Pose
  }

  public let id: RobotID
  public let name: String
  /// The kinematic model: link names, coordinates (`variableNames`) and limits.
  public let model: KinematicModel
  /// The pose of the root link in the world.
  public let base: Pose
  /// The world joints of the robot's coordinates, in `model.variableNames` order.
  public let joints: [JointID]
  /// World joints of mimic joints, which follow their leaders.
  public let mimicJoints: [JointID]
  /// Per link (indexed like `model.linkNames`): its body and offset.
  public let linkFrames: [LinkFrame]
  /// The bodies created for the robot, root side first.
  public let bodies: [BodyID]
  /// The geoms created for the robot (static base geoms included).
  public let geoms: [GeomID]
  /// Effort bounds per coordinate (the URDF's, or a large bound where it states none).
  public let effortLimits: [Double]
  /// Things spawning worked around (missing inertia replaced, say).
  public let warnings: [String]

  /// The number of coordinates.
  public var dof: Int { joints.count }

  /// The world name of a link's body or of a joint: `ROBOT/NAME`.
  public func qualified(_ name: String) -> String { self.name + "/" + name }
}
