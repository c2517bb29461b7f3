import ArgumentParser
import ArmatureCore
import SceneDescription

struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check a scene file and print every problem in it; exits 1 if there is any.")

  @Argument(help: "The file to check.") var file: String

  func run() throws {
    do {
      let scene = try Scene.load(file: file)
      print("\(file): ok (\(scene.objects.count) objects, \(scene.staticGeometry.count) static, \(scene.joints.count) joints)")
    } catch {
      throw fail(error)
    }
  }
}
