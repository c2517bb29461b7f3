import ArmatureCore
import CODE
import SceneDescription
import _CShims

// The one layer through which Physics calls ODE. Each wrapper takes Armature types, checks what
// ODE would abort on, and names the C function it calls. Handles never leave this module.

typealias ODEWorld = dWorldID
typealias ODESpace = dSpaceID
typealias ODEBody = dBodyID
typealias ODEGeom = dGeomID
typealias ODEJoint = dJointID
typealias ODEJointGroup = dJointGroupID
typealias ODETriMeshData = dTriMeshDataID
typealias ODEThreading = dThreadingImplementationID

enum ODE {
  /// `dInitODE2` once per process, and `dAllocateODEDataForThread` once per calling thread.
  static func prepareThread() {
    armature_ode_prepare_thread()
  }

  /// Whether ODE's random generator is per thread (see `_CShims/ode_random.c`).
  static let randomIsPerThread: Bool = {
    armature_ode_initialize()
    return armature_ode_random_is_per_thread() != 0
  }()

  // MARK: Random seed (`dRandSetSeed`, `dRandGetSeed`, made per thread)

  static func setRandomSeed(_ seed: UInt32) { armature_ode_set_thread_seed(seed) }
  static func randomSeed() -> UInt32 { armature_ode_thread_seed() }

  // MARK: World

  /// `dWorldCreate`, `dSimpleSpaceCreate` or `dHashSpaceCreate`, `dJointGroupCreate`, and a self-threaded threading
  /// implementation of the world's own (`dThreadingAllocateSelfThreadedImplementation`): ODE's
  /// default one is shared by every world and breaks when two worlds step at the same time.
  static func createWorld(hashSpace: Bool) -> (ODEWorld, ODESpace, ODEJointGroup, ODEThreading) {
    prepareThread()
    let world = dWorldCreate()!
    let threading = dThreadingAllocateSelfThreadedImplementation()!
    dWorldSetStepThreadingImplementation(world, dThreadingImplementationGetFunctions(threading), threading)
    let space = (hashSpace ? dHashSpaceCreate(nil) : dSimpleSpaceCreate(nil))!
    // Geoms are destroyed one by one by their owner, not by the space.
    dSpaceSetCleanup(space, 0)
    let contacts = dJointGroupCreate(0)!
    dWorldSetAutoDisableFlag(world, 0)
    return (world, space, contacts, threading)
  }

  /// `dWorldSetGravity`, `dWorldSetERP`, `dWorldSetCFM`, `dWorldSetQuickStepNumIterations`,
  /// `dWorldSetQuickStepW`, `dWorldSetContactSurfaceLayer`, `dWorldSetContactMaxCorrectingVel`.
  static func configure(
    _ world: ODEWorld, gravity: Vector3, erp: Double, cfm: Double, iterations: Int, overRelaxation: Double,
    surfaceLayer: Double, maxCorrectingVelocity: Double
  ) {
    dWorldSetGravity(world, gravity.x, gravity.y, gravity.z)
    dWorldSetERP(world, erp)
    dWorldSetCFM(world, cfm)
    dWorldSetQuickStepNumIterations(world, Int32(iterations))
    dWorldSetQuickStepW(world, overRelaxation)
    dWorldSetContactSurfaceLayer(world, surfaceLayer)
    dWorldSetContactMaxCorrectingVel(world, maxCorrectingVelocity)
  }

  /// `dWorldSetGravity`.
  static func setGravity(_ world: ODEWorld, _ g: Vector3) { dWorldSetGravity(world, g.x, g.y, g.z) }

  /// `dWorldQuickStep` or `dWorldStep`. Returns false if ODE ran out of memory.
  static func step(_ world: ODEWorld, dt: Double, exact: Bool) -> Bool {
    exact ? dWorldStep(world, dt) != 0 : dWorldQuickStep(world, dt) != 0
  }

