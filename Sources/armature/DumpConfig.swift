import ArgumentParser
import ArmatureCore
import Experiments
import SceneDescription


struct DumpConfig: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump-config", abstract: "Print a fully defaulted example configuration.")

  enum Kind: String, ExpressibleByArgument, CaseIterable { case scene, experiment }

  @Argument(help: "What to print: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: Kind

  func run() throws {
    switch kind {
    case .scene:
      print(try YAMLOutput.string(Scene.example), terminator: "")
    case .experiment:
      print(try ExperimentConfig.example.yaml(), terminator: "")
    }
  }
}

extension Scene {
  /// A small scene with every section filled in and every default spelled out.
  static var example: Scene {
    var scene = Scene(name: "example")
    scene.materials = [.default, Material(name: "rubber", friction: 1.0, restitution: 0.6)]
    scene.staticGeometry = [StaticGeometry(name: "ground", shape: .plane(normal: Vector3(0, 0, 1), offset: 0))]
    scene.objects = [
      SceneObject(
        name: "cube", parts: [ObjectPart(shape: .box(size: Vector3(0.05, 0.05, 0.05)))], mass: .mass(0.125),
        color: Color.named["red"]!, pose: Pose(position: Vector3(0, 0, 0.5)))
    ]
    scene.cameras = [CameraSpec(name: "front", position: Vector3(0.6, 0, 0.4), target: Vector3(0, 0, 0.05))]
    scene.lights = [LightSpec(name: "sun", kind: .directional)]
    return scene
  }
}
