import ArmatureCore
import CODE
import Foundation
import SceneDescription

/// A simulated world: the one owner of an ODE world, its collision space, bodies, geoms and joints.
///
/// Build it with `addMaterial`, `addBody`, `addGeom` and `addJoint` (or from a `Scene`), then
/// `step()`. The mutable state is captured by `state()` and restored by `restore(_:)`, which
/// continues bit for bit. A world is used by one thread at a time; different worlds step on
/// different threads independently and deterministically (ODE's random generator is per thread,
/// and each world keeps its own seed).
public final class World: @unchecked Sendable {
  public let settings: WorldSettings
  /// Simulated time in seconds.
  public internal(set) var time = 0.0
  /// Steps taken since creation or the last `reset`.
  public internal(set) var stepCount = 0
  /// Current gravity (settable for domain randomization).
  public internal(set) var gravity: Vector3

  let odeWorld: ODEWorld
  let space: ODESpace
  let contactGroup: ODEJointGroup
  let threading: ODEThreading
  var randomSeed: UInt32 = 0

  var bodies: [BodyRecord] = []
  var geoms: [GeomRecord] = []
  var joints: [JointRecord] = []
  /// Joint names, by joint index (kept apart so that a `JointRecord` copies without reference counting).
  var jointNames: [String] = []
  var materials: [Material] = []
  /// Combined contact surfaces, `materials.count²`, row-major.
  var surfaces: [dSurfaceParameters] = []
  /// Body pairs (lower index << 32 | higher) that must not collide.
  var excludedPairs: Set<UInt64> = []
  var bodyIndexByName: [String: Int] = [:]
  var geomIndexByName: [String: Int] = [:]
  var jointIndexByName: [String: Int] = [:]
  /// Robots spawned from URDF descriptions (World+Robots.swift).
  var robots: [RobotRecord] = []
  var robotIndexByName: [String: Int] = [:]

  /// Body states before the step being solved, to solve it again (World+Stepping.swift).
  var stepSnapshot: [SimState.Body] = []
  /// Per-joint robot-control and motor-bound data (JointDrives.swift).
  var drives = JointDrives()

  // Inputs accumulated between steps and applied at the next one.
  var pendingForce: [Vector3] = []
  var pendingTorque: [Vector3] = []
  var hasPendingInput = false

  let contacts: ContactBuffer

  /// Creates an empty world with the default material.
  public init(settings: WorldSettings = WorldSettings(), seed: UInt64 = 0) throws {
    try World.check(settings)
    precondition(
      ODE.randomIsPerThread,
      "ODE's random generator is not per thread: libode must be linked dynamically (see _CShims/README.md)")
    self.settings = settings
    gravity = settings.gravity
    (odeWorld, space, contactGroup, threading) = ODE.createWorld(hashSpace: settings.broadphase == .hash)
    ODE.configure(
      odeWorld, gravity: settings.gravity, erp: settings.erp, cfm: settings.cfm, iterations: settings.iterations,
      overRelaxation: settings.overRelaxation, surfaceLayer: settings.contacts.surfaceLayer,
      maxCorrectingVelocity: settings.contacts.maxCorrectingVelocity)
    contacts = ContactBuffer(maxPerPair: settings.contacts.maxPerPair)
    randomSeed = World.odeSeed(seed)
    _ = addMaterial(.default)
  }

  deinit {
    for f in drives.feedback { f?.deallocate() }
    for g in geoms { ODE.destroy(g.handle) }
    geoms.removeAll()  // releases mesh buffers after their geoms
    ODE.destroyWorld(odeWorld, space, contactGroup, threading)
  }

  /// ODE's 32-bit seed for an Armature seed.
  static func odeSeed(_ seed: UInt64) -> UInt32 {
    var mixer = SplitMix64(state: seed ^ 0x0DE0_0DE0)
    return UInt32(truncatingIfNeeded: mixer.next())
  }

