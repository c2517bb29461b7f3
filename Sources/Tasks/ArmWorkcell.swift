import ArmatureCore
import Kinematics
import Physics
import SceneDescription

/// The arm at the table that the manipulation tasks share: a world built from a task scene, the
/// UR5e-with-gripper robot in it, and the queries and commands tasks need. The arm's coordinates
/// are the six UR joints followed by the gripper's `finger_joint` (each finger's travel, 0 closed
/// to 0.0425 m open).
final class ArmWorkcell {
  let scene: Scene
  let world: World
  let robot: RobotID
  let model: KinematicModel
  /// Index of the grasp-centre frame `tcp`.
  let tcpLink: Int
  /// Index of the gripper coordinate among the robot's coordinates.
  let fingerIndex: Int
  /// The arm's coordinates at the scene's initial configuration.
  let home: [Double]
  /// The world state right after construction (arm at home, objects where the scene puts them).
  let initialState: SimState
  let base: Pose
  /// Effort limits as spawned (randomization scales them).
  let nominalEffort: [Double]
  let nominalGains: [JointGains]

  static let armJointCount = 6
  /// Each finger's travel when fully open, m.
  static let fingerOpen = 0.0425

  init(sceneFile relativePath: String, seed: UInt64) throws {
    scene = try Scene.load(file: ResourceLocator.path(relativePath))
    world = try World(scene: scene, seed: seed)
    guard let id = world.robot(named: "ur5e") else {
      throw PhysicsError.scene("\(relativePath): the task scene needs a robot named 'ur5e'")
    }
    robot = id
    let info = world.robot(id)
    model = info.model
    guard let tcp = model.linkIndex("tcp"), let finger = model.variableIndex("finger_joint"),
      model.dof == ArmWorkcell.armJointCount + 1, finger == ArmWorkcell.armJointCount
    else {
      throw PhysicsError.scene("\(relativePath): the robot must be the UR5e with the gripper (ur5e-gripper.urdf)")
    }
    tcpLink = tcp
    fingerIndex = finger
    base = info.base
    home = world.robotJointPositions(id)
    initialState = world.state()
    nominalEffort = info.effortLimits
    nominalGains = world.robotGains(id)
  }

  /// All coordinates, arm first, then the finger.
  var jointPositions: [Double] { world.robotJointPositions(robot) }
  var jointVelocities: [Double] { world.robotJointVelocities(robot) }
  var armPositions: [Double] { Array(jointPositions.prefix(ArmWorkcell.armJointCount)) }

  /// The grasp centre's pose in the world.
  var tcpPose: Pose { world.linkPose(robot, "tcp")! }

  /// The grasp centre's linear velocity in the world (from the Jacobian).
  var tcpVelocity: Vector3 {
    let jac = model.jacobian(of: tcpLink, jointPositions)
    return base.orientation.rotate(jac.velocity(jointVelocities).linear)
  }

  /// Distance between the finger pads, m.
  var gripperOpening: Double { 2 * jointPositions[fingerIndex] }

  /// Arm coordinates that put the grasp centre at `target` (world), starting from `start`, by a
  /// few damped-least-squares iterations (no restarts: small steps from the current pose).
  func solveArm(target: Pose, from start: [Double], iterations: Int = 8) -> [Double] {
    var options = IKOptions()
    options.maxIterations = iterations
    options.restarts = 0
    options.positionTolerance = 1e-4
    options.orientationTolerance = 1e-3
    var unused = RandomStream(seed: 0)
    guard
      let result = try? model.inverseKinematics(
        link: tcpLink, target: .pose(target), base: base, initial: start, options: options, random: &unused)
    else { return start }
    return result.positions
  }

  /// Commands joint position targets (the arm's six, then the finger's travel).
  func commandPositions(_ targets: [Double], effortScale: Double) throws {
    try world.setRobotCommand(robot, .position(targets: targets, efforts: nominalEffort.map { $0 * effortScale }))
  }

  /// Commands joint velocities for the arm and a position for the finger, as position targets a
  /// control period ahead.
  func commandVelocities(_ velocities: [Double], finger: Double, horizon: Double, effortScale: Double) throws {
    let q = jointPositions
    var targets = (0..<ArmWorkcell.armJointCount).map { q[$0] + velocities[$0] * horizon }
    targets.append(finger)
    let v = velocities + [0]
    try world.setRobotCommand(
      robot, .position(targets: targets, velocities: v, efforts: nominalEffort.map { $0 * effortScale }))
  }
}
