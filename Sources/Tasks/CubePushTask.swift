import ArmatureCore
import EnvInterface
import Physics
import Foundation
import Randomization

/// `cube-push`: push the 5 cm cube across the table to a target spot, with the gripper closed
/// (its command is ignored, as Gymnasium-Robotics' FetchPush blocks the gripper).
///
/// - Initial state: arm at home ± 0.1 rad per joint; the cube at rest, uniform in x ∈ [0.1, 0.35],
///   y ∈ [−0.2, 0.2] m with a uniform yaw; the target on the table 10–25 cm from the cube in a
///   uniform direction, kept within x ∈ [0.0, 0.5], y ∈ [−0.3, 0.3].
/// - Observation (after the robot's): the cube's `cube_position`, `cube_orientation`,
///   `cube_velocity`, `cube_angular_velocity`; `cube_relative` (cube − grasp centre); `target`;
///   `target_relative` (target − cube); `push_point_relative` (the push point − grasp centre, the
///   push point being 4 cm behind the cube on the line from the target through it).
/// - Reward terms, dense (each in [−1, 0], as ManiSkill's PushCube shapes them but negative, so that
///   success, which ends the episode, ends the penalties): `gripper_to_push_point`
///   (−tanh(5 × the grasp centre's distance to its approach point: the push point 4 cm behind the
///   cube on the line from the target through it, raised by twice the grasp centre's distance from
///   it in the table plane, at most 8 cm, so the gripper comes down onto it from above instead of
///   through the cube)); `cube_to_target` (−tanh(5 × the cube's distance to the target in the table
///   plane) while the grasp centre is within 3 cm of the push point, −1 otherwise: the cube's
///   progress counts only when it comes from a push); `success` (+5 on the step that succeeds);
///   sparse: `not_done`.
/// - Success: the cube's centre within 5 cm of the target in the table plane (FetchPush's 5 cm);
///   it ends the episode. Episodes last at most 50 steps (2 s), as FetchPush's.
struct CubePushTask: ArmTask {
  static let successDistance = 0.05
  /// How near the push point the grasp centre must be for the cube's progress to count.
  static let pushContactDistance = 0.03

  static let description = TaskDescription(
    name: "cube-push", summary: "push a 5 cm cube to a target spot on the table", episodeSteps: 50, controlRate: 25,
    successCondition: "the cube's centre within 5 cm of the target (in the table plane)",
    initialState:
      "arm joints at home ± 0.1 rad; cube uniform in x ∈ [0.1, 0.35], y ∈ [−0.2, 0.2] m with uniform yaw; target 10–25 cm from the cube in a uniform direction",
    parameters: TaskCube.parameters,
    defaultRandomization: TaskCube.defaultRandomization(mass: 0.6...1.6))
  static let sceneFile = "Scenes/tasks/cube.yaml"
  static let actionMode = ActionMode.endEffectorDelta
  static let gripperLocked: Double? = 0.002
  static let workspace = (low: Vector3(-0.1, -0.45, 0.77), high: Vector3(0.65, 0.45, 1.2))

  let cube: TaskCube
  let reward: RewardKind
  var target = Vector3(0.3, 0, TaskCube.tableTop + 0.025)

