import ArmatureCore
import Rendering
import SceneDescription
import Testing

@Suite struct DactylCubeTests {
  static let colors: [Color] = [
    Color(red: 1, green: 0, blue: 0), Color(red: 0, green: 1, blue: 0), Color(red: 0, green: 0, blue: 1),
    Color(red: 1, green: 1, blue: 0), Color(red: 1, green: 0, blue: 1), Color(red: 0, green: 1, blue: 1),
  ]

  /// Each face seen head-on shows its own color, and its letter upright and not mirrored: the
  /// ink of an "L" lies left of and below the face centre. Side faces are viewed with +z up,
  /// the top and bottom faces with +y up, as `Appearance.faceLabels` documents.
  @Test(arguments: 0..<6)
  func eachFaceShowsItsColorAndAnUprightLetter(face: Int) throws {
    var model = RenderModel(lights: [], ambient: 1, background: Color(red: 0.5, green: 0.5, blue: 0.5))
    try model.add(
      Drawable(
        name: "cube", geometry: .box(size: Vector3(0.06, 0.06, 0.06)), faceColors: Self.colors,
        faceLabels: ["L", "L", "L", "L", "L", "L"], labelColor: Color(red: 0, green: 0, blue: 0)))
    let normals = [Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 1, 0), Vector3(0, -1, 0), Vector3(0, 0, 1), Vector3(0, 0, -1)]
    let up = face < 4 ? Vector3(0, 0, 1) : Vector3(0, 1, 0)
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 30, width: 96, height: 96), near: 0.01, far: 2,
      mount: .world(Camera.lookAt(eye: normals[face] * 0.25, target: .zero, up: up)))
    let rgb = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).rgb)
    let c = Self.colors[face]
    let faceColor = [c.red, c.green, c.blue].map { UInt8($0 * 255) }
    var facePixels = 0
    var ink: [(Double, Double)] = []
    var box = (minX: 96, maxX: 0, minY: 96, maxY: 0)
    for y in 0..<96 {
      for x in 0..<96 {
        let p = [rgb[x, y, 0], rgb[x, y, 1], rgb[x, y, 2]]
        if p == faceColor { facePixels += 1 }
        if p == [0, 0, 0] { ink.append((Double(x), Double(y))) }
        if p != [128, 128, 128] {
          box = (min(box.minX, x), max(box.maxX, x), min(box.minY, y), max(box.maxY, y))
        }
      }
    }
    // The face spans 0.06 m at 0.22 m with f = 48 / tan 15° ≈ 179 px: about 49 pixels across.
    #expect(abs(box.maxX - box.minX - 48) <= 2 && abs(box.maxY - box.minY - 48) <= 2)
    #expect(facePixels > 1200, "face \(face) shows its color on \(facePixels) pixels")
    #expect(ink.count > 100)
    let cx = Double(box.minX + box.maxX) / 2
    let cy = Double(box.minY + box.maxY) / 2
    let meanX = ink.map(\.0).reduce(0, +) / Double(ink.count)
    let meanY = ink.map(\.1).reduce(0, +) / Double(ink.count)
    #expect(meanX < cx - 2, "face \(face): the L's ink should lean left")
    #expect(meanY > cy + 2, "face \(face): the L's ink should lean down")
  }

  @Test func theDactylSceneDeclaresSixColorsAndLetters() throws {
    let scene = try Scene.load(file: Repository.path("Scenes/dactyl-cube.yaml"))
    let appearance = scene.objects[0].parts[0].appearance
    #expect(appearance.faceLabels == ["O", "P", "E", "N", "A", "I"])
    #expect(appearance.faceColors?.count == 6)
    let model = try RenderModel(scene: scene)
    #expect(model.drawables[1].faceLabels == ["O", "P", "E", "N", "A", "I"])
  }
}

