import ArmatureCore
import Foundation
import SceneDescription
import Testing
import _TestSupport

/// The real robot descriptions in `../shared/robots` (example-robot-data).
struct SharedRobot {
  let file: String
  let links: Int
  let joints: Int
  let movable: Int
  let independent: Int
  let colladaVisuals: Bool

  static let all: [SharedRobot] = [
    SharedRobot(file: "ur_description/urdf/ur5_robot.urdf", links: 11, joints: 10, movable: 6, independent: 6, colladaVisuals: true),
    SharedRobot(file: "ur_description/urdf/ur5_joint_limited_robot.urdf", links: 11, joints: 10, movable: 6, independent: 6, colladaVisuals: true),
    SharedRobot(file: "ur_description/urdf/ur5_gripper.urdf", links: 11, joints: 10, movable: 6, independent: 6, colladaVisuals: true),
    SharedRobot(file: "panda_description/urdf/panda.urdf", links: 13, joints: 12, movable: 9, independent: 8, colladaVisuals: true),
    SharedRobot(file: "panda_description/urdf/panda_collision.urdf", links: 13, joints: 12, movable: 9, independent: 8, colladaVisuals: true),
    SharedRobot(file: "so_arm_description/urdf/so100.urdf", links: 7, joints: 6, movable: 6, independent: 6, colladaVisuals: false),
  ]
}

func robotsFolder() throws -> String { try sharedDirectory() + "/robots/example-robot-data/robots" }

@Suite struct URDFLoadingTests {
  @Test(arguments: SharedRobot.all.map(\.file))
  func sharedRobotLoadsWithItsMeshes(_ file: String) throws {
    let expected = SharedRobot.all.first { $0.file == file }!
    let shared = try sharedDirectory()
    let robot = try URDFLoader.load(file: try robotsFolder() + "/" + file, packagePath: PackageSearchPath([shared + "/robots"]))
    #expect(robot.links.count == expected.links)
    #expect(robot.joints.count == expected.joints)
    #expect(robot.movableJoints.count == expected.movable)
    #expect(robot.independentJoints.count == expected.independent)
    // Every mesh a link uses was found and read.
    for link in robot.links {
      for shape in link.visuals + link.collisions {
        if case .mesh(let path, _) = shape.shape {
          #expect(FileManager.default.fileExists(atPath: path))
          let mesh = try #require(robot.mesh(for: shape.shape), "mesh \(path) was not loaded")
          #expect(mesh.triangleCount > 10)
        }
      }
    }
    // Collada visuals give exactly one warning for the file, naming it.
    let collada = robot.warnings.filter { $0.message.contains("Collada") }
    #expect(collada.count == (expected.colladaVisuals ? 1 : 0))
    if expected.colladaVisuals {
      #expect(collada.first?.file == robot.file)
      // Each link drawn from Collada is drawn with its collision shapes instead.
      let first = try #require(robot.links.first { !$0.collisions.isEmpty && !$0.visuals.isEmpty })
      #expect(first.visuals.map(\.shape) == first.collisions.map(\.shape))
    }
  }

  @Test func ur5ValuesAreReadAsWritten() throws {
    let robot = try URDFLoader.load(file: try robotsFolder() + "/ur_description/urdf/ur5_robot.urdf", packagePath: PackageSearchPath())
    let lift = try #require(robot.joint(named: "shoulder_lift_joint"))
    #expect(lift.kind == .revolute)
    #expect(lift.parent == "shoulder_link" && lift.child == "upper_arm_link")
    #expect(lift.origin.position == Vector3(0, 0.13585, 0))
    // rpy="0.0 1.57079632679 0.0": a quarter turn about y.
    #expect(abs(lift.origin.orientation.angle(to: Quaternion(axis: Vector3(0, 1, 0), angle: 1.57079632679))) < 1e-12)
    #expect(lift.axis == Vector3(0, 1, 0))
    #expect(lift.limits == JointLimits(lower: -6.28318530718, upper: 6.28318530718, velocity: 3.15, effort: 150))
    let upper = try #require(robot.link(named: "upper_arm_link"))
    #expect(upper.mass == 8.393)
    #expect(upper.inertial?.origin.position == Vector3(0, 0, 0.28))
    #expect(upper.inertial?.inertia[0, 0] == 0.22689067591)
    #expect(robot.rootLink == "world")
    #expect(abs(robot.totalMass - 20.9939) < 1e-9)
  }

