import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// `cube-reorient`: turn the lettered cube (`CubeFace`: six colours, the letters of "OPENAI") until
/// a named face is on top, as OpenAI's Dactyl block, with the parallel-jaw gripper: the policy
/// regrasps it (grasp across two side faces, lift, turn the wrist, set it down, release) as many
/// times as the turn needs.
///
/// - Initial state: arm at home ± 0.1 rad per joint, gripper open; the cube at rest on the table,
///   uniform in x ∈ [0.15, 0.3], y ∈ [−0.15, 0.15] m, with a uniform face up (one of six) and a
///   uniform yaw; the target face uniform among the five faces not on top (one in five episodes it
///   is the face on the table, which takes two turns).
/// - Observation (after the robot's): the cube's `cube_position`, `cube_orientation` (quaternion
///   x, y, z, w), `cube_velocity`, `cube_angular_velocity`; `cube_relative` (cube − grasp
///   centre); `tcp_orientation` (the grasp frame's quaternion, z along the fingers' approach, x
///   along their closing); `target_face` (one-hot over `CubeFace.allCases`); `target_normal`
///   (the target face's outward normal in the world, +z when it is on top).
/// - Reward terms, dense: `orientation` (−angle of the target face from up / π, in [−1, 0]),
///   `gripper_to_cube` (−0.5‖cube − grasp centre‖, m), `face_up` (+0.5 while the target face is
///   within 0.4 rad of up, held or not), `success` (+5 on the step that succeeds); sparse:
///   `not_done` (−1 per step before success).
/// - Success (`CubeReorientSuccess`): the target face within 0.4 rad of up (Dactyl's threshold),
///   the cube resting on the table (its centre within 1 cm of half its edge above the table top),
///   released (no finger touching it) and nearly at rest (below 5 cm/s and 0.5 rad/s). It ends the
///   episode. Episodes last at most 400 steps (16 s).
struct CubeReorientTask: ArmTask {
  static let description = TaskDescription(
    name: "cube-reorient", summary: "turn a lettered, coloured cube until the named face is on top, by regrasping it",
    episodeSteps: 400, controlRate: 25, successCondition: CubeReorientSuccess.summary,
    initialState:
      "arm joints at home ± 0.1 rad, gripper open; cube at rest, uniform in x ∈ [0.15, 0.3], y ∈ [−0.15, 0.15] m, a uniform face of six up, uniform yaw; target face uniform among the five not on top",
    parameters: TaskCube.parameters,
    defaultRandomization: TaskCube.defaultRandomization(mass: 0.5...2))
  static let sceneFile = "Scenes/tasks/cube-reorient.yaml"
  static let actionMode = ActionMode.endEffectorDeltaPose
  static let workspace = (low: Vector3(-0.1, -0.45, 0.77), high: Vector3(0.65, 0.45, 1.25))

  let cube: TaskCube
  let fingers: FingerContacts
  let reward: RewardKind
  var targetFace = CubeFace.plusX

