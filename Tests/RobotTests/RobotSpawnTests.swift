import ArmatureCore
import Foundation
import Kinematics
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct RobotSpawnTests {
  @Test func sceneRobotBecomesNamedBodiesAndJoints() throws {
    let world = try World(scene: try packageScene("ur5e-gripper-cube.yaml"))
    let id = try #require(world.robot(named: "ur5e"))
    let robot = world.robot(id)
    // One body per link moved by a movable joint; fixed links are welded to their parent.
    let bodies = robot.bodies.map { world.name(of: $0) }
    #expect(
      bodies == [
        "ur5e/shoulder_link", "ur5e/upper_arm_link", "ur5e/forearm_link", "ur5e/wrist_1_link", "ur5e/wrist_2_link",
        "ur5e/wrist_3_link", "ur5e/left_finger", "ur5e/right_finger",
      ])
    #expect(world.body(named: "ur5e/tool0") == nil)
    #expect(world.body(named: "ur5e/base_link") == nil)  // the fixed base is static geometry
    #expect(world.geom(named: "ur5e/base_link/collision0") != nil)
    #expect(robot.joints.map { world.name(of: $0) } == robot.model.variableNames.map { "ur5e/" + $0 })
    #expect(robot.mimicJoints.map { world.name(of: $0) } == ["ur5e/right_finger_joint"])
    #expect(world.joint(named: "ur5e/elbow_joint").map { world.kind(of: $0) } == .hinge)
    #expect(world.joint(named: "ur5e/finger_joint").map { world.kind(of: $0) } == .slider)
    #expect(world.limits(of: world.joint(named: "ur5e/elbow_joint")!) == -3.14159265359...3.14159265359)
    // The welded wrist body carries the wrist link and the gripper housing: 0.365 + 0.825 kg.
    let wrist = try #require(world.body(named: "ur5e/wrist_3_link"))
    #expect(abs(world.massProperties(of: wrist).mass - 1.19) < 1e-12)
    #expect(robot.warnings.isEmpty)
    // The robot starts where the scene puts it.
    let q = world.robotJointPositions(id)
    #expect(abs(q[2] - 1.937118) < 1e-12 && abs(q[6] - 0.04) < 1e-12)
  }

  /// Physics link poses equal forward kinematics of the physics joint positions while the arm
  /// moves: the joints hold together and the joint axes, origins and signs are URDF's. (The
  /// mimic finger is compared with its own position: it follows its leader through a servo.)
  @Test func linkPosesFollowForwardKinematicsWhileMoving() throws {
    let world = try World(scene: try packageScene("ur5e-gripper-cube.yaml"))
    let id = try #require(world.robot(named: "ur5e"))
    let robot = world.robot(id)
    let start = world.robotJointPositions(id)
    let goal = zip(start, [0.4, -0.3, 0.3, 0.5, -0.6, 0.8, -0.03]).map { $0 + $1 }
    let trajectory = try JointTrajectory.minimumJerk(from: start, to: goal, duration: 0.6)
    var worst = (distance: 0.0, angle: 0.0)
    var worstCoupling = 0.0
    let follower = robot.mimicJoints[0]
    let right = robot.model.linkIndex("right_finger")!
    for tick in 0..<300 {
      let sample = trajectory.sample(at: Double(tick + 1) * 0.002)
      try world.setRobotCommand(id, .position(targets: sample.positions, velocities: sample.velocities))
      try world.step()
      let q = world.robotJointPositions(id)
      var expected = robot.model.linkPoses(q, base: robot.base)
      let hand = expected[robot.model.linkIndex("gripper_base")!]
      // The right finger slides along −x of the hand, 0.098 m out along its z axis.
      expected[right] = hand * Pose(position: Vector3(-world.jointPosition(follower), 0, 0.098))
      let d = largestDifference(world.linkPoses(id), expected)
      worst = (max(worst.distance, d.distance), max(worst.angle, d.angle))
      worstCoupling = max(worstCoupling, abs(world.jointPosition(follower) - q[6]))
    }
    #expect(worst.distance < 1e-4, "link positions off forward kinematics by \(worst.distance) m")
    #expect(worst.angle < 1e-4, "link orientations off by \(worst.angle) rad")
    #expect(worstCoupling < 1e-3, "the mimic finger lagged its leader by \(worstCoupling) m")
    let reached = world.robotJointPositions(id)
    #expect(zip(reached, goal).allSatisfy { abs($0 - $1) < 2e-3 })
  }

  /// The UR5 (triangle-mesh collisions), the Panda (mimic fingers) and the SO-100 spawn at rest
  /// and hold their pose for a second.
  @Test(arguments: [
    "ur_description/urdf/ur5_robot.urdf", "panda_description/urdf/panda.urdf", "so_arm_description/urdf/so100.urdf",
  ])
  func sharedRobotsSpawnAndHold(_ file: String) throws {
    let description = try sharedRobot(file)
    let world = try floorWorld()
    let model = try KinematicModel(description)
    var random = RandomStream(seed: 9)
    var initial: [String: Double] = [:]
    // A configuration away from zero, with the links clear of the floor.
    for (k, name) in model.variableNames.enumerated() {
      let lo = max(model.lowerLimits[k], -1)
      let hi = min(model.upperLimits[k], 1)
      initial[name] = lo + (hi - lo) * (0.35 + 0.3 * random.uniform())
    }
    let id = try world.addRobot(description, name: "arm", base: Pose(position: Vector3(0, 0, 1.2)), initialPositions: initial)
    let q0 = world.robotJointPositions(id)
    let links0 = world.linkPoses(id)
    try world.step(count: 500)
    let drift = zip(world.robotJointPositions(id), q0).map { abs($0 - $1) }.max()!
    #expect(drift < 1e-3, "\(file): joints drifted \(drift) rad in 1 s")
    let moved = largestDifference(world.linkPoses(id), links0).distance
    #expect(moved < 1e-3, "\(file): links moved \(moved) m in 1 s")
    #expect(world.robot(id).warnings.isEmpty, "\(world.robot(id).warnings)")
  }

  @Test func missingAndDegenerateInertiaGetFallbacksWithWarnings() throws {
    let urdf = """
      <robot name="odd">
        <link name="base"/>
        <link name="light">
          <collision><geometry><box size="0.1 0.1 0.1"/></geometry></collision>
        </link>
        <link name="thin">
          <inertial><mass value="2"/><inertia ixx="1" iyy="0.1" izz="0.1"/></inertial>
          <collision><geometry><sphere radius="0.05"/></geometry></collision>
        </link>
        <joint name="a" type="revolute"><parent link="base"/><child link="light"/><axis xyz="0 0 1"/>
          <limit lower="-1" upper="1" effort="10" velocity="1"/></joint>
        <joint name="b" type="revolute"><parent link="light"/><child link="thin"/><origin xyz="0.2 0 0"/><axis xyz="0 0 1"/>
          <limit lower="-1" upper="1" effort="10" velocity="1"/></joint>
      </robot>
      """
    let folder = try temporaryDirectory("odd-robot")
    try urdf.write(toFile: folder + "/odd.urdf", atomically: true, encoding: .utf8)
    let description = try URDFLoader.load(file: folder + "/odd.urdf", packagePath: PackageSearchPath())
    let world = try floorWorld()
    let id = try world.addRobot(description, name: "odd", base: Pose(position: Vector3(0, 0, 1)))
    #expect(
      world.robot(id).warnings == [
        "body 'odd/light': no link states a mass; using its collision shapes at 1000 kg/m³ (1 kg)",
        "body 'odd/thin': inertia violates the triangle inequality (principal moments [1.0, 0.1, 0.1]); using the inertia of its collision shapes",
      ])
    let light = world.massProperties(of: world.body(named: "odd/light")!)
    #expect(abs(light.mass - 1) < 1e-12)  // 10 cm cube of water
    let thin = world.massProperties(of: world.body(named: "odd/thin")!)
    #expect(thin.mass == 2)
    #expect(abs(thin.inertia[0, 0] - 0.4 * 2 * 0.05 * 0.05) < 1e-12)  // a solid sphere of 2 kg
    try world.step(count: 100)
  }

  @Test func mimicJointFollowsAndRefusesDirectCommands() throws {
    let world = try World(scene: try packageScene("ur5e-gripper-cube.yaml"))
    let id = try #require(world.robot(named: "ur5e"))
    let follower = try #require(world.robot(id).mimicJoints.first)
    #expect(throws: PhysicsError.self) { try world.setControl(follower, .torque(1)) }
    var targets = world.robotJointPositions(id)
    targets[6] = 0.01
    try world.setRobotCommand(id, .position(targets: targets))
    try world.step(count: 250)
    #expect(abs(world.robotJointPositions(id)[6] - 0.01) < 1e-4)
    #expect(abs(world.jointPosition(follower) - 0.01) < 1e-4)
  }
}

