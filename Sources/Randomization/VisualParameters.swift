import ArmatureCore
import SceneDescription

/// The visual randomization parameters of a scene: what its cameras see can vary as its physics
/// does, under the same rules (distributions, `every: episode|step`, draws from the nominal value).
///
/// - `NAME.color` (r, g, b in [0, 1]) for every static geometry and object of the scene; the
///   nominal value is the scene's color. An object's parts that carry their own color (a tote's
///   handles) keep it; objects with per-face colors (the reorientation cube, whose face colors are
///   its task) have none.
/// - `NAME.texture` for every static geometry: 0 (nominal) keeps the scene's appearance, k ≥ 1
///   (rounded) maps the k-th texture of `textureFiles` onto it.
/// - `light.direction` (x, y, z) and `light.intensity` of the scene's first light (the default
///   light when it has none), and `light.ambient`.
/// - `camera.NAME.position` (the camera's eye, in the world or in the frame it is attached to),
///   `camera.NAME.rotation` (a rotation vector in radians in the camera's optical frame — x right,
///   y down, z forward — nominal 0, applied after the scene's orientation) and `camera.NAME.fov`
///   (vertical field of view, degrees) for every scene camera.
/// - `image.noise`: the standard deviation of Gaussian noise added to every RGB component of
///   every camera image in observations, in 8-bit levels (nominal 0).
/// - `image.latency`: camera images in observations are this many control steps old (rounded;
///   nominal 0), apart from `observation.latency`, which delays the state vector.
///
/// Parameters whose nominal value is 0 (`camera.NAME.rotation`, `image.noise`, `NAME.texture`)
/// need `apply: offset` or `apply: absolute`: a scale of 0 stays 0, so scaling them is refused.
public enum VisualParameters {
  /// The textures `NAME.texture` can choose, relative to the scene's folder (`Scenes/tasks/…` reads
  /// `Scenes/textures/…`); value k ≥ 1 picks `textureFiles[k − 1]`.
  public static let textureFiles = [
    "../textures/wood.png", "../textures/checker.png", "../textures/speckle.png", "../textures/stripes.png",
  ]
  /// Metres of surface per repeat of a randomized texture.
  public static let textureScale = 0.25

  public static func color(_ name: String) -> String { name + ".color" }
  public static func texture(_ name: String) -> String { name + ".texture" }
  public static let lightDirection = "light.direction"
  public static let lightIntensity = "light.intensity"
  public static let ambient = "light.ambient"
  public static func cameraPosition(_ camera: String) -> String { "camera.\(camera).position" }
  public static func cameraRotation(_ camera: String) -> String { "camera.\(camera).rotation" }
  public static func cameraFieldOfView(_ camera: String) -> String { "camera.\(camera).fov" }
  public static let imageNoise = "image.noise"
  public static let imageLatency = "image.latency"

  /// The light the visual parameters vary: the scene's first, or the renderer's default light.
  public static func keyLight(of scene: Scene) -> LightSpec {
    scene.lights.first ?? LightSpec(name: "default", kind: .directional, direction: Vector3(-0.3, -0.2, -1))
  }

  /// The vertical field of view of a camera spec in degrees (from its intrinsics when it has them).
  public static func fieldOfView(of spec: CameraSpec) -> Double {
    guard let k = spec.intrinsics else { return spec.fieldOfView }
    return 2 * Double.atan2(y: Double(spec.height) / 2, x: k.fy) * 180 / .pi
  }

  /// Every visual parameter of `scene`, with nominal values from the scene.
  public static func catalogue(scene: Scene) -> [RandomizableParameter] {
    func rgb(_ c: Color) -> [Double] { [c.red, c.green, c.blue] }
    var out: [RandomizableParameter] = []
    for s in scene.staticGeometry {
      out.append(RandomizableParameter(color(s.name), nominal: rgb(s.color), valid: 0...1, "color of the \(s.name) (r, g, b)"))
      out.append(
        RandomizableParameter(
          texture(s.name), nominal: 0, valid: 0...Double(textureFiles.count),
          "texture of the \(s.name): 0 its own, k = 1…\(textureFiles.count) one of Scenes/textures (rounded)"))
    }
    for o in scene.objects where o.parts.contains(where: { $0.color == nil && $0.appearance.faceColors == nil }) {
      out.append(RandomizableParameter(color(o.name), nominal: rgb(o.color), valid: 0...1, "color of the \(o.name) (r, g, b)"))
    }
    let light = keyLight(of: scene)
    out.append(
      RandomizableParameter(
        lightDirection, nominal: light.direction.array, "direction the key light '\(light.name)' travels (x, y, z)"))
    out.append(
      RandomizableParameter(lightIntensity, nominal: light.intensity, valid: 0...20, "intensity of the key light '\(light.name)'"))
    out.append(RandomizableParameter(ambient, nominal: scene.ambientLight, valid: 0...1, "ambient light reaching every surface"))
    for c in scene.cameras {
      let frame = c.attachedTo.map { "in the frame of \($0)" } ?? "in the world"
      out.append(
        RandomizableParameter(cameraPosition(c.name), nominal: c.position.array, "position of camera '\(c.name)' \(frame), m"))
      out.append(
        RandomizableParameter(
          cameraRotation(c.name), nominal: [0, 0, 0], valid: -Double.pi...Double.pi,
          "rotation of camera '\(c.name)' about its optical axes (x right, y down, z forward), rotation vector, rad"))
      out.append(
        RandomizableParameter(
          cameraFieldOfView(c.name), nominal: fieldOfView(of: c), valid: 1...170,
          "vertical field of view of camera '\(c.name)', degrees"))
    }
    out.append(
      RandomizableParameter(
        imageNoise, nominal: 0, valid: 0...255, "standard deviation of per-pixel Gaussian noise on camera RGB, 8-bit levels"))
    out.append(RandomizableParameter(imageLatency, nominal: 0, valid: 0...10, "camera image delay, control steps"))
    return out
  }
}