  init(cell: ArmWorkcell, options: TaskOptions) throws {
    cube = try TaskCube(cell: cell)
    fingers = try FingerContacts(cell: cell)
    reward = options.reward
  }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    TaskCube.observationComponents + [
      ("cube_relative", [-2, -2, -2], [2, 2, 2]), ("tcp_orientation", [-1, -1, -1, -1], [1, 1, 1, 1]),
      ("target_face", [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]), ("target_normal", [-1, -1, -1], [1, 1, 1]),
    ]
  }

  var instruction: String { "put \(targetFace.spokenName) on top" }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    var q = cell.home
    for k in 0..<ArmWorkcell.armJointCount { q[k] += random.uniform(-0.1, 0.1) }
    q[cell.fingerIndex] = ArmWorkcell.fingerOpen
    try cell.world.setRobotJointPositions(cell.robot, q)
    let faces = CubeFace.allCases
    let up = faces[random.integer(below: faces.count)]
    let yaw = random.uniform(-.pi, .pi)
    let others = faces.filter { $0 != up }
    targetFace = others[random.integer(below: others.count)]
    let x = random.uniform(0.15, 0.3)
    let y = random.uniform(-0.15, 0.15)
    let edge = cube.size(cell)
    let orientation = Quaternion(axis: Vector3(0, 0, 1), angle: yaw) * CubeFace.turningUp(up)
    try cell.world.setState(
      of: cube.body, pose: Pose(position: Vector3(x, y, TaskCube.tableTop + edge / 2), orientation: orientation))
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    try cube.applyRandomization(cell: cell, randomizer: randomizer)
  }

  func observe(cell: ArmWorkcell) -> [Double] {
    let p = cube.pose(cell)
    let tcp = cell.tcpPose
    let oneHot = CubeFace.allCases.map { $0 == targetFace ? 1.0 : 0.0 }
    return cube.observe(cell) + (p.position - tcp.position).array + tcp.orientation.array + oneHot
      + p.orientation.rotate(targetFace.normal).array
  }

  /// The cube's state as the success predicate sees it.
  func restState(_ cell: ArmWorkcell) -> CubeReorientSuccess {
    let p = cube.pose(cell)
    return CubeReorientSuccess(
      orientation: p.orientation, heightAboveTable: p.position.z - TaskCube.tableTop, edge: cube.size(cell),
      speed: cube.velocity(cell).length, spin: cube.angularVelocity(cell).length,
      touchedByFingers: fingers.touches(cube.body, in: cell))
  }

  func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let state = restState(cell)
    let success = state.succeeds(target: targetFace)
    switch reward {
    case .dense:
      let angle = targetFace.angleFromUp(state.orientation)
      let reach = (cube.pose(cell).position - cell.tcpPose.position).length
      return (
        [
          RewardTerm("orientation", -angle / .pi), RewardTerm("gripper_to_cube", -0.5 * reach),
          RewardTerm("face_up", angle < CubeReorientSuccess.maxAngle ? 0.5 : 0), RewardTerm("success", success ? 5 : 0),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    ReorientExpert.act(o, memory: &memory)
  }

  var episodeState: [Double] { [Double(CubeFace.allCases.firstIndex(of: targetFace)!)] }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard values.count == 1, let k = Int(exactly: values[0]), CubeFace.allCases.indices.contains(k) else {
      throw EnvironmentStateError("cube-reorient: expected the target face's index (0…5)")
    }
    targetFace = CubeFace.allCases[k]
  }
}

/// When `cube-reorient` succeeds: the target face within 0.4 rad of up (as OpenAI's Dactyl), the
/// cube resting on the table (its centre within 1 cm of half its edge above the table top),
/// released (no finger touching it) and nearly at rest (below 5 cm/s and 0.5 rad/s).
public struct CubeReorientSuccess: Hashable, Sendable {
  /// The largest angle between the target face's normal and up, rad.
  public static let maxAngle = 0.4
  /// How far the cube's centre may be from resting height, m.
  public static let heightTolerance = 0.01
  /// The fastest the cube may move, m/s, and spin, rad/s.
  public static let maxSpeed = 0.05
  public static let maxSpin = 0.5
  static let summary =
    "the target face within 0.4 rad of up, the cube resting on the table (centre within 1 cm of resting height), released (no finger touching it) and nearly at rest (< 5 cm/s, < 0.5 rad/s)"

  public var orientation: Quaternion
  /// Height of the cube's centre above the table top, m.
  public var heightAboveTable: Double
  /// The cube's edge, m.
  public var edge: Double
  /// Linear speed, m/s, and angular speed, rad/s.
  public var speed: Double
  public var spin: Double
  /// Whether a finger touches the cube.
  public var touchedByFingers: Bool

  public init(
    orientation: Quaternion, heightAboveTable: Double, edge: Double, speed: Double, spin: Double, touchedByFingers: Bool
  ) {
    self.orientation = orientation
    self.heightAboveTable = heightAboveTable
    self.edge = edge
    self.speed = speed
    self.spin = spin
    self.touchedByFingers = touchedByFingers
  }

  /// Whether the cube in this state has `target` on top, resting, released and still.
  public func succeeds(target: CubeFace) -> Bool {
    target.angleFromUp(orientation) < CubeReorientSuccess.maxAngle
      && abs(heightAboveTable - edge / 2) < CubeReorientSuccess.heightTolerance && !touchedByFingers
      && speed < CubeReorientSuccess.maxSpeed && spin < CubeReorientSuccess.maxSpin
  }
}
