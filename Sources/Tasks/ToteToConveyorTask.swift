import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// `tote-to-conveyor`: pick the warehouse tote (`TaskTote`: 300 × 200 × 120 mm, 0.4 kg, a carry
/// bar across the top) off the table by its bar and set it upright on the conveyor belt running
/// beside the table (`Scenes/tasks/tote-conveyor.yaml`: a 2.4 m belt, 0.32 m wide, along +x,
/// its centre line at y = −0.63 m, its top at 0.74 m, 1 cm below the table).
///
/// - Initial state: the grasp centre at rest at a uniform point in x ∈ [0.15, 0.3],
///   y ∈ [−0.1, 0.1], z ∈ [1.0, 1.08] m, pointing down, its heading uniform within ±0.3 rad of
///   the home pose's, gripper open (40 mm per finger); the tote at rest upright on the table
///   with its centre uniform in x ∈ [0.15, 0.35], y ∈ [−0.1, 0.25] m and a uniform heading; its
///   parcels (count and mass from the randomization) in distinct cells of its floor (see
///   `ToteContents`); the belt running at the randomization's speed.
/// - Observation (after the robot's): `tcp_orientation` (x, y, z, w); the tote's `tote_position`
///   (bottom centre), `tote_orientation`, `tote_velocity`, `tote_angular_velocity`;
///   `handle_position` (the bar's centre) and `handle_relative` (bar − grasp centre);
///   `conveyor_velocity` (the belt surface's velocity); `parcels` (per parcel: its position in the
///   tote's frame and 1, or zeros for a parcel not in the tote this episode).
/// - Reward terms, dense: `gripper_to_handle` (−0.5‖bar − grasp centre‖, m), `tote_to_belt`
///   (−the distance from the tote's bottom centre to the belt's placing area: the belt top
///   shrunk by half the tote's length and width, m), `tilt` (−0.2 × the tote's tilt, rad),
///   `success` (+5 on the step that succeeds); sparse: `not_done` (−1 per step before success).
/// - Success: `ToteOnConveyorCheck` holds for 5 control steps in a row (0.2 s): the tote upright
///   (tilt < 10°), touching the belt with all four bottom corners over it, touched by no part of
///   the robot, moving within 0.03 m/s of the belt's surface velocity, every parcel still
///   inside. It ends the episode. Episodes last at most 150 steps (6 s).
/// - Default action mode: `endEffectorDeltaPose` (the gripper must turn to the bar and the belt).
struct ToteToConveyorTask: ArmTask {
  static let holdSteps = 5

  static let description = TaskDescription(
    name: "tote-to-conveyor",
    summary: "pick a warehouse tote (with parcels in it) off the table by its bar and set it upright on a running conveyor",
    episodeSteps: 150, controlRate: 25,
    successCondition:
      "for 0.2 s (5 steps): the tote upright (tilt < 10°) on the belt with all four bottom corners over it, touched by no part of the robot, moving within 0.03 m/s of the belt, its parcels inside",
    initialState:
      "grasp centre uniform in x ∈ [0.15, 0.3], y ∈ [−0.1, 0.1], z ∈ [1.0, 1.08] m pointing down, heading ±0.3 rad about home's, gripper open; tote upright on the table, centre uniform in x ∈ [0.15, 0.35], y ∈ [−0.1, 0.25] m, uniform heading; parcels in distinct random cells of its floor; belt at the randomized speed",
    parameters: TaskTote.parameters + ToteContents.parameters(count: "contents.count", what: "the tote")
      + [ToteContents.massParameter] + TaskConveyor.parameters,
    defaultRandomization: RandomizationSpec(parameters: [
      ParameterRandomization(name: "conveyor.speed", distribution: .uniform(low: 0.1, high: 0.3), apply: .absolute),
      ParameterRandomization(name: "tote.mass", distribution: .uniform(low: 0.75, high: 1.25)),
      ParameterRandomization(name: "tote.friction", distribution: .uniform(low: 0.7, high: 1.3)),
      ParameterRandomization(
        name: "contents.count", distribution: .choice(values: [1, 2, 3], weights: []), apply: .absolute),
      ParameterRandomization(name: "contents.mass", distribution: .logUniform(low: 0.5, high: 2)),
    ] + ArmWorkcell.defaultRandomization))
  static let sceneFile = "Scenes/tasks/tote-conveyor.yaml"
  static let actionMode = ActionMode.endEffectorDeltaPose
  static let workspace = (low: Vector3(-0.35, -0.78, 0.8), high: Vector3(0.6, 0.45, 1.2))
  /// Where the expert sets the tote down: its centre at this x on the belt's centre line.
  static let placeX = -0.05