@Suite struct SceneAppearanceTests {
  func problems(_ yaml: String) -> [String] {
    do {
      _ = try ConfigLoader.decode(Scene.self, yaml: yaml, file: "test.yaml")
      return []
    } catch let e as LocatedErrors {
      return e.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  @Test func appearanceKeysDecodeAndRoundTrip() throws {
    let yaml = """
      version: 1
      static:
        - {name: floor, shape: plane, texture: wood.png, textureScale: 0.5}
      objects:
        - name: cube
          shape: box
          size: [0.05, 0.05, 0.05]
          faceColors: [red, green, blue, yellow, orange, purple]
          faceLabels: [A, B, C, D, E, ""]
          labelColor: white
        - name: pair
          parts:
            - {shape: box, size: [0.1, 0.1, 0.1], faceColors: [red, red, red, red, red, blue]}
            - {shape: sphere, radius: 0.05, position: [0.2, 0, 0], texture: ball.png}
      """
    let scene = try ConfigLoader.decode(Scene.self, yaml: yaml, file: "test.yaml")
    #expect(scene.staticGeometry[0].appearance.texture == "wood.png")
    #expect(scene.staticGeometry[0].appearance.textureScale == 0.5)
    let cube = scene.objects[0].parts[0].appearance
    #expect(cube.faceLabels == ["A", "B", "C", "D", "E", ""])
    #expect(cube.labelColor == Color.named["white"])
    #expect(scene.objects[1].parts[0].appearance.faceColors?.last == Color.named["blue"])
    #expect(scene.objects[1].parts[1].appearance.texture == "ball.png")
    let encoded = try YAMLRoundTrip.reencode(scene)
    #expect(encoded.staticGeometry == scene.staticGeometry && encoded.objects == scene.objects)
  }

  @Test func badAppearanceKeysNameTheirKeys() {
    let found = problems(
      """
      version: 1
      objects:
        - {name: a, shape: sphere, radius: 0.1, faceColors: [red, red, red, red, red, red]}
        - {name: b, shape: box, size: [1, 1, 1], faceColors: [red, green]}
        - {name: c, shape: box, size: [1, 1, 1], faceLabels: [ABCD, B, C, D, E, F]}
        - {name: d, shape: box, size: [1, 1, 1], texture: t.png, faceLabels: [A, B, C, D, E, F]}
        - {name: e, shape: box, size: [1, 1, 1], labelColor: red}
        - name: f
          faceColors: [red, red, red, red, red, red]
          parts: [{shape: box, size: [1, 1, 1]}]
      """)
    let expected = [
      "test.yaml:3: objects[0].faceColors: per-face colors and labels need a box, not a sphere",
      "test.yaml:4: objects[1].faceColors: expected 6 colors (+x, -x, +y, -y, +z, -z), got 2",
      "test.yaml:5: objects[2].faceLabels: label 0 'ABCD': expected up to 3 printable ASCII characters",
      "test.yaml:6: objects[3].texture: give either 'texture' or per-face colors and labels, not both",
      "test.yaml:7: objects[4].labelColor: 'labelColor' needs 'faceLabels'",
      "test.yaml:9: objects[5].faceColors: with 'parts', give 'faceColors' on the parts",
    ]
    for e in expected { #expect(found.contains(e), "missing: \(e)\nfound: \(found)") }
  }

  @Test func aMissingTextureFileIsReportedWithItsPath() throws {
    let folder = Repository.path("Scenes")
    let yaml = "version: 1\nstatic:\n  - {name: floor, shape: plane, texture: no-such-texture.png}\n"
    do {
      _ = try ConfigLoader.decode(Scene.self, yaml: yaml, file: "x.yaml", userInfo: [.sceneBaseDirectory: folder])
      Issue.record("a missing texture was accepted")
    } catch let e as LocatedErrors {
      #expect(e.errors.map(\.message) == ["texture file 'no-such-texture.png' not found (looked at \(folder)/no-such-texture.png)"])
    }
  }
}

import Yams

/// Encodes a scene to YAML and decodes it again.
enum YAMLRoundTrip {
  static func reencode(_ scene: Scene) throws -> Scene {
    try ConfigLoader.decode(Scene.self, yaml: try YAMLEncoder().encode(scene), file: "reencoded.yaml")
  }
}
