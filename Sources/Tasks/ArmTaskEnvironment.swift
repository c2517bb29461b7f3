import ArmatureCore
import EnvInterface
import Foundation
import Physics
import Randomization
import SceneDescription

/// The environment of a manipulation task: the arm workcell stepped at the control rate, with
/// the task's rewards and success, domain randomization (physical, sensing and actuation), a time
/// limit, and a saveable state.
///
/// Per control step: the action is checked (a non-finite action is an error, never a physics
/// input), clipped to [-1, 1], given action noise and latency, turned into joint commands (see
/// `ActionMode`), and the world takes `substeps` physics steps (2 ms each by default, 20 per
/// step: 25 Hz). The observation is the robot's state (`joint_positions`, `joint_velocities`,
/// `tcp_position`, `tcp_velocity`, `gripper_opening`) followed by the task's components, with
/// observation bias, noise and latency applied. A physics blow-up ends the episode as truncated
/// with `metrics["diverged"] = 1`; the next reset starts clean.
final class ArmTaskEnvironment<Task: ArmTask>: TaskEnvironment {
  let cell: ArmWorkcell
  private(set) var task: Task
  let options: TaskOptions
  let actionMode: ActionMode
  let observationSpace: BoxSpace
  let actionSpace: BoxSpace
  let substeps: Int
  let episodeSteps: Int
  var taskDescription: TaskDescription { Task.description }
  /// The task's instruction for this episode (set when the episode starts or is restored: tasks
  /// word it from their episode state, and formatting it every step cost a few per cent).
  private(set) var instruction: String

  private(set) var randomizer: Randomizer
  private var random: RandomStream
  /// The stream of per-pixel image noise (apart from `random`, so asking for images leaves the
  /// episode's initial states and physics as they were).
  private var imageStream: RandomStream
  /// Every randomizable parameter, in catalogue order.
  let randomizableParameters: [RandomizableParameter]
  private var stepsTaken = 0
  private var needsReset = true
  private var lastObservation: [Double] = []
  private var observationHistory: [[Double]] = []
  private var actionHistory: [[Double]] = []
  private var cameras: SceneCameras?
  private var lastImages = ObservationImages()
  private var imageHistory: [ObservationImages] = []
  private var tableMaterial: MaterialID?
  private var nominalTableMaterial: Material?
  /// The last action a shadow run applied (`ArmShadow`).
  var lastShadowAction: [Double] = []

  /// Robot observation components and their sizes. Joint velocities are measured, not commanded:
  /// the set points move at most at the joint speed limit (π rad/s), but the stiff drives overshoot
  /// when random actions reverse a joint every control step (measured up to 2.1× the limit in the
  /// conformance rollouts), so the bound is 3π.
  static var robotComponents: [(String, [Double], [Double])] {
    func box(_ n: Int, _ x: Double) -> [Double] { [Double](repeating: x, count: n) }
    return [
      ("joint_positions", box(6, -2 * .pi), box(6, 2 * .pi)), ("joint_velocities", box(6, -3 * .pi), box(6, 3 * .pi)),
      ("tcp_position", box(3, -2), box(3, 2)), ("tcp_velocity", box(3, -5), box(3, 5)),
      ("gripper_opening", [-0.01], [0.1]),
    ]
  }

