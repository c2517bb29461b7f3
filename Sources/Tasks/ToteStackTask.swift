import ArmatureCore
import EnvInterface
import Physics
import Randomization

/// `tote-stack`: pick the blue warehouse tote (`TaskTote`: 300 × 200 × 120 mm, 0.4 kg, a carry
/// bar across the top) by its bar and stack it on the grey one, aligned
/// (`Scenes/tasks/tote-stack.yaml`).
///
/// - Initial state: the grasp centre at rest at a uniform point in x ∈ [0.15, 0.3],
///   y ∈ [−0.1, 0.1], z ∈ [1.0, 1.08] m, pointing down, its heading uniform within ±0.3 rad of
///   the home pose's, gripper open (40 mm per finger); both totes at rest upright on the table,
///   each centred uniformly in x ∈ [0.1, 0.3] m and |y| ∈ [0.18, 0.26] m, on opposite sides of
///   y = 0 (which side the blue one is on is a fair coin), each heading uniform within ±30° of
///   the x axis; each tote's parcels (count and mass from the randomization) in distinct cells of
///   its floor (see `ToteContents`).
/// - Observation (after the robot's): `tcp_orientation` (x, y, z, w); the blue tote's
///   `tote_position` (bottom centre), `tote_orientation`, `tote_velocity`,
///   `tote_angular_velocity`; the same four of the grey tote (`base_tote_…`); `handle_position`
///   (the blue tote's bar centre) and `handle_relative` (bar − grasp centre); `target_relative`
///   (grey rim centre − blue bottom centre); `parcels` and `base_parcels` (per parcel: its
///   position in its tote's frame and 1, or zeros for a parcel not used this episode).
/// - Reward terms, dense: `gripper_to_handle` (−0.5‖bar − grasp centre‖, m), `tote_to_target`
///   (−‖grey rim centre − blue bottom centre‖, m), `alignment` (−0.1 × the heading difference
///   modulo a half turn, rad), `tilt` (−0.2 × the blue tote's tilt, rad), `success` (+5 on the
///   step that succeeds); sparse: `not_done` (−1 per step before success).
/// - Success: `ToteStackCheck` holds for 5 control steps in a row (0.2 s): the blue tote's bottom
///   centre within 2 cm of the grey tote's rim centre (horizontally) and its heading within 5°
///   (modulo a half turn), both totes upright within 5°, the blue tote seated on the grey one
///   (touching, its bottom within 5 mm of the rim), the grey one on the table, no part of the
///   robot touching either, the blue tote still (< 0.02 m/s, < 0.2 rad/s), every parcel inside
///   its tote. It ends the episode. Episodes last at most 150 steps (6 s).
/// - Default action mode: `endEffectorDeltaPose` (the gripper must turn to the bar and the
///   stack).
struct ToteStackTask: ArmTask {
  static let holdSteps = 5

  static let description = TaskDescription(
    name: "tote-stack",
    summary: "pick the blue tote (with parcels in it) by its bar and stack it on the grey tote, aligned",
    episodeSteps: 150, controlRate: 25,
    successCondition:
      "for 0.2 s (5 steps): the blue tote seated on the grey one's rim (gap < 5 mm), centres within 2 cm, headings within 5° (mod 180°), both upright within 5°, the grey one on the table, touched by no part of the robot, the blue one still (< 0.02 m/s, < 0.2 rad/s), parcels inside",
    initialState:
      "grasp centre uniform in x ∈ [0.15, 0.3], y ∈ [−0.1, 0.1], z ∈ [1.0, 1.08] m pointing down, heading ±0.3 rad about home's, gripper open; totes upright on the table, centres uniform in x ∈ [0.1, 0.3] m, |y| ∈ [0.18, 0.26] m on opposite sides (coin flip), headings uniform ±30°; parcels in distinct random cells of their floors",
    parameters: TaskTote.parameters + ToteContents.parameters(count: "contents.count", what: "the blue tote")
      + ToteContents.parameters(count: "base_contents.count", what: "the grey tote") + [ToteContents.massParameter],
    defaultRandomization: RandomizationSpec(parameters: [
      ParameterRandomization(name: "tote.mass", distribution: .uniform(low: 0.75, high: 1.25)),
      ParameterRandomization(name: "tote.friction", distribution: .uniform(low: 0.7, high: 1.3)),
      ParameterRandomization(
        name: "contents.count", distribution: .choice(values: [1, 2, 3], weights: []), apply: .absolute),
      ParameterRandomization(
        name: "base_contents.count", distribution: .choice(values: [0, 1, 2, 3], weights: []), apply: .absolute),
      ParameterRandomization(name: "contents.mass", distribution: .logUniform(low: 0.5, high: 2)),
    ] + ArmWorkcell.defaultRandomization))
  static let sceneFile = "Scenes/tasks/tote-stack.yaml"
  static let actionMode = ActionMode.endEffectorDeltaPose
  static let workspace = (low: Vector3(-0.1, -0.45, 0.8), high: Vector3(0.6, 0.45, 1.2))

  let tote: TaskTote
  let base: TaskTote
  var contents: ToteContents
  var baseContents: ToteContents
  let check: ToteStackCheck
  let reward: RewardKind
  /// Control steps in a row that the success status has held.
  var held = 0

