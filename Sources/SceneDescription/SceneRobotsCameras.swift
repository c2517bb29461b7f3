import ArmatureCore

/// A robot from a URDF file, fixed at a base pose.
public struct RobotPlacement: Hashable, Sendable, Codable {
  public var name: String
  /// Path of the URDF file, relative to the scene file.
  public var urdf: String
  public var base: Pose
  /// Initial joint positions by joint name; unnamed joints start at zero (or inside their limits).
  public var initialJoints: [String: Double]

  public init(name: String, urdf: String, base: Pose = .identity, initialJoints: [String: Double] = [:]) {
    self.name = name
    self.urdf = urdf
    self.base = base
    self.initialJoints = initialJoints
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, urdf, position, orientation, rpy, initialJoints }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    urdf = try c.value(.urdf, default: "")
    if urdf.isEmpty { try c.problem("missing required key 'urdf'") }
    base = try c.pose(position: .position, orientation: .orientation, rpy: .rpy)
    initialJoints = try c.value(.initialJoints, default: [:])
    for (joint, value) in initialJoints where !value.isFinite {
      try c.problem(.initialJoints, "joint '\(joint)': expected a finite number")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(urdf, forKey: .urdf)
    try encodePose(base, to: &c, position: .position, orientation: .orientation)
    if !initialJoints.isEmpty { try c.encode(initialJoints, forKey: .initialJoints) }
  }
}

/// A pinhole camera. Give either a vertical field of view or intrinsics `fx, fy, cx, cy` in pixels.
public struct CameraSpec: Hashable, Sendable, Codable {
  public var name: String
  public var position: Vector3
  /// The point the camera looks at (world coordinates, or link coordinates when attached).
  public var target: Vector3
  public var up: Vector3
  /// Vertical field of view in degrees.
  public var fieldOfView: Double
  /// Pinhole intrinsics in pixels; when set they override `fieldOfView`.
  public var intrinsics: Intrinsics?
  public var width: Int
  public var height: Int
  public var near: Double
  public var far: Double
  /// `ROBOT/LINK` to ride on a robot link (a wrist camera); nil for a fixed camera.
  public var attachedTo: String?

  /// Pinhole intrinsics in pixels.
  public struct Intrinsics: Hashable, Sendable, Codable {
    public var fx, fy, cx, cy: Double
    public init(fx: Double, fy: Double, cx: Double, cy: Double) {
      self.fx = fx
      self.fy = fy
      self.cx = cx
      self.cy = cy
    }
  }

