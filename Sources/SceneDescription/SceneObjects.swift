import ArmatureCore

/// Fixed geometry: ground, tables, walls, conveyor belts.
public struct StaticGeometry: Hashable, Sendable, Codable {
  public var name: String
  public var shape: Shape
  public var pose: Pose
  public var material: String
  public var color: Color
  /// Velocity of the surface in world coordinates (a conveyor belt); contacts carry it along.
  public var surfaceVelocity: Vector3?
  /// Texture or per-face colors and labels, for the renderer.
  public var appearance: Appearance

  public init(
    name: String, shape: Shape, pose: Pose = .identity, material: String = SceneDefaults.materialName,
    color: Color = SceneDefaults.color, surfaceVelocity: Vector3? = nil, appearance: Appearance = .plain
  ) {
    self.name = name
    self.shape = shape
    self.pose = pose
    self.material = material
    self.color = color
    self.surfaceVelocity = surfaceVelocity
    self.appearance = appearance
  }

  enum CodingKeys: String, CodingKey, CaseIterable, ShapeCodingKeys, AppearanceCodingKeys {
    case name, shape, size, radius, length, normal, offset, file, scale
    case position, orientation, rpy, material, color, surfaceVelocity
    case texture, textureScale, faceColors, faceLabels, labelColor
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    shape = try Shape.decode(from: c, allowPlane: true) ?? .sphere(radius: 1)
    pose = try c.pose(position: .position, orientation: .orientation, rpy: .rpy)
    material = try c.value(.material, default: SceneDefaults.materialName)
    color = try c.value(.color, default: SceneDefaults.color)
    surfaceVelocity = try c.optionalVector(.surfaceVelocity, expected: "3 finite numbers (m/s)") { $0.isFinite }
    appearance = try Appearance.decode(from: c, shape: shape)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try shape.encode(to: &c)
    try encodePose(pose, to: &c, position: .position, orientation: .orientation)
    try c.encode(material, forKey: .material)
    try c.encode(color, forKey: .color)
    try c.encodeIfPresent(surfaceVelocity?.array, forKey: .surfaceVelocity)
    try appearance.encode(to: &c)
  }
}

/// One shape of a compound object, placed in the object's frame.
public struct ObjectPart: Hashable, Sendable, Codable {
  public var shape: Shape
  public var pose: Pose
  /// The part's material; nil uses the object's.
  public var material: String?
  /// The part's color; nil uses the object's.
  public var color: Color?
  /// Texture or per-face colors and labels, for the renderer.
  public var appearance: Appearance

  public init(
    shape: Shape, pose: Pose = .identity, material: String? = nil, color: Color? = nil,
    appearance: Appearance = .plain
  ) {
    self.shape = shape
    self.pose = pose
    self.material = material
    self.color = color
    self.appearance = appearance
  }

  enum CodingKeys: String, CodingKey, CaseIterable, ShapeCodingKeys, AppearanceCodingKeys {
    case shape, size, radius, length, normal, offset, file, scale
    case position, orientation, rpy, material, color
    case texture, textureScale, faceColors, faceLabels, labelColor
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    shape = try Shape.decode(from: c, allowPlane: false) ?? .sphere(radius: 1)
    pose = try c.pose(position: .position, orientation: .orientation, rpy: .rpy)
    material = try c.optional(String.self, .material)
    color = try c.optional(Color.self, .color)
    appearance = try Appearance.decode(from: c, shape: shape)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try shape.encode(to: &c)
    try encodePose(pose, to: &c, position: .position, orientation: .orientation)
    try c.encodeIfPresent(material, forKey: .material)
    try c.encodeIfPresent(color, forKey: .color)
    try appearance.encode(to: &c)
  }
}

/// How an object's mass is given.
public enum MassSpecification: Hashable, Sendable {
  /// Total mass in kg, spread uniformly over the object's volume.
  case mass(Double)
  /// Density in kg/m³.
  case density(Double)
}