  /// `dJointGroupDestroy`, `dSpaceDestroy`, `dWorldDestroy` (which destroys bodies and joints),
  /// `dThreadingFreeImplementation`.
  static func destroyWorld(_ world: ODEWorld, _ space: ODESpace, _ contacts: ODEJointGroup, _ threading: ODEThreading) {
    dJointGroupDestroy(contacts)
    dSpaceDestroy(space)
    dWorldDestroy(world)
    dThreadingFreeImplementation(threading)
  }

  // MARK: Bodies

  /// `dBodyCreate`, `dMassSetParameters`, `dBodySetMass`. The mass must already be checked.
  static func createBody(_ world: ODEWorld, mass: Double, inertia: Matrix3, gravity: Bool) -> ODEBody {
    let body = dBodyCreate(world)!
    var m = dMass()
    dMassSetParameters(
      &m, mass, 0, 0, 0, inertia[0, 0], inertia[1, 1], inertia[2, 2], inertia[0, 1], inertia[0, 2], inertia[1, 2])
    dBodySetMass(body, &m)
    dBodySetGravityMode(body, gravity ? 1 : 0)
    dBodySetAutoDisableFlag(body, 0)
    return body
  }

  /// `dBodySetMass` with new parameters (domain randomization of mass and inertia).
  static func setMass(_ body: ODEBody, mass: Double, inertia: Matrix3) {
    var m = dMass()
    dMassSetParameters(
      &m, mass, 0, 0, 0, inertia[0, 0], inertia[1, 1], inertia[2, 2], inertia[0, 1], inertia[0, 2], inertia[1, 2])
    dBodySetMass(body, &m)
  }

  /// `dBodySetPosition`, `dBodySetQuaternion`, `dBodySetLinearVel`, `dBodySetAngularVel`.
  static func setBodyState(_ b: ODEBody, position p: Vector3, orientation q: Quaternion, linear v: Vector3, angular w: Vector3) {
    dBodySetPosition(b, p.x, p.y, p.z)
    var wxyz: (Double, Double, Double, Double) = (q.w, q.x, q.y, q.z)
    withUnsafeMutablePointer(to: &wxyz) { $0.withMemoryRebound(to: Double.self, capacity: 4) { dBodySetQuaternion(b, $0) } }
    dBodySetLinearVel(b, v.x, v.y, v.z)
    dBodySetAngularVel(b, w.x, w.y, w.z)
  }

  /// Restores a body's state bit for bit (`armature_body_restore_orientation` for the rotation).
  static func restoreBodyState(
    _ b: ODEBody, position p: Vector3, orientation q: Quaternion, linear v: Vector3, angular w: Vector3
  ) {
    dBodySetPosition(b, p.x, p.y, p.z)
    var wxyz: (Double, Double, Double, Double) = (q.w, q.x, q.y, q.z)
    withUnsafeMutablePointer(to: &wxyz) {
      $0.withMemoryRebound(to: Double.self, capacity: 4) { armature_body_restore_orientation(b, $0) }
    }
    dBodySetLinearVel(b, v.x, v.y, v.z)
    dBodySetAngularVel(b, w.x, w.y, w.z)
  }

  /// `dBodyGetPosition` (copied out of ODE's memory).
  @inline(__always) static func position(_ b: ODEBody) -> Vector3 { vector(dBodyGetPosition(b)) }
  /// `dBodyGetQuaternion`.
  @inline(__always) static func orientation(_ b: ODEBody) -> Quaternion {
    let q = dBodyGetQuaternion(b)!
    return Quaternion(x: q[1], y: q[2], z: q[3], w: q[0])
  }
  /// `dBodyGetLinearVel`.
  @inline(__always) static func linearVelocity(_ b: ODEBody) -> Vector3 { vector(dBodyGetLinearVel(b)) }
  /// `dBodyGetAngularVel`.
  @inline(__always) static func angularVelocity(_ b: ODEBody) -> Vector3 { vector(dBodyGetAngularVel(b)) }

