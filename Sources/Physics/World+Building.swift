import ArmatureCore
import CODE
import SceneDescription

extension World {
  /// Adds a contact material and returns its id. Combined surfaces with every existing material are
  /// computed now, by the rule of `Material.combined(with:)`.
  @discardableResult
  public func addMaterial(_ material: Material) -> MaterialID {
    materials.append(material)
    rebuildSurfaces()
    return MaterialID(materials.count - 1)
  }

  /// Replaces a material's properties (domain randomization of friction and restitution).
  public func setMaterial(_ id: MaterialID, _ material: Material) throws {
    guard materials.indices.contains(id.index) else { throw PhysicsError.unknown("no material \(id.index)") }
    guard material.friction >= 0, material.friction.isFinite, (0...1).contains(material.restitution) else {
      throw PhysicsError.invalidArgument("material '\(material.name)': friction must be ≥ 0, restitution in [0, 1]")
    }
    materials[id.index] = material
    rebuildSurfaces()
  }

  /// The properties of a material.
  public func materialProperties(_ id: MaterialID) -> Material { materials[id.index] }

  func rebuildSurfaces() {
    let n = materials.count
    let h = settings.timestep
    surfaces = []
    surfaces.reserveCapacity(n * n)
    for a in materials {
      for b in materials {
        let m = a.combined(with: b)
        var s = dSurfaceParameters()
        s.mode = Int32(dContactApprox1)
        s.mu = m.friction
        if m.restitution > 0 {
          s.mode |= Int32(dContactBounce)
          s.bounce = m.restitution
          s.bounce_vel = settings.contacts.bounceThreshold
        }
        if let k = m.stiffness {
          // A spring k and damper c as ODE's soft ERP and CFM (ODE manual, "How to use ERP and CFM").
          let c = m.damping ?? 0
          s.mode |= Int32(dContactSoftERP) | Int32(dContactSoftCFM)
          s.soft_erp = h * k / (h * k + c)
          s.soft_cfm = 1 / (h * k + c)
        }
        surfaces.append(s)
      }
    }
  }

  /// Adds a rigid body. Its mass must be positive and its inertia positive definite; the centre of
  /// mass may be anywhere in the body frame (ODE's body sits at the centre of mass, and the world
  /// converts poses at its boundary).
  @discardableResult
  public func addBody(_ spec: BodySpec) throws -> BodyID {
    if let problem = spec.mass.problem { throw PhysicsError.invalidArgument("body '\(spec.name)': \(problem)") }
    guard spec.pose.isFinite, spec.linearVelocity.isFinite, spec.angularVelocity.isFinite else {
      throw PhysicsError.invalidArgument("body '\(spec.name)': pose and velocities must be finite")
    }
    guard bodyIndexByName[spec.name] == nil else {
      throw PhysicsError.invalidArgument("a body named '\(spec.name)' already exists")
    }
    ODE.prepareThread()
    let handle = ODE.createBody(odeWorld, mass: spec.mass.mass, inertia: spec.mass.inertia, gravity: spec.gravity)
    let frameInCOM = Pose(position: -spec.mass.centerOfMass)
    let com = spec.pose * Pose(position: spec.mass.centerOfMass)
    // Velocities are given for the body frame's origin; ODE wants them at the centre of mass.
    let comVelocity = spec.linearVelocity + spec.angularVelocity.cross(com.position - spec.pose.position)
    ODE.setBodyState(
      handle, position: com.position, orientation: com.orientation, linear: comVelocity, angular: spec.angularVelocity)
    bodies.append(BodyRecord(handle: handle, name: spec.name, frameInCOM: frameInCOM, mass: spec.mass))
    bodyIndexByName[spec.name] = bodies.count - 1
    pendingForce.append(.zero)
    pendingTorque.append(.zero)
    return BodyID(bodies.count - 1)
  }

