import ArmatureCore
import Physics
import Rendering
import SceneDescription

/// Draws an arm task's scene from its camera named `task` (the task camera of contact sheets and
/// `armature eval --frames`), with the episode's target as a small green sphere.
final class TaskCameraRenderer {
  private let renderer: Renderer
  private let spec: CameraSpec
  static let markerName = "target-marker"

  init(scene: Scene) throws {
    guard let spec = scene.cameras.first(where: { $0.name == "task" }) ?? scene.cameras.first else {
      throw TaskCameraUnavailable(task: scene.name)
    }
    self.spec = spec
    var model = try RenderModel(scene: scene)
    _ = try model.add(
      Drawable(
        name: TaskCameraRenderer.markerName, frame: TaskCameraRenderer.markerName, geometry: .sphere(radius: 0.015),
        color: Color(red: 0.1, green: 0.8, blue: 0.3), castsShadow: false))
    renderer = Renderer(model: model)
  }

  func render(world: World, target: Vector3?, width: Int, height: Int) throws -> RGBImage {
    var poses = PoseSnapshot(world: world)
    // Without a target the marker sits far below the floor, out of view.
    poses.poses[TaskCameraRenderer.markerName] = Pose(position: target ?? Vector3(0, 0, -100))
    let camera = Camera(spec: spec, width: width, height: height)
    guard let rgb = try renderer.render(camera: camera, poses: poses, outputs: .rgb).rgb else {
      throw TaskCameraUnavailable(task: "scene")
    }
    return rgb
  }
}

extension ArmTaskEnvironment {
  func renderTaskCamera(width: Int, height: Int) throws -> RGBImage {
    try taskCamera().render(world: cell.world, target: task.targetMarker, width: width, height: height)
  }
}