  /// The catalogue of randomizable parameters of every arm task (physical, sensing, actuation and
  /// the scene's visual ones, see `VisualParameters`), plus the task's own.
  static func catalogue(observationCount: Int, actionCount: Int, scene: Scene, task: [RandomizableParameter])
    -> [RandomizableParameter]
  {
    [
      RandomizableParameter("gravity", nominal: [0, 0, -9.81], "gravity vector, m/s² (offset its components)"),
      RandomizableParameter("table.friction", nominal: 0.6, valid: 0...5, "friction coefficient of the table top"),
      RandomizableParameter(
        "robot.damping", nominal: [Double](repeating: 0, count: 6), valid: 0...1000,
        "viscous damping of the six arm joints, N·m·s/rad"),
      RandomizableParameter(
        "robot.friction", nominal: [Double](repeating: 0, count: 6), valid: 0...1000,
        "Coulomb friction of the six arm joints, N·m"),
      RandomizableParameter("robot.gains", nominal: 1, valid: 0.05...20, "scale of the position controller's gains"),
      RandomizableParameter("robot.effort", nominal: 1, valid: 0.05...5, "scale of the joints' effort limits"),
      RandomizableParameter(
        "observation.noise", nominal: [Double](repeating: 0, count: observationCount),
        "white noise added to each observation element every step"),
      RandomizableParameter(
        "observation.bias", nominal: [Double](repeating: 0, count: observationCount),
        "an offset added to each observation element for a whole episode"),
      RandomizableParameter("observation.latency", nominal: 0, valid: 0...10, "observation delay, control steps"),
      RandomizableParameter(
        "action.noise", nominal: [Double](repeating: 0, count: actionCount), "white noise added to each action element"),
      RandomizableParameter("action.latency", nominal: 0, valid: 0...10, "action delay, control steps"),
      RandomizableParameter("control.jitter", nominal: 0, valid: -10...10, "physics substeps added to a control step"),
    ] + VisualParameters.catalogue(scene: scene) + task
  }

  init(options: TaskOptions, seed: UInt64 = 0, actionMode: ActionMode? = nil) throws {
    self.options = options
    cell = try ArmWorkcell(sceneFile: Task.sceneFile, seed: seed)
    let task = try Task(cell: cell, options: options)
    self.task = task
    instruction = task.instruction
    self.actionMode = actionMode ?? Task.actionMode
    substeps = max(1, Int((1 / Task.description.controlRate / cell.world.settings.timestep).rounded()))
    episodeSteps = options.episodeSteps ?? Task.description.episodeSteps
    observationSpace = BoxSpace(
      ArmTaskEnvironment.robotComponents.map { ($0.0, $0.1, $0.2) } + task.observationComponents.map { ($0.name, $0.low, $0.high) })
    var actionParts: [(name: String, low: [Double], high: [Double])] = []
    for (name, n) in self.actionMode.components {
      actionParts.append((name, [Double](repeating: -1, count: n), [Double](repeating: 1, count: n)))
    }
    actionSpace = BoxSpace(actionParts)
    let spec = options.randomization ?? Task.description.defaultRandomization
    randomizableParameters = ArmTaskEnvironment.catalogue(
      observationCount: observationSpace.count, actionCount: actionSpace.count, scene: cell.scene,
      task: Task.description.parameters)
    randomizer = try Randomizer(spec: spec, catalogue: randomizableParameters, seed: seed)
    random = RandomStream(seed: seed).derived("task")
    imageStream = RandomStream(seed: seed).derived("image.noise")
    let known = cell.scene.cameras.map(\.name)
    for name in options.cameras where !known.contains(name) {
      throw UnknownCameraError(camera: name, known: known)
    }
    if !options.cameras.isEmpty {
      if options.imageKinds.isEmpty {
        throw TaskOptionsError(task: Task.description.name, message: "cameras are asked for but no image kinds (rgb, depth, segmentation)")
      }
      for (key, size) in [("imageWidth", options.imageWidth), ("imageHeight", options.imageHeight)] {
        if let size, !(1...4096).contains(size) {
          throw TaskOptionsError(task: Task.description.name, message: "\(key) must be 1…4096 pixels, got \(size)")
        }
      }
    }
    tableMaterial = cell.world.geom(named: "table").map { cell.world.materialOf($0) }
    nominalTableMaterial = tableMaterial.map { cell.world.materialProperties($0) }
  }

  func makeExpert() -> any Policy { TaskExpert(environment: self) }

  /// The task's reward terms, success and termination in the current state (`ArmShadow`).
  func evaluateTask(action: [Double]) -> (terms: [RewardTerm], success: Bool, terminated: Bool) {
    task.evaluate(cell: cell, action: action)
  }

  /// The scene's cameras and renderer, built on first use.
  func sceneCameras() throws -> SceneCameras {
    if let c = cameras { return c }
    let c = try SceneCameras(scene: cell.scene, world: cell.world)
    cameras = c
    return c
  }

  // MARK: Reset

