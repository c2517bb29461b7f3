import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// `cube-pick-place`: pick up the 5 cm cube and bring it to a target point, on the table or in the
/// air (as Gymnasium-Robotics' FetchPickAndPlace). The gripper must hold the cube by friction: the
/// fingers close on it and nothing welds or attaches it.
///
/// - Initial state: arm at home ± 0.1 rad per joint, gripper open; the cube at rest, uniform in
///   x ∈ [0.1, 0.35], y ∈ [−0.2, 0.2] m with a uniform yaw; the target 10–25 cm from the cube in a
///   uniform direction in the table plane (kept within x ∈ [0.05, 0.45], y ∈ [−0.25, 0.25]), at
///   the cube's resting height in half the episodes and up to 20 cm higher (uniform) in the other
///   half.
/// - Observation (after the robot's): the cube's `cube_position`, `cube_orientation`,
///   `cube_velocity`, `cube_angular_velocity`; `cube_relative` (cube − grasp centre); `target`;
///   `target_relative` (target − cube).
/// - Reward terms, dense: `cube_to_target` (−‖target − cube‖, m), `gripper_to_cube`
///   (−0.5‖cube − grasp centre‖), `grasp` (+0.25 while both fingers touch the cube and it is off
///   the table by at least 1 cm), `success` (+5 on the step that succeeds); sparse: `not_done`
///   (−1 per step before success).
/// - Success: the cube's centre within 5 cm of the target (FetchPickAndPlace's threshold); it ends
///   the episode. Episodes last at most 100 steps (4 s).
struct CubePickPlaceTask: ArmTask {
  static let successDistance = 0.05
  /// The share of episodes whose target is in the air.
  static let airborneShare = 0.5
  /// The highest a target rises above the cube's resting height, m.
  static let maxTargetHeight = 0.2

  static let description = TaskDescription(
    name: "cube-pick-place", summary: "pick up a 5 cm cube and bring it to a target on the table or in the air",
    episodeSteps: 100, controlRate: 25, successCondition: "the cube's centre within 5 cm of the target",
    initialState:
      "arm joints at home ± 0.1 rad, gripper open; cube uniform in x ∈ [0.1, 0.35], y ∈ [−0.2, 0.2] m with uniform yaw; target 10–25 cm from the cube in a uniform direction, on the table in half the episodes and 0–20 cm above the cube's resting height in the other half",
    parameters: TaskCube.parameters,
    defaultRandomization: TaskCube.defaultRandomization(mass: 0.5...2))
  static let sceneFile = "Scenes/tasks/cube.yaml"
  static let actionMode = ActionMode.endEffectorDeltaPose
  static let workspace = (low: Vector3(-0.1, -0.45, 0.77), high: Vector3(0.65, 0.45, 1.25))

  let cube: TaskCube
  let fingers: FingerContacts
  let reward: RewardKind
  var target = Vector3(0.3, 0, TaskCube.tableTop + 0.025)

