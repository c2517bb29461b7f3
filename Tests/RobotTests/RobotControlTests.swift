import ArmatureCore
import Foundation
import Kinematics
import Physics
import SceneDescription
import Testing
import _TestSupport

/// The UR5e alone on a floor, as in Scenes/ur5e-table.yaml, with the given options.
func ur5e(options: RobotOptions = RobotOptions(), gravity: Vector3 = Vector3(0, 0, -9.81)) throws -> (World, RobotID) {
  let scene = try packageScene("ur5e-table.yaml")
  let placement = scene.robots[0]
  let description = try URDFLoader.load(file: scene.resolve(placement.urdf), packagePath: PackageSearchPath())
  let world = try floorWorld(gravity: gravity)
  let id = try world.addRobot(
    description, name: "ur5e", base: placement.base, initialPositions: placement.initialJoints, options: options)
  return (world, id)
}

/// The inertia about the base's z axis of every link beyond the base, from the URDF's inertials.
func panInertia(_ model: KinematicModel, _ q: [Double]) -> Double {
  let poses = model.linkPoses(q)
  var total = 0.0
  for (i, inertial) in model.inertials.enumerated() where i != model.root {
    guard let inertial, inertial.mass > 0 else { continue }
    let frame = poses[i] * inertial.origin
    let r = frame.orientation.matrix
    let inertia = r * inertial.inertia * r.transposed
    let c = frame.position
    total += inertia[2, 2] + inertial.mass * (c.x * c.x + c.y * c.y)
  }
  return total
}

@Suite struct RobotControlTests {
  /// Position control with gravity compensation (the default) holds the flange within 1 mm for 5 s.
  @Test func holdsPoseAgainstGravity() throws {
    let world = try World(scene: try packageScene("ur5e-table.yaml"))
    let id = try #require(world.robot(named: "ur5e"))
    let start = try #require(world.linkPose(id, "tool0"))
    var drift = 0.0
    for _ in 0..<2500 {
      try world.step()
      drift = max(drift, (world.linkPose(id, "tool0")!.position - start.position).length)
    }
    #expect(drift < 1e-3, "the flange drifted \(drift) m in 5 s")
    #expect(world.linkPose(id, "tool0")!.orientation.angle(to: start.orientation) < 1e-3)
  }

  /// Without gravity compensation the PD sags to where its spring balances gravity:
  /// k (target − q) equals the gravity torque computed from the URDF's inertials.
  @Test func pdAloneSagsAsGravityAndStiffnessPredict() throws {
    var options = RobotOptions()
    options.gravityCompensation = false
    let (world, id) = try ur5e(options: options)
    let target = world.robotJointPositions(id)
    try world.step(count: 1500)
    let q = world.robotJointPositions(id)
    let model = world.robot(id).model
    let hold = model.gravityTorques(q, gravity: world.robot(id).base.orientation.conjugate.rotate(world.gravity))
    let gains = world.robotGains(id)
    for k in 0..<model.dof {
      let predicted = hold[k] / gains[k].stiffness  // target − q
      let measured = target[k] - q[k]
      #expect(abs(measured - predicted) < 0.01 * abs(predicted) + 1e-6, "joint \(k): sag \(measured) rad, predicted \(predicted)")
    }
    // The sag is real: the shoulder and elbow give way by milliradians.
    #expect(abs(target[1] - q[1]) > 1e-3)
  }

  @Test func tracksATrajectoryAt500Hz() throws {
    let (world, id) = try ur5e()
    let start = world.robotJointPositions(id)
    let goal = zip(start, [0.8, -0.5, 0.6, -0.7, 0.9, 1.2]).map { $0 + $1 }
    let report = try world.track(
      try JointTrajectory.minimumJerk(from: start, to: goal, duration: 2), robot: id, controlRate: 500, settle: 0.5)
    #expect(report.substeps == 1)
    #expect(report.maxError.max()! < 1e-3, "max tracking error \(report.maxError)")
    #expect(report.finalError.max()! < 1e-6)
  }

  /// At 25 Hz the targets hold for 20 physics steps, so the error is mostly the hold.
  @Test func tracksATrajectoryAt25Hz() throws {
    let (world, id) = try ur5e()
    let start = world.robotJointPositions(id)
    let goal = zip(start, [0.8, -0.5, 0.6, -0.7, 0.9, 1.2]).map { $0 + $1 }
    let report = try world.track(
      try JointTrajectory.minimumJerk(from: start, to: goal, duration: 2), robot: id, controlRate: 25, settle: 0.5)
    #expect(report.substeps == 20)
    #expect(report.maxError.max()! < 0.05, "max tracking error \(report.maxError)")
    #expect(report.rmsError.max()! < 0.02)
    #expect(report.finalError.max()! < 1e-6)
    #expect(throws: PhysicsError.self) { try world.track(try JointTrajectory.minimumJerk(from: start, to: goal, duration: 1), robot: id, controlRate: 300) }
  }