  func reset(seed: UInt64?) throws -> (Observation, StepInfo) {
    if let seed {
      random = RandomStream(seed: seed).derived("task")
      imageStream = RandomStream(seed: seed).derived("image.noise")
      randomizer.reseed(seed)
      cell.world.reseed(seed)
    }
    try cell.world.restore(cell.initialState)
    randomizer.beginEpisode(adr: options.adr?.state)
    try applyRandomization()
    try task.initializeEpisode(cell: cell, random: &random, randomizer: randomizer)
    instruction = task.instruction
    try cell.commandPositions(cell.jointPositions, effortScale: randomizer.scalar("robot.effort"))
    stepsTaken = 0
    needsReset = false
    observationHistory.removeAll(keepingCapacity: true)
    imageHistory.removeAll(keepingCapacity: true)
    actionHistory.removeAll(keepingCapacity: true)
    let observation = try observe(freshNoise: true)
    let (_, success, _) = task.evaluate(cell: cell, action: [Double](repeating: 0, count: actionSpace.count))
    return (observation, StepInfo(isSuccess: success))
  }

  /// Sets every randomizable physical parameter from its nominal value and this episode's draw.
  private func applyRandomization() throws {
    let world = cell.world
    try world.setGravity(Vector3(array: randomizer.value("gravity"))!)
    if let id = tableMaterial, var m = nominalTableMaterial {
      m.friction = randomizer.scalar("table.friction")
      try world.setMaterial(id, m)
    }
    let damping = randomizer.value("robot.damping")
    let friction = randomizer.value("robot.friction")
    let joints = world.robot(cell.robot).joints
    for k in 0..<ArmWorkcell.armJointCount {
      try world.setJointDynamics(joints[k], damping: damping[k], friction: friction[k])
    }
    let gainScale = randomizer.scalar("robot.gains")
    try world.setRobotGains(
      cell.robot, cell.nominalGains.map { JointGains(stiffness: $0.stiffness * gainScale, damping: $0.damping * gainScale) })
    try task.applyRandomization(cell: cell, randomizer: randomizer)
  }

  // MARK: Step

  func step(_ action: [Double]) throws -> StepResult {
    precondition(!needsReset, "step() after the episode ended: call reset() first")
    guard action.count == actionSpace.count else {
      throw TaskError.invalidAction("expected \(actionSpace.count) action values (\(actionMode.rawValue)), got \(action.count)")
    }
    if let bad = action.firstIndex(where: { !$0.isFinite }) {
      throw TaskError.invalidAction("action element \(bad) is \(action[bad]); actions must be finite")
    }
    randomizer.beginStep()
    let noise = randomizer.value("action.noise")
    var applied = (0..<action.count).map { max(-1, min(1, action[$0] + noise[$0])) }
    // Action latency: apply the action from `latency` steps ago (the first one repeats).
    let latency = Int(randomizer.scalar("action.latency").rounded())
    if latency > 0 {
      actionHistory.append(applied)
      if actionHistory.count > latency + 1 { actionHistory.removeFirst(actionHistory.count - latency - 1) }
      applied = actionHistory[0]
    }
    var diverged = false
    do {
      try command(applied)
      let jitter = Int(randomizer.scalar("control.jitter").rounded())
      try cell.step(count: max(1, substeps + jitter))
    } catch let error as PhysicsError {
      guard case .diverged = error else { throw error }
      diverged = true
    }
    stepsTaken += 1
    if diverged {
      needsReset = true
      return StepResult(
        observation: Observation(
          vector: lastObservation, images: lastImages.rgb, depth: lastImages.depth, segmentation: lastImages.segmentation,
          instruction: instruction), reward: 0, terminated: false,
        truncated: true, info: StepInfo(isSuccess: false, metrics: ["diverged": 1]))
    }
    let (terms, success, terminated) = task.evaluate(cell: cell, action: action)
    let truncated = !terminated && stepsTaken >= episodeSteps
    let observation = try observe(freshNoise: false)
    if terminated || truncated {
      needsReset = true
      if let adr = options.adr, let boundary = randomizer.pinnedBoundary {
        adr.report(copy: options.copyIndex, boundary: boundary, success: success ? 1 : 0)
      }
    }
    var metrics: [String: Double] = [:]
    for t in terms { metrics["reward/" + t.name] = t.value }
    return StepResult(
      observation: observation, reward: terms.reduce(0) { $0 + $1.value }, terminated: terminated, truncated: truncated,
      info: StepInfo(isSuccess: success, rewardTerms: terms, metrics: metrics))
  }