  /// Adds a collision shape to a body (pose in the body frame) or, with `body` nil, fixed in the
  /// world (pose in world coordinates).
  @discardableResult
  public func addGeom(_ spec: GeomSpec, to body: BodyID? = nil) throws -> GeomID {
    if let problem = spec.shape.problem { throw PhysicsError.invalidArgument("geom '\(spec.name)': \(problem)") }
    guard spec.pose.isFinite else { throw PhysicsError.invalidArgument("geom '\(spec.name)': pose must be finite") }
    guard materials.indices.contains(spec.material.index) else {
      throw PhysicsError.invalidArgument("geom '\(spec.name)': unknown material \(spec.material.index)")
    }
    if let b = body, !bodies.indices.contains(b.index) {
      throw PhysicsError.invalidArgument("geom '\(spec.name)': unknown body \(b.index)")
    }
    if case .plane = spec.shape, body != nil {
      throw PhysicsError.invalidArgument("geom '\(spec.name)': a plane cannot ride on a body")
    }
    if let v = spec.surfaceVelocity {
      guard v.isFinite else { throw PhysicsError.invalidArgument("geom '\(spec.name)': surface velocity must be finite") }
      guard body == nil else {
        throw PhysicsError.invalidArgument("geom '\(spec.name)': only static geometry can have a surface velocity")
      }
    }
    guard geomIndexByName[spec.name] == nil else {
      throw PhysicsError.invalidArgument("a geom named '\(spec.name)' already exists")
    }
    ODE.prepareThread()
    let (handle, mesh) = ODE.createGeom(space, spec.shape)
    if let b = body {
      ODE.attach(handle, to: bodies[b.index].handle, offset: bodies[b.index].frameInCOM * spec.pose)
    } else if case .plane = spec.shape {
      // Planes are not placeable; their equation is already in world coordinates.
    } else {
      ODE.place(handle, at: spec.pose)
    }
    ODE.setFilter(handle, category: spec.category, collidesWith: spec.collidesWith)
    ODE.tag(handle, index: geoms.count)
    geoms.append(
      GeomRecord(
        handle: handle, name: spec.name, body: body?.index ?? -1, shape: spec.shape, localPose: spec.pose,
        material: spec.material.index, surfaceVelocity: spec.surfaceVelocity, isMesh: mesh != nil, mesh: mesh))
    geomIndexByName[spec.name] = geoms.count - 1
    return GeomID(geoms.count - 1)
  }

  /// Changes a geom's material (domain randomization).
  public func setMaterial(of geom: GeomID, to material: MaterialID) {
    geoms[geom.index].material = material.index
  }

  /// The material of a geom.
  public func materialOf(_ geom: GeomID) -> MaterialID { MaterialID(geoms[geom.index].material) }

  /// Resizes a box, sphere, capsule or cylinder geom to `shape`, which must be of the same kind
  /// (domain randomization of object size). The body's mass properties are left to the caller.
  public func resize(_ geom: GeomID, to shape: PhysicsShape) throws {
    let g = geoms[geom.index]
    if let problem = shape.problem { throw PhysicsError.invalidArgument("geom '\(g.name)': \(problem)") }
    switch (g.shape, shape) {
    case (.box, .box), (.sphere, .sphere), (.capsule, .capsule), (.cylinder, .cylinder):
      ODE.resize(g.handle, to: shape)
      geoms[geom.index].shape = shape
    default:
      throw PhysicsError.invalidArgument("geom '\(g.name)': cannot resize a \(g.shape) into a \(shape)")
    }
  }

  /// Sets the surface velocity of static geometry (a conveyor belt's speed, for domain
  /// randomization); nil stops the surface. Contacts from the next step on carry bodies along it.
  public func setSurfaceVelocity(of geom: GeomID, _ velocity: Vector3?) throws {
    guard geoms.indices.contains(geom.index) else { throw PhysicsError.unknown("no geom \(geom.index)") }
    let g = geoms[geom.index]
    guard g.body < 0 else {
      throw PhysicsError.invalidArgument("geom '\(g.name)': only static geometry can have a surface velocity")
    }
    if let v = velocity, !v.isFinite {
      throw PhysicsError.invalidArgument("geom '\(g.name)': surface velocity must be finite")
    }
    geoms[geom.index].surfaceVelocity = velocity
  }

  /// The surface velocity of a geom (nil: a still surface).
  public func surfaceVelocity(of geom: GeomID) -> Vector3? { geoms[geom.index].surfaceVelocity }

