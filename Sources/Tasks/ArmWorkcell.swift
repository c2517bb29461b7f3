import ArmatureCore
import Kinematics
import Physics
import Randomization
import SceneDescription

/// The arm at the table that the manipulation tasks share: a world built from a task scene, the
/// UR5e-with-gripper robot in it, and the queries and commands tasks need. The arm's coordinates
/// are the six UR joints followed by the gripper's `finger_joint` (each finger's travel, 0 closed
/// to 0.0425 m open).
///
/// The gripper is driven as a 2F-85's controller drives it: towards its commanded travel at up
/// to `fingerSpeed` (slowing over the last millimetres), squeezing with up to its effort bound
/// when something stops it (see `step(count:)`).
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
  /// Each finger's top speed, m/s (the 2F-85 closes at up to 150 mm/s, 75 mm/s per finger).
  static let fingerSpeed = 0.075
  /// Time constant of the finger's approach to its commanded travel over the last millimetres, s.
  static let fingerTimeConstant = 0.02
  /// The finger pads' contact stiffness (N/m) and damping (N·s/m), per contact point. The
  /// 2F-85's pads are silicone: they give under the squeeze and touch the cube over a patch.
  /// Rigid pads, the faces a fraction of a milliradian out of parallel, touch it at one corner,
  /// and the cube pivots between the fingers at the first jolt. At the 235 N squeeze the pads
  /// give about half a millimetre.
  static let padStiffness = 1e5
  static let padDamping = 100.0
  /// The workcell's part of every arm task's default randomization, drawn after the task's own
  /// parameters: table friction, controller gains, white observation noise (2 mm) and action noise
  /// (0.05), the last two redrawn every step.
  static let defaultRandomization = [
    ParameterRandomization(name: "table.friction", distribution: .uniform(low: 0.8, high: 1.2)),
    ParameterRandomization(name: "robot.gains", distribution: .uniform(low: 0.8, high: 1.2)),
    ParameterRandomization(
      name: "observation.noise", distribution: .normal(mean: 0, standardDeviation: 0.002), apply: .offset, every: .step),
    ParameterRandomization(
      name: "action.noise", distribution: .normal(mean: 0, standardDeviation: 0.05), apply: .offset, every: .step),
  ]

  /// The arm's last command (`step(count:)` moves the set points along it).
  private(set) var command: ArmCommand
  /// The finger's commanded travel and effort bound (set by the last command; `step(count:)`
  /// drives the finger towards it).
  private(set) var fingerCommand: (target: Double, effort: Double)

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
    for pad in ["ur5e/left_finger/collision0", "ur5e/right_finger/collision0"] {
      guard let geom = world.geom(named: pad) else {
        throw PhysicsError.scene("\(relativePath): the gripper has no finger pad '\(pad)'")
      }
      let id = world.materialOf(geom)
      var material = world.materialProperties(id)
      material.stiffness = ArmWorkcell.padStiffness
      material.damping = ArmWorkcell.padDamping
      try world.setMaterial(id, material)
    }
    base = info.base
    home = world.robotJointPositions(id)
    initialState = world.state()
    nominalEffort = info.effortLimits
    nominalGains = world.robotGains(id)
    let arm = Array(home.prefix(ArmWorkcell.armJointCount))
    command = ArmCommand(start: arm, end: arm, efforts: info.effortLimits)
    fingerCommand = (home[finger], info.effortLimits[finger])
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

  /// Commands joint position targets (the arm's six, then the finger's travel), reached over the
  /// next `step(count:)`.
  func commandPositions(_ targets: [Double], effortScale: Double) throws {
    let efforts = nominalEffort.map { $0 * effortScale }
    try world.setRobotCommand(robot, .position(targets: targets, efforts: efforts))
    command = ArmCommand(start: armPositions, end: Array(targets.prefix(ArmWorkcell.armJointCount)), efforts: efforts)
    fingerCommand = (targets[fingerIndex], efforts[fingerIndex])
  }

  /// Commands joint velocities for the arm and a position for the finger: the arm's set points
  /// run at those velocities over the next `horizon` seconds.
  func commandVelocities(_ velocities: [Double], finger: Double, horizon: Double, effortScale: Double) throws {
    let q = armPositions
    let end = (0..<ArmWorkcell.armJointCount).map { q[$0] + velocities[$0] * horizon }
    try commandPositions(end + [finger], effortScale: effortScale)
  }

  /// Takes `count` physics steps (a control step), moving the arm's set points in equal steps
  /// from where the joints stood at the command to the commanded targets, with the matching
  /// velocity feed-forward, as an arm controller interpolates its set points (a UR controller's
  /// at 500 Hz). Handing the targets to the stiff joint drives all at once instead makes each
  /// joint rush there on its own within a few milliseconds: the light wrist joints run ahead of
  /// the heavy shoulder and elbow, and the gripper whips through tenths of a radian at every
  /// control step.
  ///
  /// The finger is driven as the gripper's controller drives it: a position servo whose set
  /// point runs at most `fingerSpeed × fingerTimeConstant` ahead of the finger, with gains that
  /// make the free finger approach its commanded travel at up to `fingerSpeed` (slowing over the
  /// last millimetres with time constant `fingerTimeConstant`) and a finger stopped by the cube
  /// squeeze it with its effort bound. Handing the commanded travel straight to the stiff
  /// position drive instead slams the fingers shut at metres per second and knocks the cube
  /// about. (The servo is ODE's implicit PD row, with a compliance that keeps the solve well
  /// conditioned while the fingers squeeze the cube.)
  func step(count: Int) throws {
    let joint = world.robot(robot).joints[fingerIndex]
    let limits = model.lowerLimits[fingerIndex]...model.upperLimits[fingerIndex]
    let target = fingerCommand.target.clamped(to: limits)
    let effort = fingerCommand.effort
    // Force per unit speed: the effort bound at top speed. Stiffness and damping then give the
    // implicit PD row that gain, with set points `lead` ahead of the finger.
    let gain = effort / ArmWorkcell.fingerSpeed
    let stiffness = gain / ArmWorkcell.fingerTimeConstant
    let damping = gain - world.settings.timestep * stiffness
    let lead = ArmWorkcell.fingerSpeed * ArmWorkcell.fingerTimeConstant
    let arm = command
    let period = Double(count) * world.settings.timestep
    let rates = (0..<ArmWorkcell.armJointCount).map { (arm.end[$0] - arm.start[$0]) / period } + [0]
    var setPoints = arm.start + [target]
    for s in 1...max(1, count) {
      let f = Double(s) / Double(count)
      for k in 0..<ArmWorkcell.armJointCount { setPoints[k] = arm.start[k] + (arm.end[k] - arm.start[k]) * f }
      try world.setRobotCommand(robot, .position(targets: setPoints, velocities: rates, efforts: arm.efforts))
      let q = world.jointPosition(joint)
      let setPoint = q + max(-lead, min(lead, target - q))
      try world.setControl(joint, .position(target: setPoint, stiffness: stiffness, damping: damping, maxForce: effort))
      try world.step()
    }
  }
}

/// The arm's command for the next control step: set points from `start` to `end`.
struct ArmCommand {
  var start: [Double]
  var end: [Double]
  var efforts: [Double]
}