  /// Turns a clipped action into joint commands.
  private func command(_ a: [Double]) throws {
    let effort = randomizer.scalar("robot.effort")
    let targets = jointTargets(a)
    switch actionMode {
    case .endEffectorDelta, .endEffectorDeltaPose, .jointPosition:
      try cell.commandPositions(targets, effortScale: effort)
    case .jointVelocity:
      let v = (0..<ArmWorkcell.armJointCount).map { a[$0] * ActionScales.jointVelocity }
      try cell.commandVelocities(
        v, finger: targets[cell.fingerIndex], horizon: Double(substeps) * cell.world.settings.timestep, effortScale: effort)
    }
  }

  /// The joint position targets (the six arm joints, then the finger's travel) a clipped action
  /// asks for from the current state, reached over one control step. For joint velocities: where
  /// the joints get at those velocities over the control period.
  func jointTargets(_ a: [Double]) -> [Double] {
    let finger = Task.gripperLocked ?? ArmWorkcell.fingerOpen * (1 - a[a.count - 1]) / 2
    let q = cell.jointPositions
    let period = Double(substeps) * cell.world.settings.timestep
    switch actionMode {
    case .endEffectorDelta, .endEffectorDeltaPose:
      let current = cell.tcpPose
      var target = current
      let (low, high) = Task.workspace
      target.position = pointwiseMin(high, pointwiseMax(low, current.position + ActionScales.translation * Vector3(a[0], a[1], a[2])))
      if actionMode == .endEffectorDeltaPose {
        let r = ActionScales.rotation * Vector3(a[3], a[4], a[5])
        target.orientation = (Quaternion(rotationVector: r) * current.orientation).normalized
      } else {
        target.orientation = ArmTaskEnvironment.downward(yawOf: current.orientation)
      }
      var targets = cell.solveArm(target: target, from: Array(q.prefix(ArmWorkcell.armJointCount)) + [q[cell.fingerIndex]])
      // No joint moves faster than its speed limit over the control period (an IK solution near a
      // wrist singularity may ask for a flip; the arm's controller would refuse it too).
      for k in 0..<ArmWorkcell.armJointCount {
        let reach = cell.model.velocityLimits[k] * period
        targets[k] = q[k] + max(-reach, min(reach, targets[k] - q[k]))
      }
      targets[cell.fingerIndex] = finger
      return targets
    case .jointPosition:
      var targets = (0..<ArmWorkcell.armJointCount).map { k -> Double in
        let lo = max(cell.model.lowerLimits[k], cell.home[k] - .pi)
        let hi = min(cell.model.upperLimits[k], cell.home[k] + .pi)
        return lo + (a[k] + 1) / 2 * (hi - lo)
      }
      targets.append(finger)
      return targets
    case .jointVelocity:
      let v = (0..<ArmWorkcell.armJointCount).map { a[$0] * ActionScales.jointVelocity }
      return (0..<ArmWorkcell.armJointCount).map { q[$0] + v[$0] * period } + [finger]
    }
  }

  /// The gripper pointing straight down (tcp z along world −z), turned `yaw` about the vertical.
  static func downward(yawOf q: Quaternion) -> Quaternion {
    let x = q.rotate(Vector3(1, 0, 0))
    let yaw = Double.atan2(y: x.y, x: x.x)
    return Quaternion(axis: Vector3(0, 0, 1), angle: yaw) * Quaternion(axis: Vector3(1, 0, 0), angle: .pi)
  }

  // MARK: Observation