@Suite struct SelfCollisionTests {
  /// Folded configurations: with `.nonAdjacent` the robot's links touch each other (never a link
  /// and its parent), with `.off` (the default) they never do.
  @Test func selfCollisionModes() throws {
    let description = try URDFLoader.load(file: packagePath("Scenes/robots/ur5e-gripper.urdf"), packagePath: PackageSearchPath())
    let model = try KinematicModel(description)
    var random = RandomStream(seed: 21)
    let configurations = (0..<40).map { _ in model.randomConfiguration(&random) }
    func robotPairs(_ mode: SelfCollision) throws -> Set<[String]> {
      var options = RobotOptions()
      options.selfCollision = mode
      var pairs: Set<[String]> = []
      for q in configurations {
        let world = try floorWorld(gravity: .zero)
        let id = try world.addRobot(description, name: "ur5e", base: Pose(position: Vector3(0, 0, 2)), options: options)
        try world.setRobotJointPositions(id, q)
        try world.step()
        world.forEachContact { c in
          guard let a = world.body(of: c.geomA), let b = world.body(of: c.geomB) else { return }
          pairs.insert([world.name(of: a), world.name(of: b)].sorted())
        }
      }
      return pairs
    }
    let touching = try robotPairs(.nonAdjacent)
    #expect(!touching.isEmpty, "no folded configuration brought two links together")
    let adjacent: Set<[String]> = Set(
      description.movableJoints.compactMap { j -> [String]? in
        // Bodies are named after the first link of each welded group.
        let parent = j.parent == "tool0" || j.parent == "gripper_base" ? "wrist_3_link" : j.parent
        guard parent != "base_link" else { return nil }
        return ["ur5e/" + parent, "ur5e/" + j.child].sorted()
      })
    #expect(touching.isDisjoint(with: adjacent), "adjacent links collided: \(touching.intersection(adjacent))")
    #expect(try robotPairs(.off).isEmpty)
  }
}

