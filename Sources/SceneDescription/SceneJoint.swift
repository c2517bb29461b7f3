import ArmatureCore

/// The kinds of joint between two bodies.
public enum JointKind: String, ConfigEnum {
  /// Rotation about one axis.
  case hinge
  /// Translation along one axis.
  case slider
  /// A rigid weld.
  case fixed
  /// Free rotation about a point.
  case ball
}

/// A joint between two objects of a scene (or an object and the world).
public struct SceneJoint: Hashable, Sendable, Codable {
  /// The name that stands for the fixed world in `parent`.
  public static let world = "world"

  public var name: String
  public var kind: JointKind
  /// Object name, or `world`.
  public var parent: String
  public var child: String
  /// The joint anchor in world coordinates at the initial poses.
  public var anchor: Vector3
  /// The joint axis in world coordinates at the initial poses (hinge and slider).
  public var axis: Vector3
  /// Lower and upper limits in radians or metres.
  public var limits: ClosedRange<Double>?
  /// Viscous damping in N·m·s/rad (or N·s/m).
  public var damping: Double
  /// Coulomb friction torque (or force).
  public var friction: Double
  /// Whether the two joined bodies collide with each other.
  public var collideConnected: Bool

  public init(
    name: String, kind: JointKind, parent: String, child: String, anchor: Vector3 = .zero,
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

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, type, parent, child, anchor, axis, limits, damping, friction, collideConnected
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    kind = try c.value(.type, default: .hinge)
    if !c.contains(.type) { try c.problem("missing required key 'type'") }
    parent = try c.value(.parent, default: SceneJoint.world)
    child = try c.value(.child, default: "")
    if child.isEmpty { try c.problem("missing required key 'child'") }
    anchor = try c.vector(.anchor, default: .zero, expected: "3 finite numbers") { $0.isFinite }
    axis = try c.vector(.axis, default: Vector3(0, 0, 1), expected: "a nonzero axis") { $0.length > 0 && $0.isFinite }
      .normalized
    if let l = try c.optional([Double].self, .limits) {
      if l.count == 2, l[0] <= l[1], l.allSatisfy(\.isFinite) {
        limits = l[0]...l[1]
      } else {
        try c.problem(.limits, "expected [lower, upper] with lower ≤ upper, got \(describeValue(l))")
      }
    }
    damping = try c.value(.damping, default: 0, expected: "a damping ≥ 0") { $0 >= 0 && $0.isFinite }
    friction = try c.value(.friction, default: 0, expected: "a friction ≥ 0") { $0 >= 0 && $0.isFinite }
    collideConnected = try c.value(.collideConnected, default: false)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(kind, forKey: .type)
    try c.encode(parent, forKey: .parent)
    try c.encode(child, forKey: .child)
    try c.encode(anchor.array, forKey: .anchor)
    try c.encode(axis.array, forKey: .axis)
    if let limits { try c.encode([limits.lowerBound, limits.upperBound], forKey: .limits) }
    try c.encode(damping, forKey: .damping)
    try c.encode(friction, forKey: .friction)
    try c.encode(collideConnected, forKey: .collideConnected)
  }
}