  public init(
    name: String, position: Vector3, target: Vector3, up: Vector3 = SceneDefaults.cameraUp,
    fieldOfView: Double = SceneDefaults.cameraFieldOfView, intrinsics: Intrinsics? = nil,
    width: Int = SceneDefaults.cameraWidth, height: Int = SceneDefaults.cameraHeight,
    near: Double = SceneDefaults.cameraNear, far: Double = SceneDefaults.cameraFar, attachedTo: String? = nil
  ) {
    self.name = name
    self.position = position
    self.target = target
    self.up = up
    self.fieldOfView = fieldOfView
    self.intrinsics = intrinsics
    self.width = width
    self.height = height
    self.near = near
    self.far = far
    self.attachedTo = attachedTo
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, position, target, up, fieldOfView, fx, fy, cx, cy, width, height, near, far, attachedTo
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    position = try c.vector(.position, default: Vector3(1, 0, 1), expected: "3 finite numbers") { $0.isFinite }
    target = try c.vector(.target, default: .zero, expected: "3 finite numbers") { $0.isFinite }
    up = try c.vector(.up, default: SceneDefaults.cameraUp, expected: "a nonzero vector") { $0.length > 0 }
    fieldOfView = try c.value(.fieldOfView, default: SceneDefaults.cameraFieldOfView, expected: "degrees in (0, 180)") {
      $0 > 0 && $0 < 180
    }
    let k = try [CodingKeys.fx, .fy, .cx, .cy].map { try c.optional(Double.self, $0) }
    if k.allSatisfy({ $0 != nil }) {
      intrinsics = Intrinsics(fx: k[0]!, fy: k[1]!, cx: k[2]!, cy: k[3]!)
      if !(k[0]! > 0 && k[1]! > 0) { try c.problem(.fx, "expected positive focal lengths") }
    } else if k.contains(where: { $0 != nil }) {
      try c.problem("give all of fx, fy, cx, cy, or none")
    }
    width = try c.value(.width, default: SceneDefaults.cameraWidth, expected: "an integer in 1...8192") {
      (1...8192).contains($0)
    }
    height = try c.value(.height, default: SceneDefaults.cameraHeight, expected: "an integer in 1...8192") {
      (1...8192).contains($0)
    }
    near = try c.value(.near, default: SceneDefaults.cameraNear, expected: "a distance > 0") { $0 > 0 }
    far = try c.value(.far, default: SceneDefaults.cameraFar, expected: "a distance > 0") { $0 > 0 }
    if far <= near { try c.problem(.far, "must be greater than near (\(describeValue(near)))") }
    attachedTo = try c.optional(String.self, .attachedTo)
    if (position - target).length == 0 { try c.problem(.target, "the camera's target equals its position") }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(position.array, forKey: .position)
    try c.encode(target.array, forKey: .target)
    try c.encode(up.array, forKey: .up)
    if let k = intrinsics {
      try c.encode(k.fx, forKey: .fx)
      try c.encode(k.fy, forKey: .fy)
      try c.encode(k.cx, forKey: .cx)
      try c.encode(k.cy, forKey: .cy)
    } else {
      try c.encode(fieldOfView, forKey: .fieldOfView)
    }
    try c.encode(width, forKey: .width)
    try c.encode(height, forKey: .height)
    try c.encode(near, forKey: .near)
    try c.encode(far, forKey: .far)
    try c.encodeIfPresent(attachedTo, forKey: .attachedTo)
  }
}

/// The kinds of light.
public enum LightKind: String, ConfigEnum {
  /// Parallel rays from a direction (the sun).
  case directional
  /// Rays from a point.
  case point
}

/// A light source.
public struct LightSpec: Hashable, Sendable, Codable {
  public var name: String
  public var kind: LightKind
  /// Direction the light travels (directional lights).
  public var direction: Vector3
  /// Position (point lights).
  public var position: Vector3
  public var intensity: Double
  public var color: Color

  public init(
    name: String, kind: LightKind, direction: Vector3 = Vector3(-0.3, -0.2, -1), position: Vector3 = Vector3(0, 0, 2),
    intensity: Double = SceneDefaults.lightIntensity, color: Color = Color(red: 1, green: 1, blue: 1)
  ) {
    self.name = name
    self.kind = kind
    self.direction = direction
    self.position = position
    self.intensity = intensity
    self.color = color
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, type, direction, position, intensity, color }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    name = try c.value(.name, default: "")
    if name.isEmpty { try c.problem("missing required key 'name'") }
    kind = try c.value(.type, default: .directional)
    direction = try c.vector(.direction, default: Vector3(-0.3, -0.2, -1), expected: "a nonzero direction") {
      $0.length > 0 && $0.isFinite
    }
    position = try c.vector(.position, default: Vector3(0, 0, 2), expected: "3 finite numbers") { $0.isFinite }
    intensity = try c.value(.intensity, default: SceneDefaults.lightIntensity, expected: "an intensity ≥ 0") {
      $0 >= 0 && $0.isFinite
    }
    color = try c.value(.color, default: Color(red: 1, green: 1, blue: 1))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(kind, forKey: .type)
    if kind == .directional {
      try c.encode(direction.array, forKey: .direction)
    } else {
      try c.encode(position.array, forKey: .position)
    }
    try c.encode(intensity, forKey: .intensity)
    try c.encode(color, forKey: .color)
  }
}