  /// `dBodyAddForce`, `dBodyAddForceAtPos`, `dBodyAddTorque`; values must be finite.
  static func addForce(_ b: ODEBody, _ f: Vector3) { dBodyAddForce(b, f.x, f.y, f.z) }
  static func addForce(_ b: ODEBody, _ f: Vector3, at p: Vector3) { dBodyAddForceAtPos(b, f.x, f.y, f.z, p.x, p.y, p.z) }
  static func addTorque(_ b: ODEBody, _ t: Vector3) { dBodyAddTorque(b, t.x, t.y, t.z) }

  @inline(__always) private static func vector(_ p: UnsafePointer<dReal>?) -> Vector3 {
    let p = p!
    return Vector3(p[0], p[1], p[2])
  }

  // MARK: Geoms

  /// `dCreateBox`, `dCreateSphere`, `dCreateCapsule`, `dCreateCylinder`, `dCreatePlane`,
  /// `dCreateTriMesh`. The shape must already be checked. Mesh vertex and index buffers are
  /// returned to the caller, which must keep them alive as long as the geom.
  static func createGeom(_ space: ODESpace, _ shape: PhysicsShape) -> (ODEGeom, MeshBuffers?) {
    switch shape {
    case .box(let s): return (dCreateBox(space, s.x, s.y, s.z)!, nil)
    case .sphere(let r): return (dCreateSphere(space, r)!, nil)
    case .capsule(let r, let l): return (dCreateCapsule(space, r, l)!, nil)
    case .cylinder(let r, let l): return (dCreateCylinder(space, r, l)!, nil)
    case .plane(let n, let o): return (dCreatePlane(space, n.x, n.y, n.z, o)!, nil)
    case .mesh(let mesh):
      let buffers = MeshBuffers(mesh)
      let geom = dCreateTriMesh(space, buffers.data, nil, nil, nil)!
      return (geom, buffers)
    }
  }

  /// `dGeomBoxSetLengths`, `dGeomSphereSetRadius`, `dGeomCapsuleSetParams`,
  /// `dGeomCylinderSetParams`; the shape must already be checked and of the geom's kind.
  static func resize(_ g: ODEGeom, to shape: PhysicsShape) {
    switch shape {
    case .box(let s): dGeomBoxSetLengths(g, s.x, s.y, s.z)
    case .sphere(let r): dGeomSphereSetRadius(g, r)
    case .capsule(let r, let l): dGeomCapsuleSetParams(g, r, l)
    case .cylinder(let r, let l): dGeomCylinderSetParams(g, r, l)
    case .plane, .mesh: break
    }
  }

  /// `dGeomSetBody`, `dGeomSetOffsetPosition`, `dGeomSetOffsetQuaternion`.
  static func attach(_ g: ODEGeom, to b: ODEBody, offset: Pose) {
    dGeomSetBody(g, b)
    if offset.position != .zero { dGeomSetOffsetPosition(g, offset.position.x, offset.position.y, offset.position.z) }
    if offset.orientation != .identity {
      var wxyz = [offset.orientation.w, offset.orientation.x, offset.orientation.y, offset.orientation.z]
      dGeomSetOffsetQuaternion(g, &wxyz)
    }
  }

  /// `dGeomSetPosition`, `dGeomSetQuaternion` for a static, placeable geom.
  static func place(_ g: ODEGeom, at pose: Pose) {
    dGeomSetPosition(g, pose.position.x, pose.position.y, pose.position.z)
    var wxyz = [pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z]
    dGeomSetQuaternion(g, &wxyz)
  }

  /// `dGeomSetData`: the geom's index, stored as a pointer-sized integer plus one.
  static func tag(_ g: ODEGeom, index: Int) { dGeomSetData(g, UnsafeMutableRawPointer(bitPattern: index + 1)) }
  /// `dGeomGetData`.
  @inline(__always) static func index(of g: ODEGeom) -> Int { Int(bitPattern: dGeomGetData(g)) - 1 }

