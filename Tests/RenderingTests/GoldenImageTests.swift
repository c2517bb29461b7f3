import ArmatureCore
import Rendering
import SceneDescription
import Testing

/// Renders compared exactly with the images in `Snapshots/` (rewritten with RECORD_SNAPSHOTS=1).
@Suite struct GoldenImageTests {
  func render(_ file: String, width: Int, height: Int, poses: ((Scene) -> PoseSnapshot)? = nil) throws -> (RenderedFrame, RenderModel) {
    let scene = try Scene.load(file: Repository.path(file))
    let model = try RenderModel(scene: scene)
    let camera = Camera(spec: scene.cameras[0], width: width, height: height)
    let frame = try Renderer(model: model, options: RenderOptions(shadows: true))
      .render(camera: camera, poses: poses?(scene) ?? PoseSnapshot(initialPosesOf: scene))
    return (frame, model)
  }

  @Test func cubeResting() throws {
    let (frame, _) = try render("Scenes/cube-drop.yaml", width: 96, height: 96) { _ in
      PoseSnapshot(["cube": Pose(position: Vector3(0, 0, 0.025), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.4))])
    }
    try Snapshot.check(frame.rgb!, named: "cube-resting")
  }

  @Test func dactylCube() throws {
    let (frame, _) = try render("Scenes/dactyl-cube.yaml", width: 128, height: 128)
    try Snapshot.check(frame.rgb!, named: "dactyl-cube")
  }

  @Test func armStandInWithDepthAndSegmentation() throws {
    let (frame, _) = try render("Scenes/render-bench-arm.yaml", width: 128, height: 128)
    try Snapshot.check(frame.rgb!, named: "arm-stand-in")
    try Snapshot.check(frame.depth!.visualized(), named: "arm-stand-in-depth")
    try Snapshot.check(frame.segmentation!.colorized(), named: "arm-stand-in-segmentation")
  }

  /// Every primitive, a textured box, a mesh, a point light and a directional light, shadows on.
  @Test func shapesTexturesAndLights() throws {
    var checker = RGBImage(width: 8, height: 8, channels: 3, repeating: 0)
    for y in 0..<8 {
      for x in 0..<8 {
        let on = (x / 4 + y / 4) % 2 == 0
        checker[x, y, 0] = on ? 230 : 40
        checker[x, y, 1] = on ? 220 : 60
        checker[x, y, 2] = on ? 200 : 120
      }
    }
    let point = LightSpec(name: "bulb", kind: .point, position: Vector3(0.3, -0.4, 0.8), intensity: 0.5)
    let sun = LightSpec(name: "sun", kind: .directional, direction: Vector3(-0.5, 0.3, -1), intensity: 0.7)
    var model = RenderModel(lights: [sun, point], ambient: 0.25)
    try model.add(
      Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0), texture: Texture(checker), textureScale: 0.4))
    try model.add(Drawable(name: "ball", pose: Pose(position: Vector3(-0.25, 0.1, 0.1)), geometry: .sphere(radius: 0.1), color: .named["green"]!))
    try model.add(
      Drawable(
        name: "pill", pose: Pose(position: Vector3(0.05, 0.25, 0.12), orientation: Quaternion(roll: 0.3, pitch: 1.2, yaw: 0.2)),
        geometry: .capsule(radius: 0.05, length: 0.2), color: .named["orange"]!))
    try model.add(
      Drawable(name: "can", pose: Pose(position: Vector3(0.25, 0.05, 0.08)), geometry: .cylinder(radius: 0.06, length: 0.16), color: .named["blue"]!))
    try model.add(
      Drawable(
        name: "crate", pose: Pose(position: Vector3(0.0, -0.15, 0.06), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.6)),
        geometry: .box(size: Vector3(0.12, 0.12, 0.12)), texture: Texture(checker)))
    let octahedron = TriangleMesh(
      vertices: [Vector3(0.07, 0, 0), Vector3(-0.07, 0, 0), Vector3(0, 0.07, 0), Vector3(0, -0.07, 0), Vector3(0, 0, 0.1), Vector3(0, 0, -0.1)],
      indices: [0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5])
    try model.add(Drawable(name: "gem", frame: "gem", geometry: .mesh(octahedron), color: .named["purple"]!))
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 45, width: 128, height: 96), near: 0.02, far: 10,
      mount: .world(Camera.lookAt(eye: Vector3(0.6, -0.9, 0.6), target: Vector3(0, 0.05, 0.08))))
    let frame = try Renderer(model: model, options: RenderOptions(shadows: true))
      .render(camera: camera, poses: PoseSnapshot(["gem": Pose(position: Vector3(-0.2, -0.25, 0.1))]))
    try Snapshot.check(frame.rgb!, named: "shapes")
  }
}