  static func check(_ s: WorldSettings) throws {
    guard s.gravity.isFinite else { throw PhysicsError.invalidArgument("gravity must be finite") }
    guard s.timestep > 0, s.timestep.isFinite else { throw PhysicsError.invalidArgument("time step must be positive") }
    guard s.iterations > 0 else { throw PhysicsError.invalidArgument("quickstep iterations must be positive") }
    guard s.erp > 0, s.erp <= 1 else { throw PhysicsError.invalidArgument("ERP must be in (0, 1]") }
    guard s.cfm >= 0, s.cfm.isFinite else { throw PhysicsError.invalidArgument("CFM must be ≥ 0") }
    guard s.contacts.maxPerPair > 0 else { throw PhysicsError.invalidArgument("maxPerPair must be positive") }
  }

  // MARK: Counts and names

  public var bodyCount: Int { bodies.count }
  public var geomCount: Int { geoms.count }
  public var jointCount: Int { joints.count }

  public func body(named name: String) -> BodyID? { bodyIndexByName[name].map(BodyID.init) }
  public func geom(named name: String) -> GeomID? { geomIndexByName[name].map(GeomID.init) }
  public func joint(named name: String) -> JointID? { jointIndexByName[name].map(JointID.init) }
  public func material(named name: String) -> MaterialID? {
    materials.firstIndex { $0.name == name }.map(MaterialID.init)
  }

  public func name(of body: BodyID) -> String { bodies[body.index].name }
  public func name(of geom: GeomID) -> String { geoms[geom.index].name }
  public func name(of joint: JointID) -> String { jointNames[joint.index] }

  /// Every body, in creation order.
  public var bodyIDs: [BodyID] { bodies.indices.map(BodyID.init) }
  /// Every joint, in creation order.
  public var jointIDs: [JointID] { joints.indices.map(JointID.init) }
  /// Every geom, in creation order.
  public var geomIDs: [GeomID] { geoms.indices.map(GeomID.init) }

  /// The body a geom rides on, or nil for static geometry.
  public func body(of geom: GeomID) -> BodyID? {
    let b = geoms[geom.index].body
    return b < 0 ? nil : BodyID(b)
  }

  /// The shape of a geom.
  public func shape(of geom: GeomID) -> PhysicsShape { geoms[geom.index].shape }

  /// A geom's pose relative to its body's frame (or in the world, for static geoms).
  public func localPose(of geom: GeomID) -> Pose { geoms[geom.index].localPose }

  /// The world pose of a geom.
  public func pose(of geom: GeomID) -> Pose {
    let g = geoms[geom.index]
    return g.body < 0 ? g.localPose : pose(of: BodyID(g.body)) * g.localPose
  }

  /// The kind of a joint.
  public func kind(of joint: JointID) -> JointKind { joints[joint.index].kind }
}

/// What the world keeps about each body.
struct BodyRecord {
  let handle: ODEBody
  let name: String
  /// The user's body frame expressed in ODE's centre-of-mass frame.
  var frameInCOM: Pose
  var mass: MassProperties
}

/// What the world keeps about each geom.
struct GeomRecord {
  let handle: ODEGeom
  let name: String
  /// Body index, or -1 for static geometry.
  let body: Int
  var shape: PhysicsShape
  /// Pose in the body's (user) frame, or in the world for static geoms.
  let localPose: Pose
  var material: Int
  var surfaceVelocity: Vector3?
  let isMesh: Bool
  let mesh: MeshBuffers?
}

/// What the world keeps about each joint (its name is in `World.jointNames`).
struct JointRecord {
  let handle: ODEJoint
  let kind: JointKind
  let parent: Int
  let child: Int
  var limits: ClosedRange<Double>?
  var damping: Double
  var friction: Double
  /// The AMotor/LMotor carrying passive damping and friction, if any.
  var passiveMotor: ODEJoint?
  var control: JointControl = .passive
  /// Whole turns added to ODE's wrapped hinge angle.
  var turns = 0
  /// ODE's raw hinge angle after the last step, for counting turns.
  var lastRawAngle = 0.0
  /// Stops last given to ODE, to skip redundant updates.
  var appliedStops: (Double, Double)?

  var isActuated: Bool { kind == .hinge || kind == .slider }
  var motorKind: MotorKind { kind == .hinge ? .hinge : .slider }
}