  /// `dGeomSetCategoryBits`, `dGeomSetCollideBits`.
  static func setFilter(_ g: ODEGeom, category: UInt64, collidesWith: UInt64) {
    dGeomSetCategoryBits(g, UInt(category))
    dGeomSetCollideBits(g, UInt(collidesWith))
  }

  /// `dGeomDestroy`.
  static func destroy(_ g: ODEGeom) { dGeomDestroy(g) }

  /// `dGeomGetBody`.
  @inline(__always) static func body(of g: ODEGeom) -> ODEBody? { dGeomGetBody(g) }

  /// `dGeomGetPosition` and `dGeomGetQuaternion` for a placeable geom.
  static func pose(of g: ODEGeom) -> Pose {
    let p = dGeomGetPosition(g)!
    var q = [Double](repeating: 0, count: 4)
    dGeomGetQuaternion(g, &q)
    return Pose(position: Vector3(p[0], p[1], p[2]), orientation: Quaternion(x: q[1], y: q[2], z: q[3], w: q[0]))
  }

  // MARK: Collision

  /// `dSpaceCollide`, calling `world.near` for every candidate pair.
  static func collide(_ space: ODESpace, reportingTo world: World) {
    withExtendedLifetime(world) {
      dSpaceCollide(space, Unmanaged.passUnretained(world).toOpaque()) { context, o1, o2 in
        Unmanaged<World>.fromOpaque(context!).takeUnretainedValue().near(o1!, o2!)
      }
    }
  }

  /// `dCollide`: at most `capacity` contacts between two geoms into `buffer`.
  @inline(__always) static func collide(
    _ a: ODEGeom, _ b: ODEGeom, into buffer: UnsafeMutablePointer<dContactGeom>, capacity: Int
  ) -> Int {
    Int(dCollide(a, b, Int32(capacity), buffer, Int32(MemoryLayout<dContactGeom>.stride)))
  }

  /// `dJointCreateContact`, `dJointAttach`.
  @inline(__always) static func createContact(
    _ world: ODEWorld, _ group: ODEJointGroup, _ contact: UnsafePointer<dContact>, _ a: ODEBody?, _ b: ODEBody?
  ) {
    let j = dJointCreateContact(world, group, contact)
    dJointAttach(j, a, b)
  }

  /// `dJointGroupEmpty`.
  static func emptyContacts(_ group: ODEJointGroup) { dJointGroupEmpty(group) }

  // MARK: Joints

  /// Creates and attaches a joint (`dJointCreateHinge`/`Slider`/`Fixed`/`Ball`, `dJointAttach`,
  /// then its anchor and axis). The first body is the child, so positions and torques are those
  /// of the child relative to the parent.
  static func createJoint(
    _ world: ODEWorld, kind: JointKindTag, child: ODEBody, parent: ODEBody?, anchor: Vector3, axis: Vector3
  ) -> ODEJoint {
    let j: ODEJoint
    switch kind {
    case .hinge:
      j = dJointCreateHinge(world, nil)
      dJointAttach(j, child, parent)
      dJointSetHingeAnchor(j, anchor.x, anchor.y, anchor.z)
      dJointSetHingeAxis(j, axis.x, axis.y, axis.z)
    case .slider:
      j = dJointCreateSlider(world, nil)
      dJointAttach(j, child, parent)
      dJointSetSliderAxis(j, axis.x, axis.y, axis.z)
    case .fixed:
      j = dJointCreateFixed(world, nil)
      dJointAttach(j, child, parent)
      dJointSetFixed(j)
    case .ball:
      j = dJointCreateBall(world, nil)
      dJointAttach(j, child, parent)
      dJointSetBallAnchor(j, anchor.x, anchor.y, anchor.z)
    }
    return j
  }