@Suite struct AttachingTests {
  /// Mounting the gripper URDF on the UR5e's flange in code gives the combined URDF's robot.
  @Test func attachingTheGripperEqualsTheCombinedURDF() throws {
    func load(_ name: String) throws -> RobotDescription {
      try URDFLoader.load(file: packagePath("Scenes/robots/" + name), packagePath: PackageSearchPath())
    }
    let attached = try load("ur5e.urdf").attaching(try load("gripper-2f85.urdf"), to: "tool0", jointName: "gripper_mount")
    let combined = try load("ur5e-gripper.urdf")
    #expect(attached.links.map(\.name).sorted() == combined.links.map(\.name).sorted())
    #expect(attached.joints.map(\.name).sorted() == combined.joints.map(\.name).sorted())
    #expect(abs(attached.totalMass - combined.totalMass) < 1e-12)
    let a = try KinematicModel(attached)
    let c = try KinematicModel(combined)
    #expect(a.variableNames == c.variableNames)
    var random = RandomStream(seed: 4)
    for _ in 0..<5 {
      let q = c.randomConfiguration(&random)
      let pa = a.linkPoses(q)
      let pc = c.linkPoses(q)
      for name in c.linkNames {
        let d = largestDifference([pa[a.linkIndex(name)!]], [pc[c.linkIndex(name)!]])
        #expect(d.distance < 1e-12 && d.angle < 1e-7, "\(name)")
      }
    }
    // A second gripper needs a prefix.
    #expect(throws: LocatedError.self) { try attached.attaching(try load("gripper-2f85.urdf"), to: "wrist_2_link") }
    let two = try attached.attaching(try load("gripper-2f85.urdf"), to: "wrist_2_link", prefix: "spare_")
    #expect(two.joint(named: "spare_right_finger_joint")?.mimic?.joint == "spare_finger_joint")
    #expect(try KinematicModel(two).dof == 8)
  }
}
