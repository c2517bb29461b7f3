import ArmatureCore
import Foundation
import Physics
import SceneDescription
import Testing
import _TestSupport

/// A drive holding a joint at its limit. ODE cannot solve a joint's motor together with its stop
/// (at a stop it swaps the motor row for its whole force bound as a plain force); Physics keeps
/// the stops `World.stopMargin` outside the limits, so a drive holds a joint at its limit without
/// touching the stop.
@Suite struct JointStopTests {
  /// The gripper of Scenes/ur5e-gripper-cube.yaml (the cube far from the fingers), with the
  /// finger set to `start` at rest and commanded to `target`.
  func gripper(start: Double, target: Double) throws -> (World, RobotID, JointID) {
    let world = try World(scene: try packageScene("ur5e-gripper-cube.yaml"), seed: 1)
    let id = try #require(world.robot(named: "ur5e"))
    var q = world.robotJointPositions(id)
    q[6] = start
    try world.setRobotJointPositions(id, q)
    q[6] = target
    try world.setRobotCommand(id, .position(targets: q))
    return (world, id, world.robot(id).mimicJoints[0])
  }

  /// Held at a limit, fully closed (0) or fully open (42.5 mm per finger), or closed from open
  /// on nothing, both fingers come to rest there: before the fix they were kicked off the stop
  /// by the 235 N bound every few steps and chattered at about 20 m/s. (A closing finger takes
  /// well under 0.3 s; only the time after that is checked.)
  @Test(arguments: zip([0.0, 0.0425, 0.0425], [0.0, 0.0425, 0.0]))
  func aFingerHeldAtItsLimitStaysStill(start: Double, limit: Double) throws {
    let (world, id, follower) = try gripper(start: start, target: limit)
    try world.step(count: 150)
    var fastest = 0.0
    var farthest = 0.0
    for _ in 0..<350 {
      try world.step()
      let leader = world.robotJointPositions(id)[6]
      fastest = max(fastest, abs(world.robotJointVelocities(id)[6]), abs(world.jointVelocity(follower)))
      farthest = max(farthest, abs(leader - limit), abs(world.jointPosition(follower) - limit))
    }
    #expect(fastest < 1e-3, "a finger held at \(limit) m moved at \(fastest) m/s")
    #expect(farthest < 1e-4, "a finger held at \(limit) m strayed \(farthest) m from it")
  }

  /// Driven away from a stop, the finger leaves it and settles at the target: the stop holds
  /// only one way.
  @Test func aFingerLeavesItsStopWhenDrivenAway() throws {
    let (world, id, follower) = try gripper(start: 0, target: 0.02)
    try world.step(count: 250)
    #expect(abs(world.robotJointPositions(id)[6] - 0.02) < 1e-4)
    #expect(abs(world.jointPosition(follower) - 0.02) < 1e-4)
    #expect(abs(world.robotJointVelocities(id)[6]) < 1e-3)
  }

  /// A bare hinge whose position drive holds it at its upper limit rests there.
  @Test func aHingeHeldAtItsLimitRestsThere() throws {
    let world = try floorWorld(gravity: .zero)
    let box = try #require(MassProperties.of(.box(size: Vector3(0.4, 0.04, 0.04)), mass: 1))
    let arm = try world.addBody(BodySpec(name: "arm", pose: Pose(position: Vector3(0.2, 0, 1)), mass: box))
    let hinge = try world.addJoint(
      JointSpec(
        name: "hinge", kind: .hinge, parent: nil, child: arm, anchor: Vector3(0, 0, 1), axis: Vector3(0, 0, 1),
        limits: -0.5...0.5))
    // A stiff drive (10 Hz on the arm's 0.053 kg·m²) with a bound of 50 N·m, started at the stop.
    try world.setState(of: arm, pose: Pose(position: Vector3(0.2 * 0.5.cos, 0.2 * 0.5.sin, 1), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.5)))
    try world.setControl(hinge, .position(target: 0.5, stiffness: 210, damping: 6.7, maxForce: 50))
    var fastest = 0.0
    for _ in 0..<500 {
      try world.step()
      fastest = max(fastest, abs(world.jointVelocity(hinge)))
    }
    #expect(abs(world.jointPosition(hinge) - 0.5) < 1e-4)
    #expect(fastest < 1e-3, "the hinge moved at \(fastest) rad/s at its stop")
  }

  /// A hinge whose limits span more than a turn (as the UR5e's ±2π) that rested on its stop in
  /// another turn, then is restored to a state far from the stops, steps exactly as a world that
  /// never touched the stop. ODE stops testing a hinge's stops when both lie outside [−π, π] and
  /// kept the old "at the stop" result: the restored hinge was still pushed as if at its stop.
  @Test func aRestoredMultiTurnHingeForgetsItsStop() throws {
    func hingeWorld() throws -> (World, JointID) {
      let world = try floorWorld(gravity: .zero)
      let box = try #require(MassProperties.of(.box(size: Vector3(0.4, 0.04, 0.04)), mass: 1))
      let arm = try world.addBody(BodySpec(name: "arm", pose: Pose(position: Vector3(0.2, 0, 1)), mass: box))
      let hinge = try world.addJoint(
        JointSpec(
          name: "hinge", kind: .hinge, parent: nil, child: arm, anchor: Vector3(0, 0, 1), axis: Vector3(0, 0, 1),
          limits: -4...4))
      return (world, hinge)
    }
    let hold = JointControl.position(target: 0.3, stiffness: 210, damping: 6.7, maxForce: 50)
    let (fresh, freshHinge) = try hingeWorld()
    let start = fresh.state()
    try fresh.setControl(freshHinge, hold)
    var expected: [Double] = []
    for _ in 0..<200 {
      try fresh.step()
      expected.append(fresh.jointPosition(freshHinge))
    }
    // The same world, first driven round past −π into its lower stop at −4 rad.
    let (used, hinge) = try hingeWorld()
    try used.setControl(hinge, .velocity(target: -6, maxForce: 50))
    try used.step(count: 800)
    let stop = -4 - World.stopMargin.hinge
    #expect(abs(used.jointPosition(hinge) - stop) < 1e-3, "the hinge is at \(used.jointPosition(hinge)), not at its stop")
    try used.restore(start)
    try used.setControl(hinge, hold)
    var actual: [Double] = []
    for _ in 0..<200 {
      try used.step()
      actual.append(used.jointPosition(hinge))
    }
    #expect(actual == expected, "the restored hinge ends at \(actual.last!) instead of \(expected.last!)")
  }
}
