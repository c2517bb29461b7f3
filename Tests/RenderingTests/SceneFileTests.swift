import ArmatureCore
import Foundation
import Rendering
import SceneDescription
import Testing
import _TestSupport

/// Scenes whose textures (PNG) and meshes (STL) come from files beside the scene file.
@Suite struct SceneFileTests {
  @Test func texturesAndMeshesAreReadRelativeToTheScene() throws {
    let folder = try temporaryDirectory("scene")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // A texture whose left half is pure red and right half pure blue.
    var texture = RGBImage(width: 8, height: 8, channels: 3, repeating: 0)
    for y in 0..<8 { for x in 0..<8 { texture[x, y, x < 4 ? 0 : 2] = 255 } }
    try PNG.write(texture, to: folder + "/textures/halves.png")
    // A tetrahedron in ASCII STL, counter-clockwise from outside.
    let v = [[0.0, 0, 0], [0.1, 0, 0], [0, 0.1, 0], [0, 0, 0.1]]
    let faces = [[0, 2, 1], [0, 1, 3], [1, 2, 3], [0, 3, 2]]
    var stl = "solid t\n"
    for f in faces {
      stl += "facet normal 0 0 0\nouter loop\n"
      for i in f { stl += "vertex \(v[i][0]) \(v[i][1]) \(v[i][2])\n" }
      stl += "endloop\nendfacet\n"
    }
    try (stl + "endsolid t\n").write(toFile: folder + "/tetra.stl", atomically: true, encoding: .utf8)
    try """
      version: 1
      static:
        - {name: wall, shape: box, size: [0.02, 0.4, 0.4], position: [0, 0, 0.2], texture: textures/halves.png}
      objects:
        - {name: tetra, shape: mesh, file: tetra.stl, mass: 0.1, position: [0.1, -0.3, 0.1]}
      cameras:
        - {name: c, position: [1, 0, 0.2], target: [0, 0, 0.2], width: 60, height: 40}
      ambientLight: 1
      lights:
        - {name: off, type: directional, intensity: 0}
      """.write(toFile: folder + "/scene.yaml", atomically: true, encoding: .utf8)
    let scene = try Scene.load(file: folder + "/scene.yaml")
    let model = try RenderModel(scene: scene)
    let camera = Camera(spec: scene.cameras[0])
    let frame = try Renderer(model: model).render(camera: camera, poses: PoseSnapshot(initialPosesOf: scene))
    let rgb = try #require(frame.rgb)
    // The +x face is seen head-on with +z up: image right is +y, so the texture's left (red)
    // half is on the image's left; the face spans 0.4 m at 0.99 m, about 19 pixels either side.
    #expect([rgb[22, 20, 0], rgb[22, 20, 1], rgb[22, 20, 2]] == [255, 0, 0])
    #expect([rgb[37, 20, 0], rgb[37, 20, 1], rgb[37, 20, 2]] == [0, 0, 255])
    let seg = try #require(frame.segmentation)
    #expect(seg.pixels.contains(try #require(model.segmentation.id(of: "tetra"))))
  }

  @Test func unreadableTexturesAndMeshesNameTheirFiles() throws {
    let folder = try temporaryDirectory("bad-scene")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data("not a png".utf8).write(to: URL(fileURLWithPath: folder + "/bad.png"))
    try "version: 1\nstatic:\n  - {name: floor, shape: plane, texture: bad.png}\n"
      .write(toFile: folder + "/scene.yaml", atomically: true, encoding: .utf8)
    let scene = try Scene.load(file: folder + "/scene.yaml")
    do {
      _ = try RenderModel(scene: scene)
      Issue.record("a corrupt texture was accepted")
    } catch let e as LocatedError {
      #expect(e.file == folder + "/bad.png")
    }
  }
}