  @Test func pandaMimicDynamicsAndPrimitiveCollisions() throws {
    let robot = try URDFLoader.load(file: try robotsFolder() + "/panda_description/urdf/panda.urdf", packagePath: PackageSearchPath())
    let finger2 = try #require(robot.joint(named: "panda_finger_joint2"))
    #expect(finger2.kind == .prismatic)
    #expect(finger2.axis == Vector3(0, -1, 0))
    #expect(finger2.mimic == JointMimic(joint: "panda_finger_joint1", multiplier: 1, offset: 0))
    #expect(finger2.dynamics == JointDynamics(damping: 0.3, friction: 0))
    #expect(robot.joint(named: "panda_joint1")?.dynamics.damping == 0.003)
    let left = try #require(robot.link(named: "panda_leftfinger"))
    #expect(left.collisions.count == 4)
    #expect(left.collisions[3].shape == .box(size: Vector3(17.5e-3, 15.2e-3, 18.5e-3)))
    #expect(left.collisions[2].origin.position == Vector3(0, 15.9e-3, 28.35e-3))
  }

  @Test func so100MaterialsGiveColors() throws {
    let robot = try URDFLoader.load(file: try robotsFolder() + "/so_arm_description/urdf/so100.urdf", packagePath: PackageSearchPath())
    #expect(robot.materials["3d_printed"] == Color(red: 1.0, green: 0.82, blue: 0.12, alpha: 1))
    let base = try #require(robot.link(named: "base"))
    #expect(base.visuals.map(\.materialName) == ["3d_printed", "sts3215"])
    #expect(base.visuals[1].color == Color(red: 0.1, green: 0.1, blue: 0.1, alpha: 1))
  }

  @Test func packageURIsResolveThroughEverySearchRoute() throws {
    let shared = try sharedDirectory()
    let urdf = try robotsFolder() + "/ur_description/urdf/ur5_robot.urdf"
    let uri = "package://example-robot-data/robots/ur_description/meshes/ur5/collision/base.stl"
    let expected = URL(fileURLWithPath: try robotsFolder() + "/ur_description/meshes/ur5/collision/base.stl").standardizedFileURL.path
    // A --package-path folder.
    let elsewhere = try temporaryDirectory("urdf-copy") + "/robot.urdf"
    try FileManager.default.copyItem(atPath: urdf, toPath: elsewhere)
    #expect(PackageSearchPath([shared + "/robots"]).resolve(uri, urdfFile: elsewhere) == .found(expected))
    // ARMATURE_PACKAGE_PATH, colon-separated, after the given folders.
    let fromEnvironment = PackageSearchPath.withEnvironment(
      ["/nonexistent"], environment: [PackageSearchPath.environmentVariable: "/also/nothing:" + shared + "/robots"])
    #expect(fromEnvironment.directories == ["/nonexistent", "/also/nothing", shared + "/robots"])
    #expect(fromEnvironment.resolve(uri, urdfFile: elsewhere) == .found(expected))
    // The URDF's own folder: the package is an ancestor of the file.
    #expect(PackageSearchPath().resolve(uri, urdfFile: urdf) == .found(expected))
    // Nowhere: every place tried is reported.
    guard case .notFound(let tried) = PackageSearchPath(["/nonexistent"]).resolve(uri, urdfFile: elsewhere) else {
      Issue.record("a package that is nowhere must not resolve")
      return
    }
    #expect(tried.first == "/nonexistent/example-robot-data/robots/ur_description/meshes/ur5/collision/base.stl")
  }
}