  init(cell: ArmWorkcell, options: TaskOptions) throws {
    cube = try TaskCube(cell: cell)
    reward = options.reward
  }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    TaskCube.observationComponents + [
      ("cube_relative", [-2, -2, -2], [2, 2, 2]), ("target", [-1, -1, 0.5], [1, 1, 1]),
      ("target_relative", [-2, -2, -2], [2, 2, 2]), ("push_point_relative", [-2, -2, -2], [2, 2, 2]),
    ]
  }

  var instruction: String { "push the red cube to the spot at (\(format(target.x)), \(format(target.y)))" }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    var q = cell.home
    for k in 0..<ArmWorkcell.armJointCount { q[k] += random.uniform(-0.1, 0.1) }
    q[cell.fingerIndex] = 0
    try cell.world.setRobotJointPositions(cell.robot, q)
    let x = random.uniform(0.1, 0.35)
    let y = random.uniform(-0.2, 0.2)
    try cube.place(cell, x: x, y: y, yaw: random.uniform(-.pi, .pi))
    let distance = random.uniform(0.1, 0.25)
    let angle = random.uniform(-.pi, .pi)
    target = Vector3(
      (x + distance * angle.cos).clamped(to: 0.0...0.5), (y + distance * angle.sin).clamped(to: -0.3...0.3),
      TaskCube.tableTop + cube.size(cell) / 2)
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    try cube.applyRandomization(cell: cell, randomizer: randomizer)
  }

  /// Distance between cube and target in the table plane.
  func planarDistance(_ cell: ArmWorkcell) -> Double {
    let c = cube.pose(cell).position
    return Vector3(c.x - target.x, c.y - target.y, 0).length
  }

  func observe(cell: ArmWorkcell) -> [Double] {
    let c = cube.pose(cell).position
    let tcp = cell.tcpPose.position
    return cube.observe(cell) + (c - tcp).array + target.array + (target - c).array + (pushPoint(cell) - tcp).array
  }

  /// The point 4 cm behind the cube's centre on the line from the target through the cube: where a
  /// push that moves the cube to the target starts.
  func pushPoint(_ cell: ArmWorkcell) -> Vector3 {
    let c = cube.pose(cell).position
    var toTarget = target - c
    toTarget.z = 0
    return c - 0.04 * (toTarget.length > 1e-9 ? toTarget.normalized : Vector3(1, 0, 0))
  }

  /// The push point raised by twice the grasp centre's distance from it in the table plane (at most
  /// 8 cm): an approach from above that clears the cube.
  func approachPoint(_ cell: ArmWorkcell) -> Vector3 {
    var point = pushPoint(cell)
    let tcp = cell.tcpPose.position
    point.z += min(0.08, 2 * Vector3(tcp.x - point.x, tcp.y - point.y, 0).length)
    return point
  }

  func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let d = planarDistance(cell)
    let success = d < CubePushTask.successDistance
    switch reward {
    case .dense:
      let tcp = cell.tcpPose.position
      let atPushPoint = (pushPoint(cell) - tcp).length < CubePushTask.pushContactDistance
      return (
        [
          RewardTerm("gripper_to_push_point", -tanh(5 * (approachPoint(cell) - tcp).length)),
          RewardTerm("cube_to_target", atPushPoint ? -tanh(5 * d) : -1), RewardTerm("success", success ? 5 : 0),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  /// Phases: 0 travel at a safe height to above a point behind the cube (seen from the target),
  /// 1 lower to push height, 2 push through the cube towards the target at 3 cm per step, steering
  /// back onto the line through cube and target,
  /// 3 lift clear when the cube has turned out of line, then start over.
  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let tcp = o.vector3("tcp_position")
    let cubeP = o.vector3("cube_position")
    var toGoal = o.vector3("target") - cubeP
    toGoal.z = 0
    let direction = toGoal.length > 1e-6 ? toGoal.normalized : Vector3(1, 0, 0)
    let pushHeight = TaskCube.tableTop + 0.02
    let safeHeight = pushHeight + 0.08
    let start = cubeP - 0.06 * direction
    var relative = tcp - cubeP
    relative.z = 0
    let along = relative.dot(direction)
    let across = (relative - along * direction).length
    func planar(_ a: Vector3, _ b: Vector3) -> Double { Vector3(a.x - b.x, a.y - b.y, 0).length }
    var aim = tcp
    var speed = 1.0
    for _ in 0..<4 {  // a phase change takes effect in the same step
      switch memory.phase {
      case 0:
        aim = Vector3(start.x, start.y, safeHeight)
        if planar(tcp, start) < 0.015 { memory.phase = 1; continue }
      case 1:
        aim = Vector3(start.x, start.y, pushHeight)
        if tcp.z < pushHeight + 0.01 { memory.phase = 2; continue }
      case 2:
        // Push along the line through the cube and the target, steering back onto it.
        let lateral = relative - along * direction
        aim = tcp + 0.02 * direction - 0.8 * lateral
        aim.z = pushHeight
        speed = 0.6
        if across > 0.03 || along > -0.015 { memory.phase = 3; continue }
      default:
        aim = Vector3(tcp.x, tcp.y, safeHeight)
        if tcp.z > safeHeight - 0.01 { memory.phase = 0; continue }
      }
      break
    }
    let delta = (aim - tcp) / ActionScales.translation
    return [delta.x, delta.y, delta.z].map { max(-speed, min(speed, $0)) } + [1]
  }

  var targetMarker: Vector3? { target }
  var episodeState: [Double] { target.array }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard let t = Vector3(array: values) else { throw EnvironmentStateError("cube-push: expected 3 target values") }
    target = t
  }
}
