import ArmatureCore

/// Surface properties of a contact material.
///
/// When two materials touch, their properties combine by one rule (see `combined(with:)`):
/// friction is the geometric mean √(μa μb), restitution the larger of the two, and stiffness and
/// damping add like springs and dampers in series (a rigid material leaves the other's compliance).
public struct Material: Hashable, Sendable, Codable {
  public var name: String
  /// Coulomb friction coefficient μ ≥ 0.
  public var friction: Double
  /// Coefficient of restitution in [0, 1].
  public var restitution: Double
  /// Contact stiffness in N/m; nil for a rigid contact (the world's ERP and CFM).
  public var stiffness: Double?
  /// Contact damping in N·s/m; used with `stiffness`.
  public var damping: Double?

  public init(
    name: String, friction: Double = SceneDefaults.friction, restitution: Double = SceneDefaults.restitution,
    stiffness: Double? = nil, damping: Double? = nil
  ) {
    self.name = name
    self.friction = friction
    self.restitution = restitution
    self.stiffness = stiffness
    self.damping = damping
  }

  public static let `default` = Material(name: SceneDefaults.materialName)

  /// The surface two materials make in contact: friction √(μa μb), restitution max(ea, eb),
  /// stiffness and damping in series.
  public func combined(with other: Material) -> Material {
    // Stiffness and damping combine over the compliant materials only: a rigid partner adds
    // nothing in series. Two values x, y in series give x y / (x + y); a zero (or missing) one
    // leaves the other's.
    func series(_ a: Double?, _ b: Double?) -> Double? {
      switch (a, b) {
      case (nil, nil): return nil
      case (let x?, nil), (nil, let x?): return x
      case (let x?, let y?): return x > 0 && y > 0 ? x * y / (x + y) : Swift.max(x, y)
      }
    }
    let selfDamping = stiffness == nil ? nil : (damping ?? 0)
    let otherDamping = other.stiffness == nil ? nil : (other.damping ?? 0)
    return Material(
      name: name == other.name ? name : name + "+" + other.name,
      friction: (friction * other.friction).squareRoot(),
      restitution: Swift.max(restitution, other.restitution),
      stiffness: series(stiffness, other.stiffness),
      damping: series(selfDamping, otherDamping))
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, friction, restitution, stiffness, damping }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.required(.name)
    friction = try c.value(.friction, default: SceneDefaults.friction, expected: "a friction coefficient ≥ 0") {
      $0 >= 0 && $0.isFinite
    }
    restitution = try c.value(.restitution, default: SceneDefaults.restitution, expected: "a number in [0, 1]") {
      $0 >= 0 && $0 <= 1
    }
    stiffness = try c.optional(Double.self, .stiffness)
    damping = try c.optional(Double.self, .damping)
    if let s = stiffness, !(s > 0 && s.isFinite) {
      try c.problem(.stiffness, "expected a stiffness > 0 N/m, got \(describeValue(s))")
      stiffness = nil
    }
    if let d = damping, !(d >= 0 && d.isFinite) {
      try c.problem(.damping, "expected a damping ≥ 0 N·s/m, got \(describeValue(d))")
      damping = nil
    }
    if damping != nil && stiffness == nil {
      try c.problem(.damping, "damping needs a stiffness too")
    }
  }
}