  /// The observation of the current state: the vector delayed by `observation.latency`, the
  /// images (when asked for) by `image.latency`.
  func observe(freshNoise: Bool) throws -> Observation {
    var v = cell.jointPositions.prefix(ArmWorkcell.armJointCount) + cell.jointVelocities.prefix(ArmWorkcell.armJointCount)
    v += cell.tcpPose.position.array
    v += cell.tcpVelocity.array
    v.append(cell.gripperOpening)
    v += task.observe(cell: cell)
    let clean = Array(v)
    if freshNoise { randomizer.beginStep() }
    let noise = randomizer.value("observation.noise")
    let bias = randomizer.value("observation.bias")
    var noisy = (0..<clean.count).map { clean[$0] + noise[$0] + bias[$0] }
    let latency = Int(randomizer.scalar("observation.latency").rounded())
    if latency > 0 {
      observationHistory.append(noisy)
      if observationHistory.count > latency + 1 { observationHistory.removeFirst(observationHistory.count - latency - 1) }
      noisy = observationHistory[0]
    }
    lastObservation = noisy
    var images = try observationImages(noise: &imageStream)
    let imageLatency = Int(randomizer.scalar(VisualParameters.imageLatency).rounded())
    if imageLatency > 0 && !options.cameras.isEmpty {
      imageHistory.append(images)
      if imageHistory.count > imageLatency + 1 { imageHistory.removeFirst(imageHistory.count - imageLatency - 1) }
      images = imageHistory[0]
    }
    lastImages = images
    return Observation(
      vector: noisy, images: lastImages.rgb, depth: lastImages.depth, segmentation: lastImages.segmentation,
      instruction: instruction)
  }

  // MARK: Saved state

  private struct SavedState: Codable {
    var world: SimState
    var random: RandomStream
    var imageStream: RandomStream?
    var randomizer: Randomizer.State
    var stepsTaken: Int
    var needsReset: Bool
    var lastObservation: [Double]
    var observationHistory: [[Double]]
    /// Camera images: the last observation's and the delayed ones (absent without cameras).
    var lastImages: ObservationImages?
    var imageHistory: [ObservationImages]?
    var actionHistory: [[Double]]
    var task: [Double]
  }

  func saveState() -> Data? {
    let s = SavedState(
      world: cell.world.state(), random: random, imageStream: imageStream, randomizer: randomizer.state, stepsTaken: stepsTaken,
      needsReset: needsReset, lastObservation: lastObservation, observationHistory: observationHistory,
      lastImages: options.cameras.isEmpty ? nil : lastImages, imageHistory: options.cameras.isEmpty ? nil : imageHistory,
      actionHistory: actionHistory, task: task.episodeState)
    return try? JSONEncoder().encode(s)
  }

  func restoreState(_ data: Data) throws {
    let s: SavedState
    do { s = try JSONDecoder().decode(SavedState.self, from: data) } catch {
      throw EnvironmentStateError("\(Task.description.name): malformed state (\(error))")
    }
    randomizer.restore(s.randomizer)
    try applyRandomization()
    try cell.world.restore(s.world)
    random = s.random
    if let stream = s.imageStream { imageStream = stream }
    stepsTaken = s.stepsTaken
    needsReset = s.needsReset
    lastObservation = s.lastObservation
    observationHistory = s.observationHistory
    lastImages = s.lastImages ?? ObservationImages()
    imageHistory = s.imageHistory ?? []
    actionHistory = s.actionHistory
    try task.restoreEpisodeState(s.task)
    instruction = task.instruction
  }

  /// The expert's action for an observation.
  func expertAction(_ observation: [Double], memory: inout ExpertMemory) -> [Double] {
    task.expertAction(ObservationLayout(space: observationSpace, vector: observation), memory: &memory)
  }
}

/// Errors a task environment reports.
public enum TaskError: Error, CustomStringConvertible {
  case invalidAction(String)
  public var description: String {
    switch self {
    case .invalidAction(let m): return "invalid action: \(m)"
    }
  }
}

/// A task's scripted expert as a `Policy`.
final class TaskExpert<Task: ArmTask>: Policy {
  private let environment: ArmTaskEnvironment<Task>
  private var memory = ExpertMemory()
  var actionSpace: BoxSpace { environment.actionSpace }

  init(environment: ArmTaskEnvironment<Task>) { self.environment = environment }

  func reset() { memory = ExpertMemory() }

  func act(_ input: PolicyInput) throws -> ActionChunk {
    let a = environment.expertAction(input.vector, memory: &memory)
    memory.steps += 1
    return ActionChunk(single: a)
  }
}
