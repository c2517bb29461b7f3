import ArmatureCore
import Foundation
import SceneDescription
import Testing
import _TestSupport

/// Binary STL of the given triangles.
func binarySTL(_ triangles: [[Vector3]]) -> Data {
  var data = Data(count: 80)
  var count = UInt32(triangles.count).littleEndian
  data.append(Data(bytes: &count, count: 4))
  for t in triangles {
    var floats: [Float] = [0, 0, 0]
    for v in t { floats += [Float(v.x), Float(v.y), Float(v.z)] }
    floats.withUnsafeBytes { data.append(contentsOf: $0) }
    data.append(contentsOf: [0, 0])
  }
  return data
}

/// A closed tetrahedron with millimetre coordinates up to 100.
let tetrahedron: [[Vector3]] = {
  let a = Vector3(0, 0, 0), b = Vector3(100, 0, 0), c = Vector3(0, 100, 0), d = Vector3(0, 0, 100)
  return [[a, c, b], [a, b, d], [a, d, c], [b, c, d]]
}()

@Suite struct URDFMeshTests {
  @Test func stlAndObjMeshesAreScaledAsTheURDFSays() throws {
    let folder = try temporaryDirectory("urdf-meshes")
    try FileManager.default.createDirectory(atPath: folder + "/meshes", withIntermediateDirectories: true)
    try binarySTL(tetrahedron).write(to: URL(fileURLWithPath: folder + "/meshes/part.stl"))
    try "v 0 0 0\nv 2 0 0\nv 0 3 0\nv 0 0 4\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n".write(
      toFile: folder + "/meshes/part.obj", atomically: true, encoding: .utf8)
    let urdf = """
      <robot name="meshy">
        <link name="a">
          <collision><geometry><mesh filename="meshes/part.stl" scale="0.001 0.001 0.002"/></geometry></collision>
          <visual><geometry><mesh filename="meshes/part.obj" scale="0.5 0.5 0.5"/></geometry></visual>
        </link>
      </robot>
      """
    try urdf.write(toFile: folder + "/meshy.urdf", atomically: true, encoding: .utf8)
    let robot = try URDFLoader.load(file: folder + "/meshy.urdf", packagePath: PackageSearchPath())
    let link = try #require(robot.link(named: "a"))
    let stl = try #require(robot.mesh(for: link.collisions[0].shape))
    #expect(stl.bounds?.max == Vector3(0.1, 0.1, 0.2))
    let obj = try #require(robot.mesh(for: link.visuals[0].shape))
    #expect(obj.bounds?.max == Vector3(1, 1.5, 2))
    #expect(robot.warnings.isEmpty)
  }

  @Test func colladaVisualIsReplacedByTheCollisionShapesWithOneWarning() throws {
    let folder = try temporaryDirectory("urdf-dae")
    try "<COLLADA/>".write(toFile: folder + "/a.dae", atomically: true, encoding: .utf8)
    let urdf = """
      <robot name="r">
        <material name="blue"><color rgba="0 0 1 1"/></material>
        <link name="a">
          <visual><geometry><mesh filename="a.dae"/></geometry><material name="blue"/></visual>
          <collision><origin xyz="0 0 0.1"/><geometry><box size="0.1 0.2 0.3"/></geometry></collision>
        </link>
        <link name="b">
          <visual><geometry><mesh filename="a.dae"/></geometry></visual>
        </link>
        <joint name="j" type="fixed"><parent link="a"/><child link="b"/></joint>
      </robot>
      """
    try urdf.write(toFile: folder + "/r.urdf", atomically: true, encoding: .utf8)
    let robot = try URDFLoader.load(file: folder + "/r.urdf", packagePath: PackageSearchPath())
    #expect(robot.warnings.count == 1)
    #expect(
      robot.warnings.first?.description
        == "\(folder)/r.urdf:4: robot 'r': 2 Collada (.dae) visual meshes are not read; drawn with the link's collision shapes instead (a); not drawn, having no collision shapes (b)"
    )
    let a = try #require(robot.link(named: "a"))
    #expect(a.visuals.count == 1)
    #expect(a.visuals[0].shape == .box(size: Vector3(0.1, 0.2, 0.3)))
    #expect(a.visuals[0].origin.position == Vector3(0, 0, 0.1))
    #expect(a.visuals[0].color == Color(red: 0, green: 0, blue: 1))
    #expect(robot.link(named: "b")?.visuals.isEmpty == true)
  }
}