  @Test func velocityModeHoldsTheCommandedRates() throws {
    let (world, id) = try ur5e()
    try world.setRobotCommand(id, .velocity(targets: [0.5, 0, 0, 0, 0, -0.3]))
    let q0 = world.robotJointPositions(id)
    try world.step(count: 150)
    let v = world.robotJointVelocities(id)
    #expect(abs(v[0] - 0.5) < 1e-3 && abs(v[5] + 0.3) < 1e-3)
    #expect(v[1...4].allSatisfy { abs($0) < 1e-3 })
    let q = world.robotJointPositions(id)
    #expect(abs(q[1] - q0[1]) < 1e-3, "the shoulder sagged in velocity mode")
    // Speeds above the URDF's limit (180°/s) are clamped.
    try world.setRobotCommand(id, .velocity(targets: [10, 0, 0, 0, 0, 0]))
    try world.step(count: 150)
    #expect(abs(world.robotJointVelocities(id)[0] - Double.pi) < 1e-3)
  }

  /// A torque on the base joint with every other joint held accelerates the arm as its inertia
  /// about the base axis (from the URDF) says; a position command with a small effort bound
  /// accelerates it no faster than the bound allows.
  @Test func torqueAndEffortBoundsActThroughTheArmsInertia() throws {
    let (world, id) = try ur5e(gravity: .zero)
    let robot = world.robot(id)
    let q0 = world.robotJointPositions(id)
    let inertia = panInertia(robot.model, q0)
    let gains = world.robotGains(id)
    for k in 1..<robot.dof {
      try world.setControl(robot.joints[k], .position(target: q0[k], stiffness: gains[k].stiffness, damping: gains[k].damping, maxForce: 1e4))
    }
    try world.setControl(robot.joints[0], .torque(6))
    try world.step(count: 25)
    let acceleration = world.robotJointVelocities(id)[0] / world.time
    #expect(abs(acceleration - 6 / inertia) < 0.01 * 6 / inertia, "α = \(acceleration), τ/I = \(6 / inertia)")

    let (bounded, b) = try ur5e(gravity: .zero)
    var targets = q0
    targets[0] += 1
    try bounded.setRobotCommand(b, .position(targets: targets, efforts: [2, 150, 150, 28, 28, 28]))
    try bounded.step(count: 25)
    let limited = bounded.robotJointVelocities(b)[0] / bounded.time
    #expect(limited <= 2 / inertia * 1.01 && limited > 2 / inertia * 0.9, "α = \(limited), bound/I = \(2 / inertia)")
    // Torque commands are clamped to the URDF's effort limit, 150 N·m here.
    try bounded.setRobotCommand(b, .torque([1e6, 0, 0, 0, 0, 0]))
    #expect(bounded.control(of: bounded.robot(b).joints[0]) == .torque(150))
  }

  @Test func commandsAreChecked() throws {
    let (world, id) = try ur5e()
    #expect(throws: PhysicsError.self) { try world.setRobotCommand(id, .position(targets: [0, 0, 0])) }
    #expect(throws: PhysicsError.self) { try world.setRobotCommand(id, .torque([0, 0, .nan, 0, 0, 0])) }
    #expect(throws: PhysicsError.self) { try world.setRobotJointPositions(id, [0, 0]) }
    // Targets beyond the limits are clamped to them.
    try world.setRobotCommand(id, .position(targets: [0, 0, 4, 0, 0, 0]))
    guard case .position(let target, _, _, _) = world.control(of: world.robot(id).joints[2]) else {
      Issue.record("expected position control")
      return
    }
    #expect(target == 3.14159265359)
  }
}

@Suite struct EffortBoundTests {
  /// A motor holding still predicts almost no force, so its row starts the step unbounded; a
  /// sudden push needs more than its bound, so the step is solved again with the bound. The first
  /// step of the push must then move the arm exactly as a motor pushing back with its bound does
  /// (a constant opposing torque), not as a motor that held on with more.
  @Test func aSuddenLoadCannotDrawMoreThanTheEffortBound() throws {
    func firstStepOfPush(_ motor: (World, RobotID, [Double]) throws -> Void) throws -> [Double] {
      let (world, id) = try ur5e(gravity: .zero)
      let q0 = world.robotJointPositions(id)
      try world.setRobotCommand(id, .position(targets: q0, efforts: [5, 150, 150, 28, 28, 28]))
      try motor(world, id, q0)
      let robot = world.robot(id)
      // 200 N sideways at the flange, about 0.5 m from the base axis: 100 N·m about it.
      let flange = try #require(world.linkPose(id, "tool0"))
      let radial = Vector3(flange.position.x - robot.base.position.x, flange.position.y - robot.base.position.y, 0)
      let sideways = Vector3(0, 0, 1).cross(radial).normalized
      world.applyForce(200 * sideways, to: try #require(world.body(named: "ur5e/wrist_3_link")), at: flange.position)
      try world.step()
      return world.robotJointVelocities(id)
    }
    let bounded = try firstStepOfPush { _, _, _ in }
    let reference = try firstStepOfPush { world, id, _ in
      try world.setControl(world.robot(id).joints[0], .torque(-5))
    }
    let heldOn = try firstStepOfPush { world, id, q0 in
      try world.setRobotCommand(id, .position(targets: q0, efforts: [150, 150, 150, 28, 28, 28]))
    }
    #expect(abs(bounded[0] - reference[0]) < 1e-9 * abs(reference[0]), "\(bounded[0]) vs \(reference[0]) rad/s")
    // The test can tell: a motor allowed 150 N·m holds on much harder.
    #expect(heldOn[0] < 0.8 * reference[0])
  }
}
