import ArmatureCore
import Foundation
import Randomization
import SceneDescription
import Testing
import _TestSupport

/// The visual parameters a scene offers, with nominal values read from the scene file.
@Suite struct VisualParametersTests {
  @Test func theCubeSceneOffersColorsTexturesLightCamerasAndNoise() throws {
    let scene = try Scene.load(file: packagePath("Scenes/tasks/cube.yaml"))
    let parameters = Dictionary(uniqueKeysWithValues: VisualParameters.catalogue(scene: scene).map { ($0.name, $0) })
    #expect(parameters["table.color"]?.nominal == [0.62, 0.48, 0.33])
    #expect(parameters["table.color"]?.valid == 0...1)
    #expect(parameters["cube.color"]?.nominal == [0.85, 0.1, 0.1])  // the named color red
    #expect(parameters["table.texture"]?.nominal == [0])
    #expect(parameters["table.texture"]?.valid == 0...Double(VisualParameters.textureFiles.count))
    #expect(parameters["light.direction"]?.nominal == [-0.3, 0.2, -1])
    #expect(parameters["light.intensity"]?.nominal == [1])
    #expect(parameters["light.ambient"]?.nominal == [0.3])
    #expect(parameters["camera.task.position"]?.nominal == [1.0, -0.75, 1.35])
    #expect(parameters["camera.wrist.position"]?.nominal == [0, -0.1, -0.05])
    #expect(parameters["camera.task.rotation"]?.nominal == [0, 0, 0])
    #expect(parameters["camera.task.fov"]?.nominal == [45])
    #expect(parameters["image.noise"]?.nominal == [0])
    // The texture files exist beside the scenes.
    for file in VisualParameters.textureFiles {
      #expect(FileManager.default.fileExists(atPath: scene.resolve(file)), "missing \(file)")
    }
  }

  @Test func partsWithTheirOwnColorsAndFaceColoredObjectsHaveNoColorParameter() throws {
    let reorient = try Scene.load(file: packagePath("Scenes/tasks/cube-reorient.yaml"))
    #expect(!VisualParameters.catalogue(scene: reorient).contains { $0.name == "cube.color" })
    // A camera given by intrinsics: fov = 2 atan(h / 2 fy) = 2 atan(240 / 2 / 120) = 90°.
    var scene = Scene(name: "s")
    scene.cameras = [
      CameraSpec(name: "k", position: Vector3(1, 0, 1), target: .zero, intrinsics: .init(fx: 120, fy: 120, cx: 160, cy: 120), width: 320, height: 240)
    ]
    let fov = try #require(VisualParameters.catalogue(scene: scene).first { $0.name == "camera.k.fov" })
    #expect(abs(fov.nominal[0] - 90) < 1e-9)
  }
}