  /// Adds a joint between `spec.child` and `spec.parent` (or the world) at the bodies' current
  /// poses, which become the joint's zero position.
  @discardableResult
  public func addJoint(_ spec: JointSpec) throws -> JointID {
    guard bodies.indices.contains(spec.child.index) else {
      throw PhysicsError.invalidArgument("joint '\(spec.name)': unknown child body \(spec.child.index)")
    }
    if let p = spec.parent {
      guard bodies.indices.contains(p.index) else {
        throw PhysicsError.invalidArgument("joint '\(spec.name)': unknown parent body \(p.index)")
      }
      guard p != spec.child else { throw PhysicsError.invalidArgument("joint '\(spec.name)': joins a body to itself") }
    }
    guard spec.anchor.isFinite, spec.axis.isFinite, spec.axis.length > 1e-12 else {
      throw PhysicsError.invalidArgument("joint '\(spec.name)': anchor must be finite and axis nonzero")
    }
    guard spec.damping >= 0, spec.damping.isFinite, spec.friction >= 0, spec.friction.isFinite else {
      throw PhysicsError.invalidArgument("joint '\(spec.name)': damping and friction must be finite and ≥ 0")
    }
    if let l = spec.limits {
      guard l.lowerBound.isFinite, l.upperBound.isFinite else {
        throw PhysicsError.invalidArgument("joint '\(spec.name)': limits must be finite")
      }
      guard spec.kind == .hinge || spec.kind == .slider else {
        throw PhysicsError.invalidArgument("joint '\(spec.name)': only hinges and sliders have limits")
      }
    }
    guard jointIndexByName[spec.name] == nil else {
      throw PhysicsError.invalidArgument("a joint named '\(spec.name)' already exists")
    }
    ODE.prepareThread()
    let tag: JointKindTag
    switch spec.kind {
    case .hinge: tag = .hinge
    case .slider: tag = .slider
    case .fixed: tag = .fixed
    case .ball: tag = .ball
    }
    let child = bodies[spec.child.index].handle
    let parent = spec.parent.map { bodies[$0.index].handle }
    let axis = spec.axis.normalized
    let handle = ODE.createJoint(odeWorld, kind: tag, child: child, parent: parent, anchor: spec.anchor, axis: axis)
    var record = JointRecord(
      handle: handle, kind: spec.kind, parent: spec.parent?.index ?? -1, child: spec.child.index,
      limits: spec.limits, damping: spec.damping, friction: spec.friction)
    if record.isActuated {
      ODE.setMotor(handle, kind: record.motorKind, velocity: 0, maxForce: 0, cfm: 0)
      record.lastRawAngle = ODE.jointPosition(handle, hinge: spec.kind == .hinge)
      if spec.damping > 0 || spec.friction > 0 {
        record.passiveMotor = ODE.createPassiveMotor(
          odeWorld, angular: spec.kind == .hinge, child: child, parent: parent, axis: axis)
      }
    }
    joints.append(record)
    jointNames.append(spec.name)
    jointIndexByName[spec.name] = joints.count - 1
    if let p = spec.parent, !spec.collideConnected { excludedPairs.insert(World.pairKey(p.index, spec.child.index)) }
    let id = JointID(joints.count - 1)
    updatePassive(id.index)
    updateStops(id.index)
    return id
  }

  /// Changes a joint's passive damping and friction (domain randomization).
  public func setJointDynamics(_ joint: JointID, damping: Double, friction: Double) throws {
    guard damping >= 0, damping.isFinite, friction >= 0, friction.isFinite else {
      throw PhysicsError.invalidArgument("joint '\(name(of: joint))': damping and friction must be finite and ≥ 0")
    }
    var j = joints[joint.index]
    j.damping = damping
    j.friction = friction
    if j.passiveMotor == nil, j.isActuated, damping > 0 || friction > 0 {
      let parent = j.parent < 0 ? nil : bodies[j.parent].handle
      j.passiveMotor = ODE.createPassiveMotor(
        odeWorld, angular: j.kind == .hinge, child: bodies[j.child].handle, parent: parent,
        axis: ODE.jointAxis(j.handle, hinge: j.kind == .hinge))
    }
    joints[joint.index] = j
    updatePassive(joint.index)
  }

