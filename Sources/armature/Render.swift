import ArgumentParser
import ArmatureCore
import Foundation
import Physics
import Rendering
import Tasks
import SceneDescription

struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render a scene's camera to PNG: RGB, depth (16-bit, millimetres) and segmentation.",
    discussion: """
      Builds the physics world from the scene, steps it, and renders the bodies' poses. The \
      segmentation PNG is drawn in a palette; its id → name table is written beside it as JSON. \
      With --frames N > 1, --out is a contact sheet of N frames taken every --every steps, and \
      --frames-dir keeps each frame; --depth and --segmentation show the last frame.
      """)

  @Argument(help: "The scene file (YAML).") var scene: String
  @Option(help: "The camera (default: the scene's first).") var camera: String?
  @Option(help: "Image width in pixels (default: the camera's).") var width: Int?
  @Option(help: "Image height in pixels (default: the camera's).") var height: Int?
  @Option(help: "RGB output (PNG).") var out: String
  @Option(help: "Depth output: 16-bit PNG in millimetres, 0 where nothing was hit.") var depth: String?
  @Option(help: "Segmentation output: PNG in palette colors; the id table goes to the same name with .json.")
  var segmentation: String?
  @Option(help: "Seed for the physics world.") var seed: UInt64 = 0
  @Option(help: "Physics steps before the (first) frame.") var steps: Int = 0
  @Option(help: "Frames to render (more than 1 makes --out a contact sheet).") var frames: Int = 1
  @Option(help: "Physics steps between frames.") var every: Int = 50
  @Option(help: "Folder for the numbered frames (with --frames).") var framesDir: String?
  @Flag(help: "Draw shadows of directional lights on planes.") var shadows = false
  @Option(
    name: .customLong("package-path"),
    help: ArgumentHelp("A folder that holds ROS packages for the robots' package:// meshes (repeatable).", valueName: "dir"))
  var packagePaths: [String] = []
  @Option(help: "Anti-aliasing: an odd number k of samples per pixel side (RGB only; 1 = off).") var supersample: Int = 1

  func validate() throws {
    guard steps >= 0 else { throw ValidationError("--steps must be ≥ 0") }
    guard frames >= 1 else { throw ValidationError("--frames must be ≥ 1") }
    guard every >= 1 else { throw ValidationError("--every must be ≥ 1") }
    guard supersample >= 1, supersample % 2 == 1, supersample <= 15 else {
      throw ValidationError("--supersample must be an odd number from 1 to 15")
    }
    if let width, !(1...8192).contains(width) { throw ValidationError("--width must be in 1...8192") }
    if let height, !(1...8192).contains(height) { throw ValidationError("--height must be in 1...8192") }
  }

  func run() throws {
    do {
      let description = try Scene.load(file: scene)
      let spec = try SceneCamera.find(camera, in: description, file: scene)
      let cam = Camera(spec: spec, width: width, height: height)
      let packagePath = PackageSearchPath.withEnvironment(packagePaths)
      let world = try World(scene: description, seed: seed, packagePath: packagePath)
      let renderer = Renderer(model: try RenderModel(scene: description, packagePath: packagePath), options: RenderOptions(shadows: shadows, supersampling: supersample))
      try world.step(count: steps)
      var rgbFrames: [RGBImage] = []
      var labels: [String] = []
      var last = RenderedFrame()
      for i in 0..<frames {
        if i > 0 { try world.step(count: every) }
        var wanted: RenderOutputs = [.rgb]
        if i == frames - 1 {
          if depth != nil { wanted.insert(.depth) }
          if segmentation != nil { wanted.insert(.segmentation) }
        }
        last = try renderer.render(camera: cam, poses: PoseSnapshot(world: world), outputs: wanted)
        rgbFrames.append(last.rgb!)
        labels.append(String(format: "t=%.2fs", world.time))
      }
      if let framesDir {
        let paths = try ContactSheet.saveFrames(rgbFrames, folder: framesDir)
        print("wrote \(paths.count) frames to \(framesDir)")
      }
      if frames == 1 {
        try PNG.write(rgbFrames[0], to: out)
      } else {
        try PNG.write(ContactSheet.tile(rgbFrames, labels: labels), to: out)
      }
      print("wrote \(out) (\(cam.intrinsics.width)×\(cam.intrinsics.height), camera '\(cam.name)', t = \(world.time) s)")
      if let depth, let d = last.depth {
        try PNG.writeDepth(d, to: depth)
        print("wrote \(depth) (depth in millimetres)")
      }
      if let segmentation, let s = last.segmentation {
        try PNG.write(s.colorized(), to: segmentation)
        let table = URL(fileURLWithPath: segmentation).deletingPathExtension().path + ".json"
        try AtomicFile.write(renderer.model.segmentation.json.serialized() + "\n", to: table)
        print("wrote \(segmentation) and \(table): \(renderer.model.segmentation.json.serialized())")
      }
    } catch {
      throw fail(error)
    }
  }
}

/// Picking a scene camera by name.
enum SceneCamera {
  static func find(_ name: String?, in scene: Scene, file: String) throws -> CameraSpec {
    guard let first = scene.cameras.first else {
      throw LocatedError(file: file, context: "cameras", message: "the scene has no cameras; add one under 'cameras'")
    }
    guard let name else { return first }
    guard let spec = scene.cameras.first(where: { $0.name == name }) else {
      let known = scene.cameras.map(\.name).joined(separator: ", ")
      throw LocatedError(file: file, context: "cameras", message: "no camera '\(name)' (known: \(known))")
    }
    return spec
  }
}