  init(cell: ArmWorkcell, options: TaskOptions) throws {
    let world = cell.world
    tote = try TaskTote(world: world, name: "tote")
    base = try TaskTote(world: world, name: "base_tote")
    contents = try ToteContents(
      world: world, prefix: "parcel", countParameter: "contents.count",
      parking: (0..<ToteContents.capacity).map { Vector3(-1.2, 0.6 + 0.15 * Double($0), ToteContents.size.z / 2) })
    baseContents = try ToteContents(
      world: world, prefix: "base_parcel", countParameter: "base_contents.count",
      parking: (0..<ToteContents.capacity).map { Vector3(-1.2, -0.6 - 0.15 * Double($0), ToteContents.size.z / 2) })
    check = try ToteStackCheck(world: world)
    reward = options.reward
  }

  var observationComponents: [(name: String, low: [Double], high: [Double])] {
    [("tcp_orientation", [-1, -1, -1, -1], [1, 1, 1, 1])] + TaskTote.observationComponents("tote")
      + TaskTote.observationComponents("base_tote") + [
        ("handle_position", [-2, -2, 0], [2, 2, 3]), ("handle_relative", [-2, -2, -2], [2, 2, 2]),
        ("target_relative", [-2, -2, -2], [2, 2, 2]), ToteContents.observationComponents("parcels"),
        ToteContents.observationComponents("base_parcels"),
      ]
  }

  var instruction: String { "stack the blue tote on the grey tote, lined up with it" }

  mutating func initializeEpisode(cell: ArmWorkcell, random: inout RandomStream, randomizer: Randomizer) throws {
    let world = cell.world
    try ToteTaskStart.placeArm(cell, random: &random)
    let side: Double = random.uniform() < 0.5 ? 1 : -1
    let spread = 30 * Double.pi / 180
    try tote.place(
      world, x: random.uniform(0.1, 0.3), y: side * random.uniform(0.18, 0.26), z: TaskCube.tableTop,
      yaw: random.uniform(-spread, spread))
    try base.place(
      world, x: random.uniform(0.1, 0.3), y: -side * random.uniform(0.18, 0.26), z: TaskCube.tableTop,
      yaw: random.uniform(-spread, spread))
    contents.drawCount(randomizer)
    baseContents.drawCount(randomizer)
    try contents.place(world, in: tote.pose(world), random: &random)
    try baseContents.place(world, in: base.pose(world), random: &random)
    held = 0
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    try tote.applyRandomization(world: cell.world, randomizer: randomizer)
    try base.applyRandomization(world: cell.world, randomizer: randomizer)
    try contents.applyRandomization(world: cell.world, randomizer: randomizer)
    try baseContents.applyRandomization(world: cell.world, randomizer: randomizer)
  }

  /// The grey tote's rim centre (where the blue tote's bottom centre goes).
  func target(_ world: World) -> Vector3 { base.pose(world).transform(Vector3(0, 0, TaskTote.size.z)) }

  func observe(cell: ArmWorkcell) -> [Double] {
    let world = cell.world
    let tcp = cell.tcpPose
    let upper = tote.pose(world)
    let handle = TaskTote.handle(upper)
    return tcp.orientation.array + tote.observe(world) + base.observe(world) + handle.array
      + (handle - tcp.position).array + (target(world) - upper.position).array + contents.observe(world, tote: upper)
      + baseContents.observe(world, tote: base.pose(world))
  }

  mutating func evaluate(cell: ArmWorkcell, action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    let world = cell.world
    let status = check.status(world, parcelsInTote: contents.count, parcelsInBase: baseContents.count)
    held = status.success ? held + 1 : 0
    let success = held >= ToteStackTask.holdSteps
    switch reward {
    case .dense:
      let upper = tote.pose(world)
      return (
        [
          RewardTerm("gripper_to_handle", -0.5 * (TaskTote.handle(upper) - cell.tcpPose.position).length),
          RewardTerm("tote_to_target", -(target(world) - upper.position).length),
          RewardTerm("alignment", -0.1 * status.yawError), RewardTerm("tilt", -0.2 * status.tilt),
          RewardTerm("success", success ? 5 : 0),
        ], success, success
      )
    case .sparse:
      return ([RewardTerm("not_done", success ? 0 : -1)], success, success)
    }
  }

  func expertAction(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let view = TotePickPlaceScript.View(o)
    let basePosition = o.vector3("base_tote_position")
    let baseOrientation = TotePickPlaceScript.View.quaternion(o("base_tote_orientation"))
    let basePose = Pose(position: basePosition, orientation: baseOrientation)
    let rim = basePose.transform(Vector3(0, 0, TaskTote.size.z))
    let place = TotePickPlaceScript.Place(
      x: rim.x, y: rim.y, yaw: TaskTote.yaw(basePose), surfaceHeight: rim.z,
      retry: (offset: 0.6 * ToteStackCheck.maxOffset, yaw: 0.6 * ToteStackCheck.maxYawError))
    return TotePickPlaceScript.action(view, place: place, memory: &memory)
  }

  var episodeState: [Double] { [Double(held), Double(contents.count), Double(baseContents.count)] }
  mutating func restoreEpisodeState(_ values: [Double]) throws {
    guard values.count == 3, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw EnvironmentStateError("tote-stack: expected 3 episode values (steps held, parcel counts of both totes)")
    }
    held = Int(values[0])
    try contents.restore(count: Int(values[1]))
    try baseContents.restore(count: Int(values[2]))
  }
}
