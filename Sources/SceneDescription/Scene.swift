import ArmatureCore
import Foundation

/// A scene: world settings, materials, fixed geometry, free objects, joints, robots, cameras and
/// lights. Built once from a YAML file (`Scene.load(file:)`) and never changed by simulation; the
/// Physics layer turns it into a world.
public struct Scene: Hashable, Sendable, Codable {
  /// The newest scene format version this build reads.
  public static let supportedVersion = 1

  public var version = SceneDefaults.version
  public var name: String
  public var world = WorldSettings()
  /// Materials by name; `default` is always present.
  public var materials: [Material] = [.default]
  /// Fixed geometry (the `static` key).
  public var staticGeometry: [StaticGeometry] = []
  public var objects: [SceneObject] = []
  public var joints: [SceneJoint] = []
  public var robots: [RobotPlacement] = []
  public var cameras: [CameraSpec] = []
  public var lights: [LightSpec] = []
  /// Ambient light level in [0, 1].
  public var ambientLight = SceneDefaults.ambient
  /// The folder that relative file paths start from (the scene file's folder); not written.
  public var baseDirectory: String?

  public init(name: String) { self.name = name }

  /// The material called `name`, if any.
  public func material(named name: String) -> Material? { materials.first { $0.name == name } }

  /// An absolute path for a path written in the scene.
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let base = baseDirectory else { return path }
    return base + "/" + path
  }

  /// Reads and checks a scene file.
  public static func load(file path: String) throws -> Scene {
    let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var scene = try ConfigLoader.load(Scene.self, file: path, userInfo: [.sceneBaseDirectory: base])
    scene.baseDirectory = base
    return scene
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, name, world, materials
    case `static`, objects, joints, robots, cameras, lights, ambientLight
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    version = try c.value(.version, default: SceneDefaults.version)
    if version > Scene.supportedVersion || version < 1 {
      try c.problem(
        .version, "scene format version \(version) is not supported (this Armature reads 1...\(Scene.supportedVersion))")
    }
    name = try c.value(.name, default: "scene")
    world = try c.value(.world, default: WorldSettings())
    let declared: [Material] = try c.value(.materials, default: [])
    materials = declared.contains { $0.name == SceneDefaults.materialName } ? declared : [.default] + declared
    var materialNames: Set<String> = []
    for (i, m) in declared.enumerated() where !materialNames.insert(m.name).inserted {
      try c.problem(at: "materials[\(i)].name", "duplicate material '\(m.name)'")
    }
    staticGeometry = try c.value(.static, default: [])
    objects = try c.value(.objects, default: [])
    joints = try c.value(.joints, default: [])
    robots = try c.value(.robots, default: [])
    cameras = try c.value(.cameras, default: [])
    lights = try c.value(.lights, default: [])
    ambientLight = try c.value(.ambientLight, default: SceneDefaults.ambient, expected: "a number in [0, 1]") {
      $0 >= 0 && $0 <= 1
    }
    baseDirectory = decoder.userInfo[.sceneBaseDirectory] as? String
    try checkReferences(c)
  }

  /// Cross-references the lists: unique names, known materials and joint ends, existing files.
  private func checkReferences(_ c: ConfigContainer<CodingKeys>) throws {
    var seen: [String: String] = [:]
    func claim(_ name: String, _ path: String) throws {
      guard !name.isEmpty else { return }
      if let first = seen[name] {
        try c.problem(at: path + ".name", "duplicate name '\(name)' (first used at \(first))")
      } else {
        seen[name] = path
      }
    }
    let materialNames = Set(materials.map(\.name))
    func checkMaterial(_ name: String?, _ path: String) throws {
      if let name, !materialNames.contains(name) {
        let known = materialNames.sorted().joined(separator: ", ")
        try c.problem(at: path, "unknown material '\(name)' (known: \(known))")
      }
    }
    func checkFile(_ shape: Shape, _ path: String) throws {
      if case .mesh(let file, _) = shape, baseDirectory != nil, !FileManager.default.fileExists(atPath: resolve(file)) {
        try c.problem(at: path + ".file", "mesh file '\(file)' not found (looked at \(resolve(file)))")
      }
    }
    func checkTexture(_ appearance: Appearance, _ path: String) throws {
      if let file = appearance.texture, baseDirectory != nil, !FileManager.default.fileExists(atPath: resolve(file)) {
        try c.problem(at: path + ".texture", "texture file '\(file)' not found (looked at \(resolve(file)))")
      }
    }
    for (i, s) in staticGeometry.enumerated() {
      try claim(s.name, "static[\(i)]")
      try checkMaterial(s.material, "static[\(i)].material")
      try checkFile(s.shape, "static[\(i)]")
      try checkTexture(s.appearance, "static[\(i)]")
    }
    for (i, o) in objects.enumerated() {
      try claim(o.name, "objects[\(i)]")
      try checkMaterial(o.material, "objects[\(i)].material")
      for (j, part) in o.parts.enumerated() {
        let path = o.parts.count == 1 && part.pose == .identity ? "objects[\(i)]" : "objects[\(i)].parts[\(j)]"
        try checkMaterial(part.material, path + ".material")
        try checkFile(part.shape, path)
        try checkTexture(part.appearance, path)
      }
    }
    let objectNames = Set(objects.map(\.name))
    for (i, j) in joints.enumerated() {
      try claim(j.name, "joints[\(i)]")
      if j.parent != SceneJoint.world && !objectNames.contains(j.parent) {
        try c.problem(at: "joints[\(i)].parent", "unknown object '\(j.parent)' (an object name or 'world')")
      }
      if !j.child.isEmpty && !objectNames.contains(j.child) {
        try c.problem(at: "joints[\(i)].child", "unknown object '\(j.child)'")
      }
      if j.parent == j.child { try c.problem(at: "joints[\(i)].child", "a joint cannot join an object to itself") }
    }
    for (i, r) in robots.enumerated() {
      try claim(r.name, "robots[\(i)]")
      if baseDirectory != nil, !r.urdf.isEmpty, !FileManager.default.fileExists(atPath: resolve(r.urdf)) {
        try c.problem(at: "robots[\(i)].urdf", "URDF file '\(r.urdf)' not found (looked at \(resolve(r.urdf)))")
      }
    }
    for (i, cam) in cameras.enumerated() { try claim(cam.name, "cameras[\(i)]") }
    for (i, l) in lights.enumerated() { try claim(l.name, "lights[\(i)]") }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(version, forKey: .version)
    try c.encode(name, forKey: .name)
    try c.encode(world, forKey: .world)
    try c.encode(materials, forKey: .materials)
    try c.encode(staticGeometry, forKey: .static)
    try c.encode(objects, forKey: .objects)
    if !joints.isEmpty { try c.encode(joints, forKey: .joints) }
    if !robots.isEmpty { try c.encode(robots, forKey: .robots) }
    try c.encode(cameras, forKey: .cameras)
    try c.encode(lights, forKey: .lights)
    try c.encode(ambientLight, forKey: .ambientLight)
  }
}

extension CodingUserInfoKey {
  /// The folder of the scene file being decoded, for checking that referenced files exist.
  public static let sceneBaseDirectory = CodingUserInfoKey(rawValue: "armature.sceneBaseDirectory")!
}

extension ConfigContainer {
  /// Records a problem at a path below this container (`objects[2].material`).
  public func problem(at subpath: String, _ message: String) throws {
    let prefix = formatKeyPath(codingPath)
    let full = prefix.isEmpty ? subpath : prefix + "." + subpath
    if let diagnostics = diagnosticsSink {
      diagnostics.record(path: full, message)
    } else {
      throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(full): \(message)"))
    }
  }
}
