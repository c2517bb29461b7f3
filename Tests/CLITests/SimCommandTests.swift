import Foundation
import Testing
import _TestSupport

@Suite struct SimCommandTests {
  @Test func simJSONHasExactlyTheDocumentedShape() throws {
    let result = try runArmature(["sim", "Scenes/cube-drop.yaml", "--steps", "1000", "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(Set(json.keys) == ["steps", "time", "bodies"])
    #expect(json["steps"] as? Int == 1000)
    #expect(abs((json["time"] as? Double ?? 0) - 2.0) < 1e-9)
    let bodies = try #require(json["bodies"] as? [String: [String: [Double]]])
    #expect(Set(bodies.keys) == ["cube"])
    let cube = try #require(bodies["cube"])
    #expect(Set(cube.keys) == ["position", "quaternion", "linearVelocity", "angularVelocity"])
    #expect(cube["position"]?.count == 3 && cube["quaternion"]?.count == 4)
    // The cube fell from 0.5 m and rests on the ground at half its 5 cm edge.
    #expect(abs((cube["position"]?[2] ?? 0) - 0.025) < 0.001)
    // Key order as documented: steps, time, bodies.
    #expect(result.stdout.hasPrefix("{\"steps\":1000,\"time\":"))
  }

  @Test func sameSeedSameBits() throws {
    let a = try runArmature(["sim", "Scenes/conveyor.yaml", "--steps", "600", "--seed", "5", "--json"])
    let b = try runArmature(["sim", "Scenes/conveyor.yaml", "--steps", "600", "--seed", "5", "--json"])
    #expect(a.status == 0 && a.stdout == b.stdout)
  }

  @Test func shippedScenesBehaveAsDescribed() throws {
    // cube-slide: μ = 0.4, v0 = 1.5 m/s → stops after 1.5² / (2 · 0.4 · 9.81) = 0.2867 m.
    let slide = try runArmature(["sim", "Scenes/cube-slide.yaml", "--steps", "1500", "--json"])
    let slideJSON = try #require(try JSONSerialization.jsonObject(with: Data(slide.stdout.utf8)) as? [String: Any])
    let cube = try #require((slideJSON["bodies"] as? [String: [String: [Double]]])?["cube"])
    #expect(abs(cube["position"]![0] - (-0.2) - 0.2867) < 0.05 * 0.2867)
    // conveyor: the box rides the belt at 0.3 m/s.
    let belt = try runArmature(["sim", "Scenes/conveyor.yaml", "--steps", "1500", "--json"])
    let beltJSON = try #require(try JSONSerialization.jsonObject(with: Data(belt.stdout.utf8)) as? [String: Any])
    let box = try #require((beltJSON["bodies"] as? [String: [String: [Double]]])?["box"])
    #expect(abs(box["linearVelocity"]![0] - 0.3) < 0.015)
  }

  @Test func validateListsEveryProblemAndExitsOne() throws {
    let folder = URL(fileURLWithPath: try temporaryDirectory("cli"))
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("bad.yaml").path
    try """
    objects:
      - name: cube
        shape: box
        size: [0.05, -1, 0.05]
        mass: -1
        material: unobtainium
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runArmature(["validate", path])
    #expect(result.status == 1)
    #expect(
      result.stderr.split(separator: "\n").map(String.init) == [
        "\(path):4: objects[0].size: expected 3 positive numbers, got [0.05, -1, 0.05]",
        "\(path):5: objects[0].mass: expected a mass > 0 kg, got -1",
        "\(path):6: objects[0].material: unknown material 'unobtainium' (known: default)",
      ])
    let good = try runArmature(["validate", "Scenes/cube-drop.yaml"])
    #expect(good.status == 0)
  }

  @Test func dumpConfigSceneIsAValidScene() throws {
    let result = try runArmature(["dump-config", "scene"])
    #expect(result.status == 0)
    let folder = URL(fileURLWithPath: try temporaryDirectory("dump"))
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("dumped.yaml").path
    try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
    // What dump-config prints reads back and runs.
    let sim = try runArmature(["sim", path, "--steps", "10", "--json"])
    #expect(sim.status == 0, "\(sim.stderr)")
    #expect(result.stdout.contains("timestep: 0.002"))
    #expect(result.stdout.contains("iterations: 20"))
  }

  @Test func missingSceneIsAClearError() throws {
    let result = try runArmature(["sim", "Scenes/no-such-scene.yaml"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("Scenes/no-such-scene.yaml: no such file"))
  }
}
