import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// `reach`: bring the gripper's grasp centre to a target point in front of the arm.
///
/// - Initial state: the arm at its home configuration with every arm joint offset by a uniform
///   ±0.1 rad, gripper open; the target uniform in the box x ∈ [0.05, 0.45] m, y ∈ [−0.3, 0.3] m,
///   z ∈ [0.8, 1.1] m (the table top is at 0.75 m, the arm's base at x = −0.25 m).
/// - Observation (after the robot's): `target` and `target_relative` (target − grasp centre).
/// - Reward terms, dense: `distance` (−‖target − grasp centre‖, m), `success` (+5 on the step that
///   succeeds), `action` (−0.001‖a‖²); sparse: `not_done` (−1 per step before success).
/// - Success: the grasp centre within 5 cm of the target (Gymnasium-Robotics' Fetch threshold);
///   it ends the episode. Episodes last at most 50 steps (2 s) at 25 Hz.
struct ReachTask: ArmTask {
  static let successDistance = 0.05
  static let targetLow = Vector3(0.05, -0.3, 0.8)
  static let targetHigh = Vector3(0.45, 0.3, 1.1)

  static let description = TaskDescription(
    name: "reach", summary: "bring the gripper to a random target point in front of the arm", episodeSteps: 50,
    controlRate: 25, successCondition: "the grasp centre within 5 cm of the target",
    initialState: "arm joints at home ± 0.1 rad; target uniform in x ∈ [0.05, 0.45], y ∈ [−0.3, 0.3], z ∈ [0.8, 1.1] m",
    parameters: [],
    defaultRandomization: RandomizationSpec(parameters: [
      ParameterRandomization(name: "robot.gains", distribution: .uniform(low: 0.8, high: 1.2)),
      ParameterRandomization(name: "robot.damping", distribution: .uniform(low: 0, high: 1), apply: .offset),
      ParameterRandomization(
        name: "observation.noise", distribution: .normal(mean: 0, standardDeviation: 0.002), apply: .offset, every: .step),
      ParameterRandomization(
        name: "action.noise", distribution: .normal(mean: 0, standardDeviation: 0.05), apply: .offset, every: .step),
    ]))
  static let sceneFile = "Scenes/tasks/reach.yaml"
  static let actionMode = ActionMode.endEffectorDelta
  static let workspace = (low: Vector3(-0.05, -0.45, 0.77), high: Vector3(0.65, 0.45, 1.25))

  var target = Vector3(0.25, 0, 0.95)
  let reward: RewardKind

  init(cell: ArmWorkcell, options: TaskOptions) throws { reward = options.reward }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    [("target", ReachTask.targetLow.array, ReachTask.targetHigh.array), ("target_relative", [-2, -2, -2], [2, 2, 2])]
  }

  var instruction: String {
    "move the gripper to the point (\(format(target.x)), \(format(target.y)), \(format(target.z)))"
  }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    var q = cell.home
    for k in 0..<ArmWorkcell.armJointCount { q[k] += random.uniform(-0.1, 0.1) }
    q[cell.fingerIndex] = ArmWorkcell.fingerOpen
    try cell.world.setRobotJointPositions(cell.robot, q)
    target = Vector3(
      random.uniform(ReachTask.targetLow.x, ReachTask.targetHigh.x),
      random.uniform(ReachTask.targetLow.y, ReachTask.targetHigh.y),
      random.uniform(ReachTask.targetLow.z, ReachTask.targetHigh.z))
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {}

  func observe(cell: ArmWorkcell) -> [Double] { target.array + (target - cell.tcpPose.position).array }

  func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let d = (target - cell.tcpPose.position).length
    let success = d < ReachTask.successDistance
    switch reward {
    case .dense:
      return (
        [
          RewardTerm("distance", -d), RewardTerm("success", success ? 5 : 0),
          RewardTerm("action", -0.001 * action.reduce(0) { $0 + $1 * $1 }),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let delta = o.vector3("target_relative") / ActionScales.translation
    return [delta.x, delta.y, delta.z].map { max(-1, min(1, $0)) } + [-1]
  }

  var targetMarker: Vector3? { target }
  var episodeState: [Double] { target.array }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard let t = Vector3(array: values) else { throw EnvironmentStateError("reach: expected 3 target values") }
    target = t
  }
}

func format(_ x: Double) -> String { String(format: "%.2f", x) }
