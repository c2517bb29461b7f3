import ArmatureCore
import Foundation
import SceneDescription
import Testing
import _TestSupport

/// Decodes scene text and returns every error line, or an empty list if it is valid.
func sceneErrors(_ yaml: String, file: String = "Scenes/x.yaml") -> [String] {
  do {
    _ = try ConfigLoader.decode(Scene.self, yaml: yaml, file: file)
    return []
  } catch let e as LocatedErrors {
    return e.errors.map(\.description)
  } catch {
    return ["unexpected error type: \(error)"]
  }
}

@Suite struct SceneErrorTests {
  let header = """
    version: 1
    name: test
    materials:
      - name: wood
        friction: 0.4
    objects:
      - name: a
        shape: sphere
        radius: 0.02

    """

  @Test func aValidSceneHasNoErrors() {
    #expect(sceneErrors(header) == [])
  }

  @Test func negativeSizeNamesFileLineKeyAndValue() {
    let yaml = header + """
        - name: b
          shape: box
          size: [0.05, 0.05]
        - name: c
          shape: box
          size: [0.05, -1, 0.05]
      """
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:12: objects[1].size: expected 3 positive numbers, got [0.05, 0.05]",
        "Scenes/x.yaml:15: objects[2].size: expected 3 positive numbers, got [0.05, -1, 0.05]",
      ])
  }

  @Test func zeroSizeAndRadius() {
    let yaml = header + """
        - name: b
          shape: box
          size: [0, 0.05, 0.05]
        - name: c
          shape: capsule
          radius: 0
          length: 0.1
      """
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:12: objects[1].size: expected 3 positive numbers, got [0, 0.05, 0.05]",
        "Scenes/x.yaml:15: objects[2].radius: expected a positive radius, got 0",
      ])
  }

  @Test func negativeMassAndDensity() {
    let yaml = header + """
        - name: b
          shape: sphere
          radius: 0.1
          mass: -2
        - name: c
          shape: sphere
          radius: 0.1
          density: 0
      """
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:13: objects[1].mass: expected a mass > 0 kg, got -2",
        "Scenes/x.yaml:17: objects[2].density: expected a density > 0 kg/m³, got 0",
      ])
  }

  @Test func unknownMaterialListsTheKnownOnes() {
    let yaml = header + """
        - name: b
          shape: sphere
          radius: 0.1
          material: steel
      """
    #expect(sceneErrors(yaml) == ["Scenes/x.yaml:13: objects[1].material: unknown material 'steel' (known: default, wood)"])
  }

  @Test func duplicateNames() {
    let yaml = header + """
        - name: a
          shape: sphere
          radius: 0.1
      """
    #expect(sceneErrors(yaml) == ["Scenes/x.yaml:10: objects[1].name: duplicate name 'a' (first used at objects[0])"])
  }

  @Test func wrongTypes() {
    let yaml = header + """
        - name: b
          shape: sphere
          radius: big
        - name: c
          shape: sphere
          radius: 0.1
          position: 3
      """
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:12: objects[1].radius: expected a number, got 'big'",
        "Scenes/x.yaml:16: objects[2].position: expected a list of numbers, got '3'",
      ])
  }

  @Test func unknownKeysAndShapes() {
    let yaml = header + """
        - name: b
          shape: cone
          radius: 0.1
        - name: c
          shape: sphere
          radius: 0.1
          colour: red
      """
    let errors = sceneErrors(yaml)
    #expect(errors.count == 2, "\(errors)")
    #expect(
      errors.first == "Scenes/x.yaml:11: objects[1].shape: expected one of box, sphere, capsule, cylinder, plane, mesh, got 'cone'")
    #expect(errors.last?.hasPrefix("Scenes/x.yaml:16: objects[2].colour: unknown key 'colour'; expected one of:") == true)
  }

  @Test func worldSettingsAreChecked() {
    let yaml = """
      world:
        timestep: -0.01
        solver: magic
      """
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:2: world.timestep: expected a time step in (0, 0.1] seconds, got -0.01",
        "Scenes/x.yaml:3: world.solver: expected one of quickstep, exact, got 'magic'",
      ])
  }

  @Test func yamlSyntaxErrorsHaveALine() {
    let errors = sceneErrors("objects:\n  - name: a\n    shape: [box\n")
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("Scenes/x.yaml:") == true)
    #expect(errors.first?.contains("YAML syntax error") == true, "\(errors)")
  }

  @Test func newerVersionsAreRefused() {
    #expect(
      sceneErrors("version: 7\n")
        == ["Scenes/x.yaml:1: version: scene format version 7 is not supported (this Armature reads 1...1)"])
  }

  @Test func jointsMustNameExistingObjects() {
    let yaml = header + """
      joints:
        - name: j
          type: hinge
          parent: ghost
          child: a
          limits: [1, -1]
      """
    // Errors come sorted by line.
    #expect(
      sceneErrors(yaml) == [
        "Scenes/x.yaml:13: joints[0].parent: unknown object 'ghost' (an object name or 'world')",
        "Scenes/x.yaml:15: joints[0].limits: expected [lower, upper] with lower ≤ upper, got [1, -1]",
      ])
  }

  @Test func missingFilesAreReported() throws {
    let folder = URL(fileURLWithPath: try temporaryDirectory("scene"))
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("s.yaml").path
    try """
    objects:
      - name: thing
        shape: mesh
        file: meshes/thing.stl
    """.write(toFile: path, atomically: true, encoding: .utf8)
    #expect {
      _ = try Scene.load(file: path)
    } throws: { error in
      "\(error)" == "\(path):4: objects[0].file: mesh file 'meshes/thing.stl' not found (looked at \(folder.path)/meshes/thing.stl)"
    }
    #expect {
      _ = try Scene.load(file: folder.path + "/nothing.yaml")
    } throws: { error in
      "\(error)" == "\(folder.path)/nothing.yaml: no such file"
    }
  }
}
