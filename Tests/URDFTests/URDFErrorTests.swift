import ArmatureCore
import Foundation
import SceneDescription
import Testing
import _TestSupport

/// Loads URDF text from a temporary file and returns the error messages it gives.
func urdfErrors(_ text: String) throws -> (file: String, messages: [String]) {
  let folder = try temporaryDirectory("urdf-errors")
  let file = folder + "/bad.urdf"
  try text.write(toFile: file, atomically: true, encoding: .utf8)
  do {
    _ = try URDFLoader.load(file: file, packagePath: PackageSearchPath())
    return (file, [])
  } catch let e as LocatedErrors {
    return (file, e.errors.map(\.description))
  }
}

@Suite struct URDFErrorTests {
  @Test func jointWithUnknownParentLink() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base"/>
        <link name="arm"/>
        <joint name="elbow" type="revolute">
          <parent link="upper_arm"/>
          <child link="arm"/>
          <limit lower="-1" upper="1" effort="10" velocity="1"/>
        </joint>
      </robot>
      """)
    #expect(messages == ["\(file):4: joint 'elbow': parent link 'upper_arm' does not exist"])
  }

  @Test func cycle() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="a"/>
        <link name="b"/>
        <link name="c"/>
        <joint name="ab" type="fixed"><parent link="a"/><child link="b"/></joint>
        <joint name="bc" type="fixed"><parent link="b"/><child link="c"/></joint>
        <joint name="ca" type="fixed"><parent link="c"/><child link="a"/></joint>
      </robot>
      """)
    #expect(messages == ["\(file):7: joint 'ca': the joints form a cycle: a → b → c → a"])
  }

  @Test func twoRoots() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base"/>
        <link name="arm"/>
        <link name="lost"/>
        <joint name="j" type="continuous"><parent link="base"/><child link="arm"/></joint>
      </robot>
      """)
    #expect(
      messages == [
        "\(file):4: link 'lost': a second root link: no joint has it as child, like the root 'base' (line 2); connect it with a joint"
      ])
  }

  @Test func missingMesh() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base">
          <collision>
            <geometry>
              <mesh filename="meshes/none.stl"/>
            </geometry>
          </collision>
        </link>
      </robot>
      """)
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
    #expect(
      messages == [
        "\(file):5: link 'base' <collision> <mesh>: mesh file 'meshes/none.stl' not found (looked at \(folder)/meshes/none.stl)"
      ])
  }

  @Test func missingPackageMeshSaysHowToFixIt() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base">
          <visual><geometry><mesh filename="package://nowhere/m.stl"/></geometry></visual>
        </link>
      </robot>
      """)
    #expect(
      messages == [
        "\(file):3: link 'base' <visual> <mesh>: mesh file 'package://nowhere/m.stl' not found; add the folder that holds the package with --package-path or ARMATURE_PACKAGE_PATH"
      ])
  }

  @Test func malformedNumber() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base"/>
        <link name="arm">
          <inertial>
            <mass value="1.2.3"/>
            <inertia ixx="1" iyy="1" izz="1"/>
          </inertial>
        </link>
        <joint name="j" type="revolute">
          <parent link="base"/><child link="arm"/>
          <origin xyz="0 0 0.1" rpy="0 0 zero"/>
          <limit lower="-1" upper="1" effort="10" velocity="1"/>
        </joint>
      </robot>
      """)
    #expect(
      messages == [
        "\(file):5: link 'arm' <inertial> <mass>: attribute 'value': malformed number '1.2.3'",
        "\(file):11: joint 'j' <origin>: attribute 'rpy': malformed number 'zero'",
      ])
  }

  @Test func otherMistakesAreNamedToo() throws {
    let (file, messages) = try urdfErrors(
      """
      <robot name="r">
        <link name="base"/>
        <link name="a"/>
        <link name="b"/>
        <joint name="ja" type="revolute"><parent link="base"/><child link="a"/></joint>
        <joint name="jb" type="prismatic">
          <parent link="base"/><child link="b"/>
          <limit lower="0.5" upper="0.1" effort="1" velocity="1"/>
          <mimic joint="nope"/>
        </joint>
        <joint name="jc" type="floating"><parent link="a"/><child link="b"/></joint>
      </robot>
      """)
    #expect(
      messages == [
        "\(file):5: joint 'ja': a revolute joint needs <limit lower=... upper=... effort=... velocity=...>",
        "\(file):6: joint 'jb' <mimic>: joint 'nope' does not exist",
        "\(file):8: joint 'jb' <limit>: lower limit 0.5 is above upper limit 0.1",
        "\(file):11: joint 'jc': joint type 'floating' is not supported (supported: revolute, continuous, prismatic, fixed)",
      ])
  }

  @Test func malformedXMLGivesTheLine() throws {
    let (file, messages) = try urdfErrors("<robot name=\"r\">\n  <link name=\"a\">\n</robot>\n")
    #expect(messages.count == 1)
    #expect(messages.first?.hasPrefix("\(file):3: XML syntax error: ") == true)
  }

  @Test func missingFileIsNamed() throws {
    do {
      _ = try URDFLoader.load(file: "/nonexistent/robot.urdf", packagePath: PackageSearchPath())
      Issue.record("loading a missing file must fail")
    } catch let e as LocatedErrors {
      #expect(e.description == "/nonexistent/robot.urdf: no such file")
    }
  }
}
