import ArmatureCore
import Kinematics
import SceneDescription

/// A mimic joint's link to the joint it follows.
struct MimicLink {
  /// World joint index of the leader.
  let leader: Int
  let multiplier: Double
  let offset: Double
  var gains: JointGains
  /// The follower's own effort bound.
  let effortLimit: Double
}

/// A joint whose effort against gravity the robot controller adds every step.
struct CompensatedJoint {
  /// World joint index.
  let joint: Int
  let hinge: Bool
  /// ODE body index of the joint's child, and the joint's anchor and axis in that body's
  /// centre-of-mass frame (constant).
  let child: Int
  let anchor: Vector3
  let axis: Vector3
  /// World body indices the joint carries (its child and everything beyond).
  let subtree: [Int]
}

/// What a world keeps about a robot.
struct RobotRecord {
  var info: SimulatedRobot
  var gains: [JointGains]
  var options: RobotOptions
  /// Coordinate and mimic joints, for gravity compensation.
  var compensated: [CompensatedJoint]
  /// World joint indices of mimic followers.
  var followers: [Int]
  /// Bodies of the robot by world body index (for summing gravity).
  var bodyIndices: [Int]
}

/// Effort bound used where a URDF states none.
let unlimitedEffort = 1e6

extension World {
  // MARK: Spawning

