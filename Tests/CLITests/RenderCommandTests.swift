import Foundation
import Testing
import _TestSupport

/// `armature render` and `armature bench render` end to end, on the built binary.
@Suite struct RenderCommandTests {
  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let result = try runArmature(arguments)
    return (result.status, result.stdout + result.stderr)
  }

  @Test func rendersRGBDepthAndSegmentationWithAnIdTable() throws {
    let folder = try temporaryDirectory("render-cli")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run([
      "render", "Scenes/cube-drop.yaml", "--camera", "front", "--width", "64", "--height", "48", "--steps", "100",
      "--out", folder + "/rgb.png", "--depth", folder + "/depth.png", "--segmentation", folder + "/seg.png", "--seed", "3",
    ])
    #expect(result.status == 0, "\(result.output)")
    for name in ["rgb.png", "depth.png", "seg.png"] {
      let data = try #require(FileManager.default.contents(atPath: folder + "/" + name))
      // PNG signature, then IHDR: width 64, height 48; depth is 16-bit gray (bit depth 16, color type 0).
      #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
      #expect(Array(data[16..<24]) == [0, 0, 0, 64, 0, 0, 0, 48])
      if name == "depth.png" { #expect(data[24] == 16 && data[25] == 0) }
    }
    let table = try String(contentsOfFile: folder + "/seg.json", encoding: .utf8)
    #expect(table == #"{"0":"background","1":"ground","2":"cube"}"# + "\n")
  }

  @Test func robotScenesDrawEveryLinkAndTheWristCameraRidesOnTheArm() throws {
    let folder = try temporaryDirectory("robot-render")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run([
      "render", "Scenes/ur5e-gripper-cube.yaml", "--camera", "wrist", "--width", "32", "--height", "32",
      "--out", folder + "/wrist.png", "--segmentation", folder + "/seg.png",
    ])
    #expect(result.status == 0, "\(result.output)")
    let table = try String(contentsOfFile: folder + "/seg.json", encoding: .utf8)
    for link in ["base_link", "shoulder_link", "wrist_3_link", "gripper_base", "left_finger", "right_finger"] {
      #expect(table.contains("\"ur5e/\(link)\""))
    }
  }

  @Test func contactSheetsAndNumberedFrames() throws {
    let folder = try temporaryDirectory("sheet-cli")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try run([
      "render", "Scenes/cube-drop.yaml", "--width", "32", "--height", "32", "--frames", "4", "--every", "25",
      "--out", folder + "/sheet.png", "--frames-dir", folder + "/frames",
    ])
    #expect(result.status == 0, "\(result.output)")
    let frames = try FileManager.default.contentsOfDirectory(atPath: folder + "/frames").sorted()
    #expect(frames == ["frame_00000.png", "frame_00001.png", "frame_00002.png", "frame_00003.png"])
    #expect(FileManager.default.fileExists(atPath: folder + "/sheet.png"))
  }

  @Test func badInputGivesAClearErrorAndStatusOne() throws {
    let missingCamera = try run(["render", "Scenes/cube-drop.yaml", "--camera", "nope", "--out", "/tmp/x.png"])
    #expect(missingCamera.status == 1)
    #expect(missingCamera.output.contains("Scenes/cube-drop.yaml: cameras: no camera 'nope' (known: front)"))
    let folder = try temporaryDirectory("nocam")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "version: 1\nstatic:\n  - {name: floor, shape: plane}\n".write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
    let noCameras = try run(["render", folder + "/s.yaml", "--out", folder + "/x.png"])
    #expect(noCameras.status == 1)
    #expect(noCameras.output.contains(folder + "/s.yaml: cameras: the scene has no cameras; add one under 'cameras'"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/x.png"))
  }

  @Test func benchRenderPrintsJSON() throws {
    let result = try run(["bench", "render", "--scene", "Scenes/cube-drop.yaml", "--frames", "20", "--repeats", "1", "--json"])
    #expect(result.status == 0, "\(result.output)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    #expect((json["framesPerSecond"] as? Double ?? 0) > 0)
    #expect(json["width"] as? Int == 128 && json["height"] as? Int == 128)
  }
}
