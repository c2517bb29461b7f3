import ArgumentParser
import ArmatureCore
import SceneDescription

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a scene file, and the URDF files of its robots, and print every problem in them; exits 1 if there is any.")

  @Argument(help: "The file to check.") var file: String

  @Option(
    name: .customLong("package-path"),
    help: ArgumentHelp("A folder that holds ROS packages for the robots' package:// meshes (repeatable).", valueName: "dir"))
  var packagePaths: [String] = []

  func run() throws {
    do {
      let scene = try Scene.load(file: file)
      var problems: [LocatedError] = []
      for robot in scene.robots {
        do {
          _ = try URDFLoader.load(file: scene.resolve(robot.urdf), packagePath: .withEnvironment(packagePaths))
        } catch let e as LocatedErrors {
          problems += e.errors
        }
      }
      guard problems.isEmpty else { throw LocatedErrors(problems) }
      let robots = scene.robots.isEmpty ? "" : ", \(scene.robots.count) robots"
      print("\(file): ok (\(scene.objects.count) objects, \(scene.staticGeometry.count) static, \(scene.joints.count) joints\(robots))")
    } catch {
      throw fail(error)
    }
  }
}
