import ArmatureCore
import SceneDescription

/// A collision shape with its geometry loaded (meshes carry their triangles).
public enum PhysicsShape: Hashable, Sendable {
  case box(size: Vector3)
  case sphere(radius: Double)
  case capsule(radius: Double, length: Double)
  case cylinder(radius: Double, length: Double)
  /// The plane `normal · p = offset` in world coordinates; static only.
  case plane(normal: Vector3, offset: Double)
  case mesh(TriangleMesh)

  /// Why ODE would refuse this shape, or nil.
  var problem: String? {
    func positive(_ x: Double) -> Bool { x > 0 && x.isFinite }
    switch self {
    case .box(let s): return positive(s.x) && positive(s.y) && positive(s.z) ? nil : "box size must be positive"
    case .sphere(let r): return positive(r) ? nil : "sphere radius must be positive"
    case .capsule(let r, let l), .cylinder(let r, let l):
      return positive(r) && positive(l) ? nil : "radius and length must be positive"
    case .plane(let n, let o): return n.isFinite && n.length > 0 && o.isFinite ? nil : "plane normal must be nonzero"
    case .mesh(let m):
      do {
        try m.validate(file: "mesh")
        return nil
      } catch let e as LocatedError {
        return e.message
      } catch {
        return "\(error)"
      }
    }
  }
}

/// A rigid body to add to a world.
public struct BodySpec: Hashable, Sendable {
  public var name: String
  /// Pose of the body frame in the world. The centre of mass may sit anywhere in this frame.
  public var pose: Pose
  public var mass: MassProperties
  public var linearVelocity: Vector3
  public var angularVelocity: Vector3
  /// Whether gravity acts on the body.
  public var gravity: Bool

  public init(
    name: String, pose: Pose = .identity, mass: MassProperties, linearVelocity: Vector3 = .zero,
    angularVelocity: Vector3 = .zero, gravity: Bool = true
  ) {
    self.name = name
    self.pose = pose
    self.mass = mass
    self.linearVelocity = linearVelocity
    self.angularVelocity = angularVelocity
    self.gravity = gravity
  }
}

/// A collision shape to add to a world, on a body or fixed in the world.
public struct GeomSpec: Hashable, Sendable {
  public var name: String
  public var shape: PhysicsShape
  /// Pose in the body frame, or in the world for static geoms.
  public var pose: Pose
  public var material: MaterialID
  /// Collision filtering: two geoms collide when either's category meets the other's mask.
  public var category: UInt64
  public var collidesWith: UInt64
  /// Surface velocity in world coordinates, for conveyor belts (static geoms only).
  public var surfaceVelocity: Vector3?

  public init(
    name: String, shape: PhysicsShape, pose: Pose = .identity, material: MaterialID = MaterialID(0),
    category: UInt64 = 1, collidesWith: UInt64 = .max, surfaceVelocity: Vector3? = nil
  ) {
    self.name = name
    self.shape = shape
    self.pose = pose
    self.material = material
    self.category = category
    self.collidesWith = collidesWith
    self.surfaceVelocity = surfaceVelocity
  }
}

/// A joint to add to a world.
public struct JointSpec: Hashable, Sendable {
  public var name: String
  public var kind: JointKind
  /// The parent body; nil for the fixed world.
  public var parent: BodyID?
  public var child: BodyID
  /// Anchor point in world coordinates at the current body poses.
  public var anchor: Vector3
  /// Axis in world coordinates at the current body poses (hinge and slider).
  public var axis: Vector3
  /// Position limits in radians (hinge, within ±π) or metres (slider).
  public var limits: ClosedRange<Double>?
  /// Viscous damping, N·m·s/rad or N·s/m.
  public var damping: Double
  /// Coulomb friction, N·m or N.
  public var friction: Double
  /// Whether parent and child collide with each other.
  public var collideConnected: Bool

  public init(
    name: String, kind: JointKind, parent: BodyID?, child: BodyID, anchor: Vector3 = .zero,
    axis: Vector3 = Vector3(0, 0, 1), limits: ClosedRange<Double>? = nil, damping: Double = 0, friction: Double = 0,
    collideConnected: Bool = false
  ) {
    self.name = name
    self.kind = kind
    self.parent = parent
    self.child = child
    self.anchor = anchor
    self.axis = axis
    self.limits = limits
    self.damping = damping
    self.friction = friction
    self.collideConnected = collideConnected
  }
}

/// How a hinge or slider joint is driven. Recorded in the simulation state.
public enum JointControl: Hashable, Sendable, Codable {
  /// No actuation (passive damping and friction still act).
  case passive
  /// Drive the joint velocity to `target` with at most `maxForce` (N·m or N).
  case velocity(target: Double, maxForce: Double)
  /// A PD controller towards `target`: τ = k(target − q) − d q̇, clamped to `maxForce`, computed
  /// every physics step and integrated implicitly, so it stays stable for stiff gains on light
  /// links.
  case position(target: Double, stiffness: Double, damping: Double, maxForce: Double)
  /// A constant torque (or force) every step.
  case torque(Double)

  /// Why this control is invalid, or nil.
  var problem: String? {
    func ok(_ x: Double) -> Bool { x.isFinite }
    switch self {
    case .passive: return nil
    case .velocity(let t, let f): return ok(t) && ok(f) && f >= 0 ? nil : "velocity target and max force must be finite, force ≥ 0"
    case .position(let t, let k, let d, let f):
      return ok(t) && ok(k) && ok(d) && ok(f) && k >= 0 && d >= 0 && f >= 0 && k + d > 0
        ? nil : "position target, gains and max force must be finite, gains ≥ 0 and not both zero"
    case .torque(let t): return ok(t) ? nil : "torque must be finite"
    }
  }
}
