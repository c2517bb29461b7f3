import ArmatureCore
import Hardware
import Physics
import SceneDescription

/// The UR5e as a rigid-body arm in an ODE world (the project's URDF UR5e in a scene such as
/// `Scenes/ur5e-table.yaml`), driven the way a UR controller drives its joints: every controller
/// cycle the motion layer's target positions and velocities go to the joints' PD drives (velocity
/// feed-forward, gravity compensated, torques bounded by the URDF's effort limits), and the
/// world steps through the cycle. The measured joint state therefore has real dynamics: the
/// joints lag and overshoot their targets by the tracking error of the drives, more so with the
/// friction, damping, latency and weaker gains a `TwinDynamics` file adds.
///
/// The tool pose is computed as the controller computes it, from the measured (encoder) joint
/// positions through the UR5e's nominal DH parameters.
public final class PhysicsUR5e: SimulatedArm {
  public let model: ArmModel
  public let kinematics: URKinematics
  public let dynamics: TwinDynamics
  /// The scene's robot that is the arm.
  public let robotName: String
  private let world: World
  private let robot: RobotID
  /// For each arm joint, its index among the robot's coordinates.
  private let coordinate: [Int]
  /// Every coordinate's hold position (coordinates that are not arm joints, e.g. a gripper).
  private var hold: [Double]
  private let substepTime: Double
  private var pending: [JointTarget] = []
  /// Measured (encoder) joint positions: true positions plus `dynamics.jointOffsets`.
  public private(set) var jointPositions: [Double]
  public private(set) var jointVelocities: [Double]
  /// Physics steps that diverged (the arm was put back at its last state and held).
  public private(set) var divergences = 0

  /// Builds the world of `scene` (read from `file`, for error messages) and puts its UR robot at
  /// `initialPositions` (measured, so the true joints stand at `initialPositions - offsets`).
  public init(
    scene: Scene, file: String, initialPositions: [Double], dynamics: TwinDynamics = TwinDynamics(),
    model: ArmModel = .ur5e, kinematics: URKinematics = .ur5e
  ) throws {
    guard initialPositions.count == model.dof, dynamics.friction.count == model.dof else {
      throw LocatedError(file: file, message: "the twin's physics arm needs \(model.dof) joints")
    }
    self.model = model
    self.kinematics = kinematics
    self.dynamics = dynamics
    let world = try World(scene: scene)
    self.world = world
    let candidates = world.robotIDs.filter {
      let info = world.robot($0)
      return info.name.lowercased().contains("ur5") || model.jointNames.allSatisfy(info.model.variableNames.contains)
    }
    guard let id = candidates.first else {
      throw LocatedError(file: file, context: "robots", message: "no UR5 robot for the twin's physics arm")
    }
    robot = id
    let info = world.robot(id)
    robotName = info.name
    var indices: [Int] = []
    for name in model.jointNames {
      guard let k = info.model.variableNames.firstIndex(of: name) else {
        throw LocatedError(
          file: file, context: "robots[\(info.name)]",
          message: "the robot has no joint '\(name)' (it has \(info.model.variableNames.joined(separator: ", ")))")
      }
      indices.append(k)
    }
    coordinate = indices
    substepTime = world.settings.timestep
    var q = world.robotJointPositions(id)
    for (j, k) in indices.enumerated() { q[k] = initialPositions[j] - dynamics.jointOffsets[j] }
    try world.setRobotJointPositions(id, q)
    hold = world.robotJointPositions(id)
    for (j, k) in indices.enumerated() {
      try world.setJointDynamics(info.joints[k], damping: dynamics.damping[j], friction: dynamics.friction[j])
    }
    if dynamics.gainScale != 1 {
      try world.setRobotGains(
        id,
        world.robotGains(id).map { JointGains(stiffness: $0.stiffness * dynamics.gainScale, damping: $0.damping * dynamics.gainScale) })
    }
    try world.setRobotCommand(id, .position(targets: hold))
    jointPositions = initialPositions
    jointVelocities = [Double](repeating: 0, count: model.dof)
    readJoints()
  }

  /// True joint positions (what the encoders would read without their bias).
  public var truePositions: [Double] {
    let q = world.robotJointPositions(robot)
    return coordinate.map { q[$0] }
  }

  public func step(dt: Double, toward target: JointTarget) {
    pending.append(target)
    if pending.count > dynamics.latency + 1 { pending.removeFirst(pending.count - dynamics.latency - 1) }
    let acting = pending[0]
    var targets = hold
    var velocities = [Double](repeating: 0, count: targets.count)
    for (j, k) in coordinate.enumerated() {
      targets[k] = acting.positions[j] - dynamics.jointOffsets[j]
      velocities[k] = acting.velocities[j]
    }
    let steps = max(1, Int((dt / substepTime).rounded()))
    let before = world.state()
    do {
      try world.setRobotCommand(robot, .position(targets: targets, velocities: velocities))
      try world.step(count: steps)
    } catch {
      // A diverged step (or a command the world refuses): back to the last state, held still.
      divergences += 1
      try? world.restore(before)
      try? world.setRobotJointPositions(robot, world.robotJointPositions(robot))
    }
    readJoints()
  }

  private func readJoints() {
    let q = world.robotJointPositions(robot)
    let qd = world.robotJointVelocities(robot)
    jointPositions = coordinate.enumerated().map { j, k in q[k] + dynamics.jointOffsets[j] }
    jointVelocities = coordinate.map { qd[$0] }
  }

  public func tcpPose(_ q: [Double]) -> [Double] { kinematics.tcpPose(q) }
  public func tcpSpeed(_ q: [Double], _ qd: [Double]) -> [Double] { kinematics.tcpSpeed(q, qd) }
}
