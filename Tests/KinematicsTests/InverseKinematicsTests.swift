import ArmatureCore
import Kinematics
import SceneDescription
import Testing
import _TestSupport

@Suite struct InverseKinematicsTests {
  /// 1000 reachable poses (forward kinematics of random configurations within the limits),
  /// solved from the same start; the pose reached is checked by forward kinematics.
  @Test func ur5PoseRoundTrip() throws {
    let model = try KinematicModel(try loadRobot("ur_description/urdf/ur5_robot.urdf"))
    let tool = try #require(model.linkIndex("tool0"))
    var targets = RandomStream(seed: 2024)
    var restarts = RandomStream(seed: 1)
    let start = [0, -Double.pi / 2, Double.pi / 2, -Double.pi / 2, -Double.pi / 2, 0]
    var within = 0
    var worstPosition = 0.0
    var worstAngle = 0.0
    for _ in 0..<1000 {
      let q = model.randomConfiguration(&targets)
      let target = model.linkPose(tool, q)
      let result = try model.inverseKinematics(link: tool, target: .pose(target), initial: start, random: &restarts)
      #expect(model.isWithinLimits(result.positions))
      let reached = model.linkPose(tool, result.positions)
      let positionError = (reached.position - target.position).length
      let angle = reached.orientation.angle(to: target.orientation)
      // The reported residuals are the real ones.
      #expect(abs(positionError - result.positionError) < 1e-9)
      #expect(abs(angle - result.orientationError) < 1e-6)
      if positionError < 1e-3 && angle < 0.01 { within += 1 }
      worstPosition = max(worstPosition, positionError)
      worstAngle = max(worstAngle, angle)
    }
    print("IK round trip: \(within) of 1000 within 1 mm and 0.01 rad (worst \(worstPosition) m, \(worstAngle) rad)")
    #expect(within >= 990, "only \(within) of 1000 within 1 mm and 0.01 rad (worst \(worstPosition) m, \(worstAngle) rad)")
  }

  @Test func positionTargetAndTool() throws {
    let model = try KinematicModel(try loadRobot("Scenes/robots/ur5e.urdf"))
    let flange = try #require(model.linkIndex("tool0"))
    let tool = Pose(position: Vector3(0, 0, 0.15))
    let base = Pose(position: Vector3(1, 2, 0.75), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 2))
    var random = RandomStream(seed: 3)
    let goal = Vector3(1.3, 2.2, 1.0)
    let result = try model.inverseKinematics(link: flange, target: .position(goal), tool: tool, base: base, random: &random)
    #expect(result.converged)
    let reached = (base * model.linkPose(flange, result.positions) * tool).position
    #expect((reached - goal).length < 1e-5)
    #expect(result.orientationError == 0)
  }

  @Test func unreachableTargetReportsItsResidual() throws {
    let model = try KinematicModel(try loadRobot("Scenes/robots/ur5e.urdf"))
    let flange = try #require(model.linkIndex("tool0"))
    var random = RandomStream(seed: 4)
    var options = IKOptions()
    options.restarts = 3
    let result = try model.inverseKinematics(
      link: flange, target: .position(Vector3(2, 0, 0)), options: options, random: &random)
    #expect(!result.converged)
    // The UR5e reaches about 1.0 m from the shoulder: the best is about a metre short.
    #expect(result.positionError > 0.8 && result.positionError < 1.2)
    #expect(result.restarts == 3)
    let reached = model.linkPose(flange, result.positions).position
    #expect(abs((reached - Vector3(2, 0, 0)).length - result.positionError) < 1e-9)
  }

  @Test func jointLimitsAreRespected() throws {
    // The SO-100's elbow only bends one way; targets are reached without leaving the limits.
    let model = try KinematicModel(try loadRobot("so_arm_description/urdf/so100.urdf"))
    let jaw = try #require(model.linkIndex("gripper"))
    var targets = RandomStream(seed: 5)
    var random = RandomStream(seed: 6)
    var converged = 0
    for _ in 0..<50 {
      let q = model.randomConfiguration(&targets)
      let result = try model.inverseKinematics(link: jaw, target: .position(model.linkPose(jaw, q).position), random: &random)
      #expect(model.isWithinLimits(result.positions))
      if result.converged { converged += 1 }
    }
    #expect(converged >= 49)
  }
}
