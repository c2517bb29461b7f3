import ArgumentParser
import ArmatureCore
import Physics
import Rendering
import Tasks
import SceneDescription

struct BenchRender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Frames per second of RGB + depth + segmentation on one thread.",
    discussion: """
      One frame = a pose snapshot taken from the physics world, and an RGB image, a depth image \
      (metres) and a segmentation image rendered from it. The world is first stepped --steps times \
      (so that dropped objects have landed). The median of --repeats timed runs is reported, after \
      one untimed warm-up run.
      """)

  @Option(help: "The scene file.") var scene: String = "Scenes/cube-drop.yaml"
  @Option(help: "The camera (default: the scene's first).") var camera: String?
  @Option(help: "Image width.") var width: Int = 128
  @Option(help: "Image height.") var height: Int = 128
  @Option(help: "Physics steps before timing.") var steps: Int = 500
  @Option(help: "Frames per timed run.") var frames: Int = 2000
  @Option(help: "Timed runs; the median is reported.") var repeats: Int = 5
  @Flag(help: "Draw shadows.") var shadows = false
  @Option(
    name: .customLong("package-path"),
    help: ArgumentHelp("A folder that holds ROS packages for the robots' package:// meshes (repeatable).", valueName: "dir"))
  var packagePaths: [String] = []
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Print a record line in the peers' format (../shared/peers/common.py).") var records = false

  func validate() throws {
    guard frames > 0, repeats > 0 else { throw ValidationError("--frames and --repeats must be positive") }
    guard steps >= 0 else { throw ValidationError("--steps must be ≥ 0") }
    guard (1...8192).contains(width), (1...8192).contains(height) else {
      throw ValidationError("--width and --height must be in 1...8192")
    }
  }

  func run() throws {
    do {
      let description = try Scene.load(file: scene)
      let spec = try SceneCamera.find(camera, in: description, file: scene)
      let cam = Camera(spec: spec, width: width, height: height)
      let packagePath = PackageSearchPath.withEnvironment(packagePaths)
      let world = try World(scene: description, seed: 0, packagePath: packagePath)
      try world.step(count: steps)
      let model = try RenderModel(scene: description, packagePath: packagePath)
      let renderer = Renderer(model: model, options: RenderOptions(shadows: shadows))
      var rates: [Double] = []
      for r in 0..<(repeats + 1) {
        let clock = Stopwatch()
        var last = RenderedFrame()
        for _ in 0..<frames {
          last = try renderer.render(camera: cam, poses: PoseSnapshot(world: world), outputs: .all)
        }
        if r > 0 { rates.append(Double(frames) / clock.elapsed) }
        // Like the peers' benchmark, refuse to report the speed of blank frames.
        guard Set(last.segmentation!.pixels.filter { $0 != 0 }).count >= 2 else {
          throw LocatedError(file: scene, message: "camera '\(cam.name)' sees at most one object; nothing to time")
        }
      }
      let record = BenchmarkRecord(
        group: "render", name: "armature \(description.name) \(width)x\(height)", unit: "frames/s", runs: rates,
        note: "RGB + depth + segmentation per frame, \(model.triangleCount) triangles, shadows \(shadows ? "on" : "off")")
      rates.sort()
      let median = record.value
      if records {
        print(record.json.serialized())
      } else if json {
        print(
          JSONValue.object([
            ("framesPerSecond", .number(median.rounded())), ("scene", .string(scene)), ("camera", .string(cam.name)),
            ("width", .integer(width)), ("height", .integer(height)), ("triangles", .integer(model.triangleCount)),
            ("shadows", .bool(shadows)), ("frames", .integer(frames)), ("repeats", .integer(repeats)),
            ("min", .number(rates.first!.rounded())), ("max", .number(rates.last!.rounded())),
          ]).serialized())
      } else {
        print(
          "\(scene) \(width)×\(height) (\(model.triangleCount) triangles): \(Int(median)) frames/s "
            + "(median of \(repeats), \(Int(rates.first!))–\(Int(rates.last!)))")
      }
    } catch {
      throw fail(error)
    }
  }
}