  init(cell: ArmWorkcell, options: TaskOptions) throws {
    cube = try TaskCube(cell: cell)
    fingers = try FingerContacts(cell: cell)
    reward = options.reward
  }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    TaskCube.observationComponents + [
      ("cube_relative", [-2, -2, -2], [2, 2, 2]), ("tcp_orientation", [-1, -1, -1, -1], [1, 1, 1, 1]),
      ("target", [-1, -1, 0.5], [1, 1, 1.5]),
      ("target_relative", [-2, -2, -2], [2, 2, 2]),
    ]
  }

  var instruction: String {
    let height = target.z - TaskCube.tableTop
    let place = "(\(format(target.x)), \(format(target.y)))"
    if height < 0.04 { return "pick up the red cube and place it on the table at \(place)" }
    return "pick up the red cube and hold it with its centre \(Int((height * 100).rounded())) cm above the table at \(place)"
  }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    var q = cell.home
    for k in 0..<ArmWorkcell.armJointCount { q[k] += random.uniform(-0.1, 0.1) }
    q[cell.fingerIndex] = ArmWorkcell.fingerOpen
    try cell.world.setRobotJointPositions(cell.robot, q)
    let x = random.uniform(0.1, 0.35)
    let y = random.uniform(-0.2, 0.2)
    try cube.place(cell, x: x, y: y, yaw: random.uniform(-.pi, .pi))
    let distance = random.uniform(0.1, 0.25)
    let angle = random.uniform(-.pi, .pi)
    let airborne = random.uniform() < CubePickPlaceTask.airborneShare
    let lift = airborne ? random.uniform(0, CubePickPlaceTask.maxTargetHeight) : 0
    target = Vector3(
      (x + distance * angle.cos).clamped(to: 0.05...0.45), (y + distance * angle.sin).clamped(to: -0.25...0.25),
      TaskCube.tableTop + cube.size(cell) / 2 + lift)
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    try cube.applyRandomization(cell: cell, randomizer: randomizer)
  }

  func observe(cell: ArmWorkcell) -> [Double] {
    let c = cube.pose(cell).position
    let tcp = cell.tcpPose
    return cube.observe(cell) + (c - tcp.position).array + tcp.orientation.array + target.array + (target - c).array
  }

  /// Whether both fingers hold the cube clear of the table (by 1 cm or more).
  func isLifted(_ cell: ArmWorkcell) -> Bool {
    cube.pose(cell).position.z > TaskCube.tableTop + cube.size(cell) / 2 + 0.01 && fingers.grasp(cube.body, in: cell)
  }

  func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let c = cube.pose(cell).position
    let d = (target - c).length
    let success = d < CubePickPlaceTask.successDistance
    switch reward {
    case .dense:
      return (
        [
          RewardTerm("cube_to_target", -d), RewardTerm("gripper_to_cube", -0.5 * (c - cell.tcpPose.position).length),
          RewardTerm("grasp", isLifted(cell) ? 0.25 : 0), RewardTerm("success", success ? 5 : 0),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  /// Phases: 0 open, turn the gripper to close across two side faces and travel over the cube at a
  /// safe height, 1 descend around it, 2 close for a few steps, 3 carry the cube to the target
  /// (lifting it clear of the table first) and hold it there. Losing the cube (more than 4 cm from
  /// the grasp centre while carried) starts over.
  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let tcp = o.vector3("tcp_position")
    let grip = ExpertMotion.quaternion(o("tcp_orientation"))
    let cubeP = o.vector3("cube_position")
    let target = o.vector3("target")
    // The cube's edge from its height when it rests on the table (latched while reaching for it).
    if memory.values["edge"] == nil || memory.phase < 2 {
      memory.values["edge"] = (2 * (cubeP.z - TaskCube.tableTop)).clamped(to: 0.03...0.08)
    }
    let edge = memory.values["edge"]!
    // The pads reach 27.5 mm below the grasp centre: grasp high enough to keep them 4 mm off the
    // table.
    let graspHeight = max(cubeP.z, TaskCube.tableTop + 0.0275 + 0.004)
    let safeHeight = TaskCube.tableTop + edge + 0.06
    func planar(_ a: Vector3, _ b: Vector3) -> Double { Vector3(a.x - b.x, a.y - b.y, 0).length }
    var aim = tcp
    var gripper = -1.0
    var orientation = ExpertMotion.downward(yaw: ExpertMotion.yaw(of: grip))
    for _ in 0..<4 {  // a phase change takes effect in the same step
      switch memory.phase {
      case 0:
        aim = Vector3(cubeP.x, cubeP.y, max(safeHeight, tcp.z))
        let cubeQ = ExpertMotion.quaternion(o("cube_orientation"))
        orientation = ExpertMotion.downward(yaw: ExpertMotion.graspYaw(cube: cubeQ, near: ExpertMotion.yaw(of: grip)))
        if planar(tcp, cubeP) < 0.015 && grip.angle(to: orientation) < 0.08 {
          memory.values["yaw"] = ExpertMotion.yaw(of: orientation)
          memory.phase = 1
          continue
        }
      case 1:
        let offset = o.vector3("cube_relative")
        let descent = ExpertMotion.descent(
          tcp: tcp, offset: offset, graspHeight: graspHeight, clearHeight: ExpertMotion.clearHeight(edge: edge))
        aim = descent.aim
        orientation = ExpertMotion.downward(yaw: memory.values["yaw", default: 0])
        if planar(tcp, cubeP) > 0.03 || descent.giveUp { memory.phase = 0; continue }
        if tcp.z < graspHeight + 0.004 && Vector3(offset.x, offset.y, 0).length < 0.01 {
          memory.phase = 2
          memory.values["closing"] = Double(memory.steps)
          for (k, c) in zip(["x", "y", "z"], tcp.array) { memory.values["closeAt." + k] = c }
          continue
        }
      case 2:
        // Close holding still where the descent ended (the action noise would otherwise walk the
        // gripper off the cube), and without turning: turning a cube clamped against the table
        // twists it in the fingers.
        gripper = 1
        aim = Vector3(memory.values["closeAt.x", default: tcp.x], memory.values["closeAt.y", default: tcp.y], memory.values["closeAt.z", default: tcp.z])
        orientation = grip
        if Double(memory.steps) - memory.values["closing", default: 0] >= 12 { memory.phase = 3; continue }
      default:
        gripper = 1
        orientation = ExpertMotion.downward(yaw: memory.values["yaw", default: 0])
        if (cubeP - tcp).length > 0.04 {
          memory.phase = 0
          gripper = -1
          aim = Vector3(tcp.x, tcp.y, safeHeight)
          break
        }
        // Where the grasp centre goes so that the cube reaches the target; carried high enough to
        // clear the table until it is over the target.
        var goal = tcp + (target - cubeP)
        if planar(cubeP, target) > 0.03 { goal.z = max(goal.z, tcp.z + (TaskCube.tableTop + edge / 2 + 0.03 - cubeP.z)) }
        aim = goal
      }
      break
    }
    return ExpertMotion.action(
      tcp: tcp, current: grip, aim: aim, orientation: orientation, gripper: gripper, move: memory.phase == 1 ? 0.03 : memory.phase == 3 ? 0.04 : 0.05)
  }

  var episodeState: [Double] { target.array }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard let t = Vector3(array: values) else { throw EnvironmentStateError("cube-pick-place: expected 3 target values") }
    target = t
  }
}