  /// Changes a joint's position limits.
  public func setJointLimits(_ joint: JointID, _ limits: ClosedRange<Double>?) throws {
    if let l = limits, !(l.lowerBound.isFinite && l.upperBound.isFinite) {
      throw PhysicsError.invalidArgument("joint '\(name(of: joint))': limits must be finite")
    }
    joints[joint.index].limits = limits
    joints[joint.index].appliedStops = nil
    updateStops(joint.index)
  }

  /// Replaces a body's mass and inertia (about its unchanged centre of mass).
  public func setMass(of body: BodyID, mass: Double, inertia: Matrix3) throws {
    var properties = bodies[body.index].mass
    properties.mass = mass
    properties.inertia = inertia
    if let problem = properties.problem { throw PhysicsError.invalidArgument("body '\(name(of: body))': \(problem)") }
    ODE.setMass(bodies[body.index].handle, mass: mass, inertia: inertia)
    bodies[body.index].mass = properties
  }

  /// The mass properties of a body.
  public func massProperties(of body: BodyID) -> MassProperties { bodies[body.index].mass }

  /// Changes gravity.
  public func setGravity(_ g: Vector3) throws {
    guard g.isFinite else { throw PhysicsError.invalidArgument("gravity must be finite") }
    ODE.setGravity(odeWorld, g)
    gravity = g
  }

  static func pairKey(_ a: Int, _ b: Int) -> UInt64 {
    let (lo, hi) = a < b ? (a, b) : (b, a)
    return UInt64(UInt32(truncatingIfNeeded: lo)) << 32 | UInt64(UInt32(truncatingIfNeeded: hi))
  }

  /// Applies passive damping (an implicit viscous row) and Coulomb friction (a bounded row).
  func updatePassive(_ index: Int) {
    let j = joints[index]
    guard let motor = j.passiveMotor else { return }
    let kind: MotorKind = j.kind == .hinge ? .angularMotor : .linearMotor
    ODE.setMotor(motor, kind: kind, row: 0, velocity: 0, maxForce: j.damping > 0 ? Double.infinity : 0,
      cfm: j.damping > 0 ? 1 / j.damping : 0)
    ODE.setMotor(motor, kind: kind, row: 1, velocity: 0, maxForce: j.friction, cfm: 0)
  }

  /// How far outside a hinge's (rad) or slider's (m) limits its hard stops sit. ODE cannot solve
  /// a joint's motor and its stop together: at a stop it drops the motor row and applies the
  /// motor's whole force bound as a plain force, out of the stop when the drive pulls away from
  /// it. A drive holding a joint exactly at its limit (a gripper commanded fully closed or fully
  /// open) was kicked off the stop by its full bound every few steps and chattered at metres per
  /// second. Drive targets stay within the limits (`setRobotCommand` clamps them), so a held
  /// joint rests just inside its stops, as a real mechanism's hard stops lie beyond its
  /// controller's range; the stops still catch overshoots and outside pushes.
  public static let stopMargin = (hinge: 0.01, slider: 0.001)

  /// Gives ODE the stops that apply in the current turn of the joint (ODE's hinge stops must lie
  /// within ±π, while robot joints may span several turns), `stopMargin` outside the limits.
  func updateStops(_ index: Int) {
    let j = joints[index]
    guard j.isActuated else { return }
    var lo = -Double.infinity
    var hi = Double.infinity
    if let limits = j.limits {
      if j.kind == .hinge {
        let shift = 2 * Double.pi * Double(j.turns)
        let l = limits.lowerBound - World.stopMargin.hinge - shift
        let u = limits.upperBound + World.stopMargin.hinge - shift
        if l >= -Double.pi { lo = l }
        if u <= Double.pi { hi = u }
        // ODE tests a hinge against its stops only while one of them lies within [−π, π]; with
        // both outside it keeps the last test's result, so a joint that was at a stop in another
        // turn (or before a restore) would go on being treated as at it. An upper stop at π keeps
        // the test running and never engages: ODE's hinge angle lies in [−π, π).
        if hi == .infinity && lo <= Double.pi { hi = Double.pi }
      } else {
        lo = limits.lowerBound - World.stopMargin.slider
        hi = limits.upperBound + World.stopMargin.slider
      }
    }
    if let applied = j.appliedStops, applied.0 == lo, applied.1 == hi { return }
    ODE.setStops(j.handle, kind: j.motorKind, lower: lo, upper: hi)
    joints[index].appliedStops = (lo, hi)
  }
}