/// A free rigid body: one shape, or several parts welded together.
public struct SceneObject: Hashable, Sendable, Codable {
  public var name: String
  public var parts: [ObjectPart]
  public var massSpecification: MassSpecification
  public var material: String
  public var color: Color
  /// Initial pose of the object frame in the world.
  public var pose: Pose
  public var linearVelocity: Vector3
  public var angularVelocity: Vector3

  public init(
    name: String, parts: [ObjectPart], mass: MassSpecification = .density(SceneDefaults.density),
    material: String = SceneDefaults.materialName, color: Color = SceneDefaults.color, pose: Pose = .identity,
    linearVelocity: Vector3 = .zero, angularVelocity: Vector3 = .zero
  ) {
    self.name = name
    self.parts = parts
    self.massSpecification = mass
    self.material = material
    self.color = color
    self.pose = pose
    self.linearVelocity = linearVelocity
    self.angularVelocity = angularVelocity
  }

  enum CodingKeys: String, CodingKey, CaseIterable, ShapeCodingKeys, AppearanceCodingKeys {
    case name, shape, size, radius, length, normal, offset, file, scale, parts
    case mass, density, material, color, position, orientation, rpy, linearVelocity, angularVelocity
    case texture, textureScale, faceColors, faceLabels, labelColor
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    if c.contains(.parts) {
      if c.contains(.shape) { try c.problem(.shape, "give either 'shape' or 'parts', not both") }
      parts = try c.value(.parts, default: [])
      if parts.isEmpty && c.contains(.parts) { try c.problem(.parts, "expected at least one part") }
      for key in [CodingKeys.texture, .textureScale, .faceColors, .faceLabels, .labelColor] where c.contains(key) {
        try c.problem(key, "with 'parts', give '\(key.stringValue)' on the parts")
      }
    } else if let shape = try Shape.decode(from: c, allowPlane: false) {
      parts = [ObjectPart(shape: shape, appearance: try Appearance.decode(from: c, shape: shape))]
    } else {
      parts = []
    }
    if c.contains(.mass) && c.contains(.density) {
      try c.problem(.density, "give either 'mass' or 'density', not both")
    }
    if let m = try c.optional(Double.self, .mass) {
      if !(m > 0 && m.isFinite) { try c.problem(.mass, "expected a mass > 0 kg, got \(describeValue(m))") }
      massSpecification = .mass(m)
    } else if let d = try c.optional(Double.self, .density) {
      if !(d > 0 && d.isFinite) { try c.problem(.density, "expected a density > 0 kg/m³, got \(describeValue(d))") }
      massSpecification = .density(d)
    } else {
      massSpecification = .density(SceneDefaults.density)
    }
    material = try c.value(.material, default: SceneDefaults.materialName)
    color = try c.value(.color, default: SceneDefaults.color)
    pose = try c.pose(position: .position, orientation: .orientation, rpy: .rpy)
    linearVelocity = try c.vector(.linearVelocity, default: .zero, expected: "3 finite numbers (m/s)") { $0.isFinite }
    angularVelocity = try c.vector(.angularVelocity, default: .zero, expected: "3 finite numbers (rad/s)") {
      $0.isFinite
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    if parts.count == 1, parts[0].pose == .identity, parts[0].material == nil, parts[0].color == nil {
      try parts[0].shape.encode(to: &c)
      try parts[0].appearance.encode(to: &c)
    } else {
      try c.encode(parts, forKey: .parts)
    }
    switch massSpecification {
    case .mass(let m): try c.encode(m, forKey: .mass)
    case .density(let d): try c.encode(d, forKey: .density)
    }
    try c.encode(material, forKey: .material)
    try c.encode(color, forKey: .color)
    try encodePose(pose, to: &c, position: .position, orientation: .orientation)
    try c.encode(linearVelocity.array, forKey: .linearVelocity)
    try c.encode(angularVelocity.array, forKey: .angularVelocity)
  }
}

func encodePose<K: CodingKey>(_ pose: Pose, to c: inout KeyedEncodingContainer<K>, position: K, orientation: K) throws {
  try c.encode(pose.position.array, forKey: position)
  try c.encode(pose.orientation.array, forKey: orientation)
}
