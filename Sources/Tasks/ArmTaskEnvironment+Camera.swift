import ArmatureCore
import EnvInterface
import Physics
import Randomization
import Rendering
import SceneDescription

extension ArmTaskEnvironment {
  /// The task camera (the scene camera named `task`, else its first) with this episode's visual
  /// randomization but no image noise, so that recording frames draws nothing from the
  /// environment's streams.
  func renderTaskCamera(width: Int, height: Int) throws -> RGBImage {
    let cameras = try sceneCameras()
    guard let name = (cameras.spec(named: "task") ?? cameras.specs.first)?.name else {
      throw TaskCameraUnavailable(task: Task.description.name)
    }
    let randomizer = self.randomizer
    try cameras.apply(randomizer.value, world: cell.world)
    let camera = try cameras.camera(name, width: width, height: height, randomizer.value)
    guard let rgb = try cameras.render(camera, world: cell.world, target: task.targetMarker, outputs: .rgb).rgb else {
      throw TaskCameraUnavailable(task: Task.description.name)
    }
    return rgb
  }

  var cameraNames: [String] { cell.scene.cameras.map(\.name) }

  func segmentationTable() throws -> SegmentationTable { try sceneCameras().segmentation }

  /// The images of `options.cameras` for the current state, with the visual randomization and
  /// `image.noise` (drawn from `imageStream`).
  func observationImages(noise: inout RandomStream) throws -> ObservationImages {
    var images = ObservationImages()
    guard !options.cameras.isEmpty else { return images }
    let cameras = try sceneCameras()
    let randomizer = self.randomizer
    try cameras.apply(randomizer.value, world: cell.world)
    var outputs: RenderOutputs = []
    for kind in options.imageKinds {
      switch kind {
      case .rgb: outputs.insert(.rgb)
      case .depth: outputs.insert(.depth)
      case .segmentation: outputs.insert(.segmentation)
      }
    }
    let sigma = randomizer.scalar(VisualParameters.imageNoise)
    for name in options.cameras {
      let camera = try cameras.camera(name, width: options.imageWidth, height: options.imageHeight, randomizer.value)
      let frame = try cameras.render(camera, world: cell.world, target: task.targetMarker, outputs: outputs)
      if var rgb = frame.rgb {
        ImageNoise.apply(to: &rgb, standardDeviation: sigma, stream: &noise)
        images.rgb[name] = rgb
      }
      images.depth[name] = frame.depth
      images.segmentation[name] = frame.segmentation
    }
    return images
  }
}

/// The camera images of one observation, by camera name.
struct ObservationImages {
  var rgb: [String: RGBImage] = [:]
  var depth: [String: DepthImage] = [:]
  var segmentation: [String: SegmentationImage] = [:]
}
