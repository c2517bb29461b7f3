import ArmatureCore
import Physics
import Randomization
import Rendering
import SceneDescription

/// The cameras of an arm task's scene and the renderer behind them, with the scene's visual
/// randomization (`VisualParameters`) applied before every frame: colors and textures of static
/// geometry and objects, the key light and ambient light, and each camera's pose and field of
/// view. Objects whose physical shape the randomization resized (`cube.size`) are drawn at their
/// current size. The episode's target is drawn as a small green sphere named `target-marker`.
///
/// Applying values never draws random numbers: the draws come from the environment's
/// `Randomizer`, so rendering (or not) leaves every stream as it was.
final class SceneCameras {
  static let markerName = "target-marker"
  private let renderer: Renderer
  let specs: [CameraSpec]
  /// The drawables as the scene declares them, and as currently drawn.
  private let nominal: [Drawable]
  private var current: [Drawable]
  /// Drawable indices whose color parameter is `key`.
  private let colorUsers: [(parameter: String, indices: [Int])]
  /// Drawable indices of static geometry whose texture parameter is `key`.
  private let textureUsers: [(parameter: String, indices: [Int])]
  /// Single-part objects whose drawable follows the physics geom's current size.
  private let shapeFollowers: [(index: Int, geom: GeomID)]
  private let nominalLights: [LightSpec]
  private let scene: Scene
  private var textures: [Int: Texture] = [:]

  init(scene: Scene, world: World) throws {
    var model = try RenderModel(scene: scene)
    _ = try model.add(
      Drawable(
        name: SceneCameras.markerName, frame: SceneCameras.markerName, geometry: .sphere(radius: 0.015),
        color: Color(red: 0.1, green: 0.8, blue: 0.3), castsShadow: false))
    renderer = Renderer(model: model)
    specs = scene.cameras
    let nominal = model.drawables
    self.nominal = nominal
    current = nominal
    nominalLights = model.lights
    self.scene = scene
    var colors: [(String, [Int])] = []
    var textures: [(String, [Int])] = []
    var followers: [(Int, GeomID)] = []
    for s in scene.staticGeometry {
      let indices = nominal.indices.filter { nominal[$0].name == s.name && nominal[$0].frame == nil }
      colors.append((VisualParameters.color(s.name), indices))
      textures.append((VisualParameters.texture(s.name), indices))
    }
    for o in scene.objects {
      let drawn = nominal.indices.filter { nominal[$0].name == o.name && nominal[$0].frame == o.name }
      guard drawn.count == o.parts.count else { continue }
      let own = zip(drawn, o.parts).filter { $0.1.color == nil && $0.1.appearance.faceColors == nil }.map(\.0)
      if !own.isEmpty { colors.append((VisualParameters.color(o.name), own)) }
      if o.parts.count == 1, o.parts[0].pose == .identity, let geom = world.geom(named: o.name) {
        followers.append((drawn[0], geom))
      }
    }
    colorUsers = colors
    textureUsers = textures
    shapeFollowers = followers
  }

  /// The names behind the segmentation ids of every image.
  var segmentation: SegmentationTable { renderer.model.segmentation }

  /// The scene camera called `name`.
  func spec(named name: String) -> CameraSpec? { specs.first { $0.name == name } }

  /// Brings colors, textures, sizes and lights to the values `value` gives (parameter name →
  /// applied value, as `Randomizer.value`).
  func apply(_ value: (String) -> [Double], world: World) throws {
    var wanted = nominal
    for (parameter, indices) in textureUsers {
      let k = Int(value(parameter)[0].rounded())
      guard k >= 1, k <= VisualParameters.textureFiles.count else { continue }
      let texture = try self.texture(k)
      for i in indices {
        wanted[i].texture = texture
        wanted[i].textureScale = VisualParameters.textureScale
      }
    }
    for (parameter, indices) in colorUsers {
      let c = value(parameter)
      for i in indices { wanted[i].color = Color(red: c[0], green: c[1], blue: c[2]) }
    }
    for (i, geom) in shapeFollowers {
      switch world.shape(of: geom) {
      case .box(let s): wanted[i].geometry = .box(size: s)
      case .sphere(let r): wanted[i].geometry = .sphere(radius: r)
      case .capsule(let r, let l): wanted[i].geometry = .capsule(radius: r, length: l)
      case .cylinder(let r, let l): wanted[i].geometry = .cylinder(radius: r, length: l)
      case .plane, .mesh: break
      }
    }
    for i in wanted.indices where wanted[i] != current[i] {
      try renderer.model.replace(drawableAt: i, with: wanted[i])
      current[i] = wanted[i]
    }
    var lights = nominalLights
    if !lights.isEmpty {
      if lights[0].kind == .directional, let d = Vector3(array: value(VisualParameters.lightDirection)), d.length > 1e-9 {
        lights[0].direction = d
      }
      lights[0].intensity = value(VisualParameters.lightIntensity)[0]
    }
    renderer.model.lights = lights
    renderer.model.ambient = value(VisualParameters.ambient)[0]
  }

  /// Scene camera `name` at `width` × `height` (nil: the scene's size) with its randomized pose
  /// and field of view.
  func camera(_ name: String, width: Int?, height: Int?, _ value: (String) -> [Double]) throws -> Camera {
    guard let spec = spec(named: name) else { throw UnknownCameraError(camera: name, known: specs.map(\.name)) }
    var camera = Camera(spec: spec, width: width, height: height)
    let position = Vector3(array: value(VisualParameters.cameraPosition(name))) ?? spec.position
    let rotation = Vector3(array: value(VisualParameters.cameraRotation(name))) ?? .zero
    if position != spec.position || rotation != .zero {
      var local = Camera.lookAt(eye: spec.position, target: spec.target, up: spec.up)
      local.position = position
      local.orientation = (local.orientation * Quaternion(rotationVector: rotation)).normalized
      switch camera.mount {
      case .world: camera.mount = .world(local)
      case .attached(let frame, _): camera.mount = .attached(frame: frame, offset: local)
      }
    }
    let fov = value(VisualParameters.cameraFieldOfView(name))[0]
    if fov != VisualParameters.fieldOfView(of: spec) {
      var k = camera.intrinsics
      let fy = Double(k.height) / 2 / (fov * .pi / 360).tan
      k.fx *= fy / k.fy
      k.fy = fy
      camera.intrinsics = k
    }
    return camera
  }

  /// Renders `camera` for the world's current poses, the target marker at `target` (or out of
  /// sight when nil).
  func render(_ camera: Camera, world: World, target: Vector3?, outputs: RenderOutputs) throws -> RenderedFrame {
    var poses = PoseSnapshot(world: world)
    // Without a target the marker sits far below the floor, out of view.
    poses.poses[SceneCameras.markerName] = Pose(position: target ?? Vector3(0, 0, -100))
    return try renderer.render(camera: camera, poses: poses, outputs: outputs)
  }

  /// The k-th texture of `VisualParameters.textureFiles` (1-based), read once.
  private func texture(_ k: Int) throws -> Texture {
    if let t = textures[k] { return t }
    let t = try Texture(pngFile: scene.resolve(VisualParameters.textureFiles[k - 1]))
    textures[k] = t
    return t
  }
}

/// A camera name the task's scene does not declare.
public struct UnknownCameraError: Error, CustomStringConvertible {
  public var camera: String
  public var known: [String]
  public var description: String {
    "unknown camera '\(camera)'; the task's scene has: " + (known.isEmpty ? "no cameras" : known.joined(separator: ", "))
  }
}
