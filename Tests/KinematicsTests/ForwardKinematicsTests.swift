import ArmatureCore
import Foundation
import Kinematics
import SceneDescription
import Testing
import _TestSupport

/// Reference poses from Universal Robots' DH parameters (Reference/ur_dh_fk.py, numpy).
struct DHReference: Decodable {
  struct Configuration: Decodable {
    var q: [Double]
    var position: [Double]
    var quaternion: [Double]
  }
  struct Robot: Decodable {
    var urdf: String
    var from: String
    var to: String
    var configurations: [Configuration]
  }

  static func load() throws -> [String: Robot] {
    let data = try Data(contentsOf: URL(fileURLWithPath: packagePath("Tests/KinematicsTests/Reference/ur_dh_fk.json")))
    return try JSONDecoder().decode([String: Robot].self, from: data)
  }
}

@Suite struct ForwardKinematicsTests {
  /// The UR5 of ../shared/robots (ur_description), base → tool0, against the DH product.
  @Test(arguments: ["ur5", "ur5e"])
  func urForwardKinematicsMatchesPublishedDHParameters(_ name: String) throws {
    let reference = try #require(try DHReference.load()[name])
    let robot = try loadRobot(reference.urdf)
    let model = try KinematicModel(robot)
    let from = try #require(model.linkIndex(reference.from))
    let to = try #require(model.linkIndex(reference.to))
    #expect(reference.configurations.count == 7)
    for c in reference.configurations {
      let poses = model.linkPoses(c.q)
      let relative = poses[from].inverse * poses[to]
      let expected = Quaternion(x: c.quaternion[0], y: c.quaternion[1], z: c.quaternion[2], w: c.quaternion[3])
      let positionError = (relative.position - Vector3(array: c.position)!).length
      let angle = relative.orientation.angle(to: expected)
      #expect(positionError < 1e-9, "q = \(c.q): position off by \(positionError) m")
      #expect(angle < 1e-6, "q = \(c.q): orientation off by \(angle) rad")
    }
  }

  @Test func mimicJointsFollowTheirLeader() throws {
    let model = try KinematicModel(try loadRobot("panda_description/urdf/panda.urdf"))
    #expect(model.dof == 8)
    #expect(model.variableNames.last == "panda_finger_joint1")
    var q = [Double](repeating: 0, count: 8)
    q[3] = -1.5
    q[5] = 1.5
    q[7] = 0.03
    let poses = model.linkPoses(q)
    let hand = poses[model.linkIndex("panda_hand")!]
    let left = hand.inverse * poses[model.linkIndex("panda_leftfinger")!]
    let right = hand.inverse * poses[model.linkIndex("panda_rightfinger")!]
    // Both fingers 3 cm out along ±y of the hand, 5.84 cm down its z axis.
    #expect(isClose(left.position, Vector3(0, 0.03, 0.0584), within: 1e-12))
    #expect(isClose(right.position, Vector3(0, -0.03, 0.0584), within: 1e-12))
    // The hand sits 0.107 m beyond link 7 along its z axis, turned −45° about it.
    let link7 = poses[model.linkIndex("panda_link7")!]
    let handInLink7 = link7.inverse * hand
    #expect(isClose(handInLink7.position, Vector3(0, 0, 0.107), within: 1e-12))
    #expect(handInLink7.orientation.angle(to: Quaternion(axis: Vector3(0, 0, 1), angle: -Double.pi / 4)) < 1e-7)
  }

  @Test func limitQueries() throws {
    let model = try KinematicModel(try loadRobot("panda_description/urdf/panda.urdf"))
    #expect(model.lowerLimits[3] == -3.0718 && model.upperLimits[3] == -0.0698)
    #expect(model.velocityLimits[4] == 2.61)
    #expect(model.effortLimits[7] == 100)
    #expect(model.positionLimits(of: "panda_finger_joint1") == 0...0.04)
    #expect(model.positionLimits(of: "panda_finger_joint2") == nil)  // a mimic joint is not a coordinate
    let q = [Double](repeating: 0, count: 8)
    #expect(!model.isWithinLimits(q))  // joint 4 must be bent
    let clamped = model.clamped(q)
    #expect(clamped[3] == -0.0698)
    #expect(model.isWithinLimits(clamped))
    let so100 = try KinematicModel(try loadRobot("so_arm_description/urdf/so100.urdf"))
    #expect(so100.lowerLimits == [-2, 0, -3.14158, -2.5, -3.14158, -0.2])
    // A continuous joint has no bounds.
    let wheel = try KinematicModel(
      RobotDescription(
        name: "w", links: [RobotLink(name: "a"), RobotLink(name: "b")],
        joints: [RobotJoint(name: "spin", kind: .continuous, parent: "a", child: "b", limits: JointLimits(velocity: 2, effort: 3))]))
    #expect(wheel.lowerLimits == [-.infinity] && wheel.upperLimits == [.infinity])
    #expect(wheel.velocityLimits == [2] && wheel.effortLimits == [3])
    #expect(throws: KinematicsError.self) { try wheel.check([1, 2]) }
  }

  /// Gravity torques are the gradient of the potential energy (central differences).
  @Test func gravityTorquesAreThePotentialGradient() throws {
    let robot = try loadRobot("Scenes/robots/ur5e-gripper.urdf")
    let model = try KinematicModel(robot)
    let g = Vector3(0, 0, -9.81)
    func potential(_ q: [Double]) -> Double {
      let poses = model.linkPoses(q)
      var v = 0.0
      for (i, inertial) in model.inertials.enumerated() {
        guard let inertial else { continue }
        v -= inertial.mass * g.dot(poses[i].transform(inertial.origin.position))
      }
      return v
    }
    var random = RandomStream(seed: 7)
    for _ in 0..<5 {
      let q = model.randomConfiguration(&random)
      let tau = model.gravityTorques(q, gravity: g)
      for k in 0..<model.dof {
        var plus = q
        var minus = q
        plus[k] += 1e-6
        minus[k] -= 1e-6
        let gradient = (potential(plus) - potential(minus)) / 2e-6
        #expect(abs(tau[k] - gradient) < 1e-6 * max(1, abs(gradient)), "joint \(k): \(tau[k]) vs \(gradient)")
      }
    }
  }
}
