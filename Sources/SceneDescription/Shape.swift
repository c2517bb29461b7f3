import ArmatureCore

/// A collision and visual shape in its own frame. Capsules and cylinders lie along the local z
/// axis, as in ODE and URDF.
public enum Shape: Hashable, Sendable {
  /// A box with full edge lengths `size`.
  case box(size: Vector3)
  case sphere(radius: Double)
  /// A cylinder with hemispherical caps; `length` excludes the caps.
  case capsule(radius: Double, length: Double)
  case cylinder(radius: Double, length: Double)
  /// The plane `normal · p = offset`; static geometry only.
  case plane(normal: Vector3, offset: Double)
  /// A triangle mesh from an STL or OBJ file, scaled per axis.
  case mesh(file: String, scale: Vector3)

  /// The shape's kind, as written in scene files.
  public var kind: ShapeKind {
    switch self {
    case .box: return .box
    case .sphere: return .sphere
    case .capsule: return .capsule
    case .cylinder: return .cylinder
    case .plane: return .plane
    case .mesh: return .mesh
    }
  }

  /// The volume in m³, for shapes that enclose one (planes and meshes give nil).
  public var volume: Double? {
    switch self {
    case .box(let s): return s.x * s.y * s.z
    case .sphere(let r): return 4 / 3 * .pi * r * r * r
    case .capsule(let r, let l): return .pi * r * r * l + 4 / 3 * .pi * r * r * r
    case .cylinder(let r, let l): return .pi * r * r * l
    case .plane, .mesh: return nil
    }
  }
}

/// The kinds of shape.
public enum ShapeKind: String, ConfigEnum {
  case box, sphere, capsule, cylinder, plane, mesh
}

/// Coding keys of a type that holds a shape inline (`shape: box`, `size: [...]`).
public protocol ShapeCodingKeys: CodingKey {
  static var shape: Self { get }
  static var size: Self { get }
  static var radius: Self { get }
  static var length: Self { get }
  static var normal: Self { get }
  static var offset: Self { get }
  static var file: Self { get }
  static var scale: Self { get }
}

extension Shape {
  /// Decodes an inline shape, recording every problem with its key.
  public static func decode<K: ShapeCodingKeys>(from c: ConfigContainer<K>, allowPlane: Bool) throws -> Shape? {
    guard let kind = try c.optional(ShapeKind.self, .shape) else {
      if !c.contains(.shape) { try c.problem("missing required key 'shape'") }
      return nil
    }
    let unused: [(K, [ShapeKind])] = [
      (.size, [.box]), (.radius, [.sphere, .capsule, .cylinder]), (.length, [.capsule, .cylinder]),
      (.normal, [.plane]), (.offset, [.plane]), (.file, [.mesh]), (.scale, [.mesh]),
    ]
    for (key, kinds) in unused where c.contains(key) && !kinds.contains(kind) {
      try c.problem(key, "'\(key.stringValue)' does not apply to a \(kind.rawValue)")
    }
    func radius() throws -> Double? {
      guard let r = try c.optional(Double.self, .radius) else {
        if !c.contains(.radius) { try c.problem("a \(kind.rawValue) needs 'radius'") }
        return nil
      }
      guard r > 0, r.isFinite else {
        try c.problem(.radius, "expected a positive radius, got \(describeValue(r))")
        return nil
      }
      return r
    }
    func length() throws -> Double? {
      guard let l = try c.optional(Double.self, .length) else {
        if !c.contains(.length) { try c.problem("a \(kind.rawValue) needs 'length'") }
        return nil
      }
      guard l > 0, l.isFinite else {
        try c.problem(.length, "expected a positive length, got \(describeValue(l))")
        return nil
      }
      return l
    }
    switch kind {
    case .box:
      guard c.contains(.size) else {
        try c.problem("a box needs 'size'")
        return nil
      }
      guard let size = try c.optionalVector(.size, expected: "3 positive numbers", { $0.min() > 0 }) else { return nil }
      return .box(size: size)
    case .sphere:
      return try radius().map { .sphere(radius: $0) }
    case .capsule, .cylinder:
      let r = try radius()
      let l = try length()
      guard let r, let l else { return nil }
      return kind == .capsule ? .capsule(radius: r, length: l) : .cylinder(radius: r, length: l)
    case .plane:
      guard allowPlane else {
        try c.problem(.shape, "a plane can only be static geometry")
        return nil
      }
      let normal = try c.vector(.normal, default: Vector3(0, 0, 1), expected: "a nonzero normal") { $0.length > 0 }
      let offset = try c.value(.offset, default: 0.0)
      return .plane(normal: normal.normalized, offset: offset)
    case .mesh:
      guard let file = try c.optional(String.self, .file) else {
        if !c.contains(.file) { try c.problem("a mesh needs 'file'") }
        return nil
      }
      let scale = try c.vector(.scale, default: SceneDefaults.meshScale, expected: "3 positive numbers") {
        $0.min() > 0
      }
      return .mesh(file: file, scale: scale)
    }
  }

  /// Encodes the shape inline.
  public func encode<K: ShapeCodingKeys>(to c: inout KeyedEncodingContainer<K>) throws {
    try c.encode(kind, forKey: .shape)
    switch self {
    case .box(let size): try c.encode(size.array, forKey: .size)
    case .sphere(let r): try c.encode(r, forKey: .radius)
    case .capsule(let r, let l), .cylinder(let r, let l):
      try c.encode(r, forKey: .radius)
      try c.encode(l, forKey: .length)
    case .plane(let n, let o):
      try c.encode(n.array, forKey: .normal)
      try c.encode(o, forKey: .offset)
    case .mesh(let file, let scale):
      try c.encode(file, forKey: .file)
      if scale != SceneDefaults.meshScale { try c.encode(scale.array, forKey: .scale) }
    }
  }
}

extension ConfigContainer {
  /// A pose from `position` and either `orientation` (a quaternion `[x, y, z, w]`) or `rpy`
  /// (roll, pitch, yaw in radians, URDF convention).
  public func pose(position: Key, orientation: Key, rpy: Key) throws -> Pose {
    let p = try vector(position, default: .zero, expected: "3 finite numbers") { $0.isFinite }
    var q = Quaternion.identity
    if contains(orientation) && contains(rpy) {
      try problem(rpy, "give either 'orientation' or 'rpy', not both")
    } else if let values = try optional([Double].self, orientation) {
      let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if values.count == 4, values.allSatisfy(\.isFinite), norm > 1e-9 {
        q = Quaternion(x: values[0], y: values[1], z: values[2], w: values[3]).normalized
      } else {
        try problem(orientation, "expected a quaternion [x, y, z, w] with nonzero norm, got \(describeValue(values))")
      }
    } else if let r = try optionalVector(rpy, expected: "3 finite angles in radians", { $0.isFinite }) {
      q = Quaternion(roll: r.x, pitch: r.y, yaw: r.z)
    }
    return Pose(position: p, orientation: q)
  }
}