  let tote: TaskTote
  var contents: ToteContents
  let conveyor: TaskConveyor
  let check: ToteOnConveyorCheck
  let reward: RewardKind
  /// Control steps in a row that the success status has held.
  var held = 0

  init(cell: ArmWorkcell, options: TaskOptions) throws {
    tote = try TaskTote(world: cell.world, name: "tote")
    contents = try ToteContents(
      world: cell.world, prefix: "parcel", countParameter: "contents.count",
      parking: (0..<ToteContents.capacity).map { Vector3(-1.2, 0.6 + 0.15 * Double($0), ToteContents.size.z / 2) })
    conveyor = try TaskConveyor(world: cell.world)
    check = try ToteOnConveyorCheck(world: cell.world)
    reward = options.reward
  }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    [("tcp_orientation", [-1, -1, -1, -1], [1, 1, 1, 1])] + TaskTote.observationComponents("tote") + [
      ("handle_position", [-2, -2, 0], [2, 2, 3]), ("handle_relative", [-2, -2, -2], [2, 2, 2]),
      ("conveyor_velocity", [-1, -1, -1], [1, 1, 1]), ToteContents.observationComponents("parcels"),
    ]
  }

  var instruction: String { "pick up the blue tote by its handle and set it upright on the running conveyor belt" }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    try ToteTaskStart.placeArm(cell, random: &random)
    let x = random.uniform(0.15, 0.35)
    let y = random.uniform(-0.1, 0.25)
    let yaw = random.uniform(-.pi, .pi)
    try tote.place(cell.world, x: x, y: y, z: TaskCube.tableTop, yaw: yaw)
    contents.drawCount(randomizer)
    try contents.place(cell.world, in: tote.pose(cell.world), random: &random)
    held = 0
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    try tote.applyRandomization(world: cell.world, randomizer: randomizer)
    try conveyor.applyRandomization(world: cell.world, randomizer: randomizer)
    try contents.applyRandomization(world: cell.world, randomizer: randomizer)
  }

  func observe(cell: ArmWorkcell) -> [Double] {
    let world = cell.world
    let tcp = cell.tcpPose
    let pose = tote.pose(world)
    let handle = TaskTote.handle(pose)
    return tcp.orientation.array + tote.observe(world) + handle.array + (handle - tcp.position).array
      + conveyor.velocity(world).array + contents.observe(world, tote: pose)
  }

  /// Distance from the tote's bottom centre to the belt's placing area.
  func distanceToBelt(_ pose: Pose) -> Double {
    let c = conveyor.topCentre
    let p = pose.position
    let dx = max(0, abs(p.x - c.x) - (conveyor.halfLength - TaskTote.size.x / 2))
    let dy = max(0, abs(p.y - c.y) - (conveyor.halfWidth - TaskTote.size.y / 2))
    return Vector3(dx, dy, p.z - c.z).length
  }

  mutating func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let status = check.status(cell.world, parcelsInTote: contents.count)
    held = status.success ? held + 1 : 0
    let success = held >= ToteToConveyorTask.holdSteps
    switch reward {
    case .dense:
      let pose = tote.pose(cell.world)
      return (
        [
          RewardTerm("gripper_to_handle", -0.5 * (TaskTote.handle(pose) - cell.tcpPose.position).length),
          RewardTerm("tote_to_belt", -distanceToBelt(pose)), RewardTerm("tilt", -0.2 * status.tilt),
          RewardTerm("success", success ? 5 : 0),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let beltVelocity = o.vector3("conveyor_velocity")
    let place = TotePickPlaceScript.Place(
      x: ToteToConveyorTask.placeX, y: conveyor.topCentre.y, yaw: 0, surfaceHeight: conveyor.topCentre.z,
      surfaceVelocity: Vector3(beltVelocity.x, beltVelocity.y, 0))
    return TotePickPlaceScript.action(TotePickPlaceScript.View(o), place: place, memory: &memory)
  }

  var episodeState: [Double] { [Double(held), Double(contents.count)] }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard values.count == 2, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw EnvironmentStateError("tote-to-conveyor: expected 2 episode values (steps held, parcel count)")
    }
    held = Int(values[0])
    try contents.restore(count: Int(values[1]))
  }
}