  /// Spawns a robot: a body per group of links welded by fixed joints (named `ROBOT/LINK` after the
  /// group's first link), the root group as static geometry at `base`, collision shapes as geoms,
  /// and movable joints (named `ROBOT/JOINT`) with the URDF's limits, damping and friction.
  ///
  /// The robot starts at `initialPositions` (by joint name; others at zero, clamped into their
  /// limits), at rest, holding that configuration under position control with default gains
  /// (see `RobotOptions`). Mimic joints follow their leaders (see `RobotCommand`). Repairs of
  /// missing or unphysical inertia are listed in the robot's `warnings`.
  @discardableResult
  public func addRobot(
    _ description: RobotDescription, name: String, base: Pose = .identity, initialPositions: [String: Double] = [:],
    options: RobotOptions = RobotOptions()
  ) throws -> RobotID {
    guard !name.isEmpty, !name.contains("/") else {
      throw PhysicsError.invalidArgument("robot name '\(name)' must be nonempty and contain no '/'")
    }
    guard robotIndexByName[name] == nil else { throw PhysicsError.invalidArgument("a robot named '\(name)' already exists") }
    guard base.isFinite, base.orientation.norm > 0.5 else {
      throw PhysicsError.invalidArgument("robot '\(name)': base pose must be finite")
    }
    guard materials.indices.contains(options.material.index) else {
      throw PhysicsError.invalidArgument("robot '\(name)': unknown material \(options.material.index)")
    }
    let base = Pose(position: base.position, orientation: base.orientation.normalized)
    let model: KinematicModel
    do {
      model = try KinematicModel(description)
    } catch {
      throw PhysicsError.scene("robot '\(name)': \(error)")
    }
    // Initial coordinates by name.
    var initial = [Double](repeating: 0, count: model.dof)
    let mimicNames = Set(description.movableJoints.filter { $0.mimic != nil }.map(\.name))
    for (joint, value) in initialPositions.sorted(by: { $0.key < $1.key }) {
      guard value.isFinite else { throw PhysicsError.invalidArgument("robot '\(name)': joint '\(joint)': position must be finite") }
      if let k = model.variableIndex(joint) {
        initial[k] = value
      } else if !mimicNames.contains(joint) {
        throw PhysicsError.scene(
          "robot '\(name)': no movable joint '\(joint)' (joints: \(model.variableNames.joined(separator: ", ")))")
      }
    }
    initial = model.clamped(initial)

    // Group links into rigid bodies: a movable joint starts a group, a fixed joint joins one.
    let linkCount = model.linkNames.count
    var group = [Int](repeating: 0, count: linkCount)
    var offset = [Pose](repeating: .identity, count: linkCount)
    var groupRoots = [model.root]
    var groupParent = [-1]
    for j in model.traversal.map({ model.joints[$0] }) {
      if j.kind.isMovable {
        group[j.child] = groupRoots.count
        groupParent.append(group[j.parent])
        groupRoots.append(j.child)
      } else {
        group[j.child] = group[j.parent]
        offset[j.child] = offset[j.parent] * j.origin
      }
    }
    let zero = [Double](repeating: 0, count: model.dof)
    let zeroPoses = model.linkPoses(zero, base: base)
    let robotIndex = robots.count
    let bit = UInt64(1) << UInt64(32 + robotIndex % 32)
    var warnings: [String] = []
    func qualified(_ s: String) -> String { name + "/" + s }

    // Collision shapes per link.
    var linkShapes = [[(PhysicsShape, Pose)]](repeating: [], count: linkCount)
    for (i, link) in description.links.enumerated() {
      for c in link.collisions {
        linkShapes[i].append((try physicsShape(c.shape, of: description, robot: name, link: link.name), c.origin))
      }
    }

    // Bodies (group 0 is the fixed base and stays static).
    var bodyOfGroup = [Int](repeating: -1, count: groupRoots.count)
    var createdBodies: [BodyID] = []
    for g in 1..<groupRoots.count {
      let members = (0..<linkCount).filter { group[$0] == g }
      let mass = RobotMass.body(
        named: qualified(model.linkNames[groupRoots[g]]),
        members: members.map { (description.links[$0], offset[$0]) },
        shapes: members.flatMap { l in linkShapes[l].map { ($0.0, offset[l] * $0.1) } },
        density: options.fallbackDensity, warnings: &warnings)
      let body = try addBody(
        BodySpec(name: qualified(model.linkNames[groupRoots[g]]), pose: zeroPoses[groupRoots[g]], mass: mass))
      bodyOfGroup[g] = body.index
      createdBodies.append(body)
    }

    // Geoms.
    var createdGeoms: [GeomID] = []
    var frictionMaterials: [Double: MaterialID] = [:]
    for (i, link) in description.links.enumerated() {
      var material = options.material
      if let mu = link.friction {
        if let existing = frictionMaterials[mu] {
          material = existing
        } else {
          material = addMaterial(Material(name: qualified(link.name), friction: mu))
          frictionMaterials[mu] = material
        }
      }
      for (k, (shape, pose)) in linkShapes[i].enumerated() {
        let g = group[i]
        let isBase = g == 0
        let collides: UInt64 = options.selfCollision == .off || isBase ? ~bit : .max
        let spec = GeomSpec(
          name: qualified(link.name) + "/collision\(k)", shape: shape,
          pose: isBase ? base * offset[i] * pose : offset[i] * pose, material: material, category: bit,
          collidesWith: collides)
        createdGeoms.append(try addGeom(spec, to: isBase ? nil : BodyID(bodyOfGroup[g])))
      }
    }

    // Joints, at the zero configuration (ODE's zero position).
    var coordinateJoints = [Int](repeating: -1, count: model.dof)
    var mimicJoints: [(joint: Int, spec: KinematicModel.Joint)] = []
    var worldJointOfModelJoint = [Int](repeating: -1, count: model.joints.count)
    let limitsByName = Dictionary(description.joints.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for index in model.traversal {
      let j = model.joints[index]
      guard j.kind.isMovable, let v = j.variable else { continue }
      let urdf = limitsByName[j.name]!
      let frame = zeroPoses[j.parent] * j.origin
      let parentGroup = group[j.parent]
      let id = try addJoint(
        JointSpec(
          name: qualified(j.name), kind: j.kind.motion == .rotation ? .hinge : .slider,
          parent: parentGroup == 0 ? nil : BodyID(bodyOfGroup[parentGroup]), child: BodyID(bodyOfGroup[group[j.child]]),
          anchor: frame.position, axis: frame.orientation.rotate(j.axis), limits: urdf.positionRange,
          damping: urdf.dynamics.damping, friction: urdf.dynamics.friction))
      worldJointOfModelJoint[index] = id.index
      if urdf.mimic == nil {
        coordinateJoints[v] = id.index
      } else {
        mimicJoints.append((id.index, j))
      }
    }

    // Gravity compensation: each movable joint carries its child group and the groups beyond.
    var compensated: [CompensatedJoint] = []
    for index in model.traversal where worldJointOfModelJoint[index] >= 0 {
      let j = model.joints[index]
      let childGroup = group[j.child]
      var subtree: [Int] = []
      for g in 1..<groupRoots.count {
        var a = g
        while a > 0 && a != childGroup { a = groupParent[a] }
        if a == childGroup { subtree.append(bodyOfGroup[g]) }
      }
      let childBody = bodyOfGroup[childGroup]
      let frame = zeroPoses[j.parent] * j.origin
      let com = pose(of: BodyID(childBody)) * bodies[childBody].frameInCOM.inverse
      compensated.append(
        CompensatedJoint(
          joint: worldJointOfModelJoint[index], hinge: j.kind.motion == .rotation, child: childBody,
          anchor: com.inverse.transform(frame.position),
          axis: com.orientation.conjugate.rotate(frame.orientation.rotate(j.axis)), subtree: subtree))
    }

    let effort = model.effortLimits.map { $0.isFinite ? $0 : unlimitedEffort }
    let info = SimulatedRobot(
      id: RobotID(robotIndex), name: name, model: model, base: base, joints: coordinateJoints.map(JointID.init),
      mimicJoints: mimicJoints.map { JointID($0.joint) },
      linkFrames: (0..<linkCount).map { l in
        let g = group[l]
        return g == 0
          ? SimulatedRobot.LinkFrame(body: nil, offset: base * offset[l])
          : SimulatedRobot.LinkFrame(body: BodyID(bodyOfGroup[g]), offset: offset[l])
      },
      bodies: createdBodies, geoms: createdGeoms, effortLimits: effort, warnings: warnings)
    robots.append(
      RobotRecord(
        info: info, gains: [], options: options, compensated: compensated, followers: mimicJoints.map(\.joint),
        bodyIndices: createdBodies.map(\.index)))
    robotIndexByName[name] = robotIndex
    let id = RobotID(robotIndex)

    // Mimic links (gains are set with the others below).
    for (follower, spec) in mimicJoints {
      let leader = coordinateJoints[spec.variable!]
      let followerLimit = limitsByName[spec.name]!.limits?.effort.flatMap { $0 > 0 ? $0 : nil } ?? unlimitedEffort
      drives.grow(to: joints.count)
      drives.mimic[follower] = MimicLink(
        leader: leader, multiplier: spec.multiplier, offset: spec.offset, gains: JointGains(stiffness: 0, damping: 0),
        effortLimit: followerLimit)
    }
    try setRobotJointPositions(id, initial)
    robots[robotIndex].gains = defaultGains(robotIndex)
    for f in mimicJoints.map(\.joint) { drives.mimic[f]!.gains = defaultGains(forJoint: f, robot: robotIndex) }
    try setRobotCommand(id, .position(targets: initial))
    return id
  }

  /// The triangle mesh or primitive of a URDF shape.
  private func physicsShape(_ shape: Shape, of robot: RobotDescription, robot name: String, link: String) throws
    -> PhysicsShape
  {
    switch shape {
    case .box(let s): return .box(size: s)
    case .sphere(let r): return .sphere(radius: r)
    case .capsule(let r, let l): return .capsule(radius: r, length: l)
    case .cylinder(let r, let l): return .cylinder(radius: r, length: l)
    case .plane(let n, let o): return .plane(normal: n, offset: o)
    case .mesh(let file, let scale):
      if let m = robot.mesh(for: shape) { return .mesh(m) }
      do {
        return .mesh(try MeshLoader.load(file).scaled(by: scale))
      } catch {
        throw PhysicsError.scene("robot '\(name)': link '\(link)': \(error)")
      }
    }
  }

  // MARK: Lookup

  /// The robot called `name`.
  public func robot(named name: String) -> RobotID? { robotIndexByName[name].map(RobotID.init) }

  /// Every robot, in creation order.
  public var robotIDs: [RobotID] { robots.indices.map(RobotID.init) }

  /// What the world knows about a robot: its model, joints, bodies and link frames.
  public func robot(_ id: RobotID) -> SimulatedRobot { robots[id.index].info }

  // MARK: State

  /// The robot's coordinates (independent joints, in `model.variableNames` order).
  public func robotJointPositions(_ id: RobotID) -> [Double] { robots[id.index].info.joints.map(jointPosition) }

  /// The rates of the robot's coordinates.
  public func robotJointVelocities(_ id: RobotID) -> [Double] { robots[id.index].info.joints.map(jointVelocity) }

  /// The world pose of every link, indexed like `model.linkNames`.
  public func linkPoses(_ id: RobotID) -> [Pose] {
    robots[id.index].info.linkFrames.map { f in f.body.map { pose(of: $0) * f.offset } ?? f.offset }
  }

  /// The world pose of a link by name, or nil if the robot has no such link.
  public func linkPose(_ id: RobotID, _ link: String) -> Pose? {
    let info = robots[id.index].info
    guard let i = info.model.linkIndex(link) else { return nil }
    let f = info.linkFrames[i]
    return f.body.map { pose(of: $0) * f.offset } ?? f.offset
  }

  /// Puts the robot at coordinates `q` (clamped into the limits) with coordinate rates
  /// `velocities` (zero by default): every body is placed by forward kinematics, mimic joints
  /// included. For resets; controls are left as they are.
  public func setRobotJointPositions(_ id: RobotID, _ q: [Double], velocities: [Double]? = nil) throws {
    let info = robots[id.index].info
    let model = info.model
    guard q.count == model.dof, q.allSatisfy(\.isFinite) else {
      throw PhysicsError.invalidArgument("robot '\(info.name)': expected \(model.dof) finite joint positions, got \(q.count)")
    }
    if let v = velocities {
      guard v.count == model.dof, v.allSatisfy(\.isFinite) else {
        throw PhysicsError.invalidArgument("robot '\(info.name)': expected \(model.dof) finite joint velocities")
      }
    }
    let qc = model.clamped(q)
    let poses = model.linkPoses(qc, base: info.base)
    for body in info.bodies {
      guard let link = info.linkFrames.firstIndex(where: { $0.body == body && $0.offset == .identity }) else { continue }
      var linear = Vector3.zero
      var angular = Vector3.zero
      if let v = velocities {
        let jac = model.jacobian(of: link, qc)
        let (lin, ang) = jac.velocity(v)
        linear = info.base.orientation.rotate(lin)
        angular = info.base.orientation.rotate(ang)
      }
      try setState(of: body, pose: poses[link], linearVelocity: linear, angularVelocity: angular)
    }
    // ODE's hinge angle wraps at ±π: set the turn counts so positions read back as given.
    let positions = model.jointPositions(qc)
    for (k, j) in model.joints.enumerated() where j.variable != nil {
      guard let world = jointIndexByName[info.qualified(j.name)] else { continue }
      if joints[world].kind == .hinge {
        let raw = ODE.jointPosition(joints[world].handle, hinge: true)
        joints[world].turns = Int(((positions[k] - raw) / (2 * Double.pi)).rounded())
        joints[world].lastRawAngle = raw
      }
      joints[world].appliedStops = nil
      updateStops(world)
    }
  }
}