  /// A one-axis angular (`dJointCreateAMotor`) or linear (`dJointCreateLMotor`) motor joint with
  /// two rows on the same axis, for passive damping and Coulomb friction.
  static func createPassiveMotor(_ world: ODEWorld, angular: Bool, child: ODEBody, parent: ODEBody?, axis: Vector3)
    -> ODEJoint
  {
    let j: ODEJoint
    if angular {
      j = dJointCreateAMotor(world, nil)
      dJointAttach(j, child, parent)
      dJointSetAMotorMode(j, Int32(dAMotorUser))
      dJointSetAMotorNumAxes(j, 2)
      dJointSetAMotorAxis(j, 0, 1, axis.x, axis.y, axis.z)
      dJointSetAMotorAxis(j, 1, 1, axis.x, axis.y, axis.z)
    } else {
      j = dJointCreateLMotor(world, nil)
      dJointAttach(j, child, parent)
      dJointSetLMotorNumAxes(j, 2)
      dJointSetLMotorAxis(j, 0, 1, axis.x, axis.y, axis.z)
      dJointSetLMotorAxis(j, 1, 1, axis.x, axis.y, axis.z)
    }
    return j
  }

  /// Sets a motor row: target velocity, force bound and constraint force mixing (`dJointSet*Param`).
  @inline(__always) static func setMotor(
    _ j: ODEJoint, kind: MotorKind, row: Int = 0, velocity: Double, maxForce: Double, cfm: Double
  ) {
    let group = Int32(row * Int(dParamGroup))
    let set: (ODEJoint, Int32, dReal) -> Void
    switch kind {
    case .hinge: set = dJointSetHingeParam
    case .slider: set = dJointSetSliderParam
    case .angularMotor: set = dJointSetAMotorParam
    case .linearMotor: set = dJointSetLMotorParam
    }
    set(j, group | Int32(dParamVel), velocity)
    set(j, group | Int32(dParamFMax), maxForce)
    set(j, group | Int32(dParamCFM), cfm)
  }

  /// Sets position stops (`dParamLoStop`, `dParamHiStop`); infinity removes a stop. ODE requires
  /// lo ≤ hi and, for hinges, both within [-π, π].
  static func setStops(_ j: ODEJoint, kind: MotorKind, lower: Double, upper: Double) {
    let set: (ODEJoint, Int32, dReal) -> Void = kind == .hinge ? dJointSetHingeParam : dJointSetSliderParam
    // ODE ignores a LoStop above the current HiStop, so widen first.
    set(j, Int32(dParamLoStop), -Double.infinity)
    set(j, Int32(dParamHiStop), Double.infinity)
    set(j, Int32(dParamLoStop), lower)
    set(j, Int32(dParamHiStop), upper)
    set(j, Int32(dParamBounce), 0)
  }

  /// `dJointGetHingeAngle` / `dJointGetSliderPosition`.
  @inline(__always) static func jointPosition(_ j: ODEJoint, hinge: Bool) -> Double {
    hinge ? dJointGetHingeAngle(j) : dJointGetSliderPosition(j)
  }
  /// `dJointGetHingeAngleRate` / `dJointGetSliderPositionRate`.
  @inline(__always) static func jointVelocity(_ j: ODEJoint, hinge: Bool) -> Double {
    hinge ? dJointGetHingeAngleRate(j) : dJointGetSliderPositionRate(j)
  }
  /// `dJointAddHingeTorque` / `dJointAddSliderForce`.
  @inline(__always) static func addJointEffort(_ j: ODEJoint, hinge: Bool, _ effort: Double) {
    hinge ? dJointAddHingeTorque(j, effort) : dJointAddSliderForce(j, effort)
  }

  /// `dJointSetFeedback` with new storage, which the caller owns and frees.
  static func enableFeedback(_ j: ODEJoint) -> UnsafeMutablePointer<dJointFeedback> {
    let storage = UnsafeMutablePointer<dJointFeedback>.allocate(capacity: 1)
    storage.initialize(to: dJointFeedback())
    dJointSetFeedback(j, storage)
    return storage
  }

