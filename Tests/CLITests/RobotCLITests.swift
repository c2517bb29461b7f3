import ArmatureCore
import Foundation
import Testing
import _TestSupport

/// Runs the built `armature`; returns the exit status, standard output and standard error.
private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
  let result = try runArmature(arguments)
  return (result.status, result.stdout, result.stderr)
}

private func json(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite struct RobotCLITests {
  /// `robot fk --json` is exactly {"links":{NAME:{"position":[x,y,z],"quaternion":[x,y,z,w]}}},
  /// links in URDF order, and the flange pose is Universal Robots' DH product.
  @Test func forwardKinematicsJSON() throws {
    let q = [0.3, -1.2, 1.5, -0.8, 1.1, 0.4]
    let result = try run(["robot", "fk", packagePath("Scenes/robots/ur5e.urdf"), "--q", q.map { "\($0)" }.joined(separator: ","), "--json"])
    #expect(result.status == 0, "\(result.err)")
    let root = try json(result.out)
    #expect(Array(root.keys) == ["links"])
    let links = try #require(root["links"] as? [String: Any])
    #expect(Set(links.keys) == ["base_link", "shoulder_link", "upper_arm_link", "forearm_link", "wrist_1_link", "wrist_2_link", "wrist_3_link", "tool0"])
    // URDF order in the text itself.
    let order = ["base_link", "shoulder_link", "upper_arm_link", "forearm_link", "wrist_1_link", "wrist_2_link", "wrist_3_link", "tool0"]
    let positions = order.map { result.out.range(of: "\"\($0)\":")!.lowerBound }
    #expect(positions == positions.sorted())
    for (_, value) in links {
      let link = try #require(value as? [String: [Double]])
      #expect(Set(link.keys) == ["position", "quaternion"])
      #expect(link["position"]?.count == 3 && link["quaternion"]?.count == 4)
    }
    let tool = try #require(links["tool0"] as? [String: [Double]])
    let reference = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: packagePath("Tests/KinematicsTests/Reference/ur_dh_fk.json")))) as! [String: Any]
    let configurations = (reference["ur5e"] as! [String: Any])["configurations"] as! [[String: Any]]
    let expected = try #require(configurations.first { ($0["q"] as! [Double]) == q })
    let p = expected["position"] as! [Double]
    #expect(zip(tool["position"]!, p).allSatisfy { abs($0 - $1) < 1e-9 })
    let e = expected["quaternion"] as! [Double]
    let dot = abs(zip(tool["quaternion"]!, e).map { $0 * $1 }.reduce(0, +))
    #expect(dot > 1 - 1e-12)
  }

  @Test func inverseKinematicsReachesWhatForwardKinematicsReports() throws {
    let urdf = packagePath("Scenes/robots/ur5e-gripper.urdf")
    let ik = try run([
      "robot", "ik", urdf, "--link", "tcp", "--position", "-0.5,0.1,0.2", "--orientation", "1,0,0,0", "--json",
    ])
    #expect(ik.status == 0, "\(ik.err)")
    let solution = try json(ik.out)
    #expect(solution["converged"] as? Bool == true)
    #expect((solution["positionError"] as? Double ?? 1) < 1e-5)
    let joints = try #require(solution["joints"] as? [String: Double])
    let names = ["shoulder_pan_joint", "shoulder_lift_joint", "elbow_joint", "wrist_1_joint", "wrist_2_joint", "wrist_3_joint", "finger_joint"]
    #expect(Set(joints.keys) == Set(names))
    let q = names.map { "\(joints[$0]!)" }.joined(separator: ",")
    let fk = try json(try run(["robot", "fk", urdf, "--q", q, "--json"]).out)
    let tcp = try #require((fk["links"] as? [String: Any])?["tcp"] as? [String: [Double]])
    #expect(zip(tcp["position"]!, [-0.5, 0.1, 0.2]).allSatisfy { abs($0 - $1) < 1e-5 })
    #expect(abs(abs(tcp["quaternion"]![0]) - 1) < 1e-6)
    // An unreachable target exits 1 and says so.
    let far = try run(["robot", "ik", urdf, "--link", "tcp", "--position", "3,0,0"])
    #expect(far.status == 1)
    #expect(far.out.contains("did not converge"))
  }

  @Test func inspectWithPackagePath() throws {
    let shared = try sharedDirectory()
    let copy = try temporaryDirectory("cli-panda") + "/panda.urdf"
    try FileManager.default.copyItem(
      atPath: shared + "/robots/example-robot-data/robots/panda_description/urdf/panda.urdf", toPath: copy)
    // Away from its package the meshes are not found…
    let lost = try run(["robot", "inspect", copy])
    #expect(lost.status == 1)
    #expect(lost.err.contains("\(copy):15: link 'panda_link0' <collision> <mesh>: mesh file 'package://example-robot-data/robots/panda_description/meshes/collision/link0.stl' not found"))
    // …until --package-path names the folder that holds the package (repeatable).
    let found = try run(["robot", "inspect", copy, "--package-path", "/nonexistent", "--package-path", shared + "/robots", "--json"])
    #expect(found.status == 0, "\(found.err)")
    let report = try json(found.out)
    #expect(report["name"] as? String == "panda")
    #expect((report["joints"] as? [Any])?.count == 9)
    #expect(abs((report["totalMass"] as? Double ?? 0) - 17.451909) < 1e-5)
    let finger2 = (report["joints"] as! [[String: Any]]).last!
    #expect((finger2["mimic"] as? [String: Any])?["joint"] as? String == "panda_finger_joint1")
    #expect(found.err.contains("warning: ") && found.err.contains("Collada"))
  }

  @Test func badInputIsNamed() throws {
    let urdf = packagePath("Scenes/robots/ur5e.urdf")
    let count = try run(["robot", "fk", urdf, "--q", "1,2"])
    #expect(count.status != 0)
    #expect(count.err.contains("expected 6 joint positions (shoulder_pan_joint, shoulder_lift_joint, elbow_joint, wrist_1_joint, wrist_2_joint, wrist_3_joint), got 2"))
    let number = try run(["robot", "fk", urdf, "--q", "1,x,0,0,0,0"])
    #expect(number.status != 0)
    #expect(number.err.contains("--q: 'x' is not a number"))
    let link = try run(["robot", "ik", urdf, "--link", "hand", "--position", "0,0,0.5"])
    #expect(link.status != 0)
    #expect(link.err.contains("the robot has no link 'hand'"))
  }
}