  /// The force and torque (world coordinates, at its centre of mass) a joint applied to its first
  /// body in the last step, from its feedback storage.
  @inline(__always) static func feedback(_ f: UnsafeMutablePointer<dJointFeedback>) -> (force: Vector3, torque: Vector3) {
    let v = f.pointee
    return (Vector3(v.f1.0, v.f1.1, v.f1.2), Vector3(v.t1.0, v.t1.1, v.t1.2))
  }

  /// `dJointGetHingeAnchor` and `dJointGetHingeAxis` without allocating (world coordinates; the
  /// anchor is the one on the first body).
  @inline(__always) static func hingeAnchorAndAxis(_ j: ODEJoint) -> (Vector3, Vector3) {
    var a: dVector3 = (0, 0, 0, 0)
    var x: dVector3 = (0, 0, 0, 0)
    withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetHingeAnchor(j, $0) } }
    withUnsafeMutablePointer(to: &x) { $0.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetHingeAxis(j, $0) } }
    return (Vector3(a.0, a.1, a.2), Vector3(x.0, x.1, x.2))
  }

  /// `dJointGetSliderAxis` without allocating (world coordinates).
  @inline(__always) static func sliderAxis(_ j: ODEJoint) -> Vector3 {
    var x: dVector3 = (0, 0, 0, 0)
    withUnsafeMutablePointer(to: &x) { $0.withMemoryRebound(to: dReal.self, capacity: 4) { dJointGetSliderAxis(j, $0) } }
    return Vector3(x.0, x.1, x.2)
  }

  /// `dJointGetHingeAnchor` (world coordinates).
  static func hingeAnchor(_ j: ODEJoint) -> Vector3 {
    var a = [Double](repeating: 0, count: 4)
    dJointGetHingeAnchor(j, &a)
    return Vector3(a[0], a[1], a[2])
  }
  /// `dJointGetHingeAxis` / `dJointGetSliderAxis` (world coordinates).
  static func jointAxis(_ j: ODEJoint, hinge: Bool) -> Vector3 {
    var a = [Double](repeating: 0, count: 4)
    hinge ? dJointGetHingeAxis(j, &a) : dJointGetSliderAxis(j, &a)
    return Vector3(a[0], a[1], a[2])
  }
}

/// The joint constructors ODE has.
enum JointKindTag { case hinge, slider, fixed, ball }

/// Which parameter setter a motor row belongs to.
enum MotorKind { case hinge, slider, angularMotor, linearMotor }

/// A triangle mesh's vertex and index buffers in ODE's layout, with the trimesh data built on them
/// (`dGeomTriMeshDataCreate`, `dGeomTriMeshDataBuildDouble`); freed with the owner.
final class MeshBuffers {
  let vertices: UnsafeMutablePointer<Double>
  let indices: UnsafeMutablePointer<dTriIndex>
  let data: ODETriMeshData

  init(_ mesh: TriangleMesh) {
    vertices = .allocate(capacity: mesh.vertices.count * 3)
    for (i, v) in mesh.vertices.enumerated() {
      vertices[3 * i] = v.x
      vertices[3 * i + 1] = v.y
      vertices[3 * i + 2] = v.z
    }
    indices = .allocate(capacity: mesh.indices.count)
    for (i, k) in mesh.indices.enumerated() { indices[i] = dTriIndex(k) }
    data = dGeomTriMeshDataCreate()
    dGeomTriMeshDataBuildDouble(
      data, vertices, Int32(3 * MemoryLayout<Double>.stride), Int32(mesh.vertices.count), indices,
      Int32(mesh.indices.count), Int32(3 * MemoryLayout<dTriIndex>.stride))
  }

  deinit {
    dGeomTriMeshDataDestroy(data)
    vertices.deallocate()
    indices.deallocate()
  }
}
