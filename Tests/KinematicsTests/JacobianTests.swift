import ArmatureCore
import Kinematics
import SceneDescription
import Testing
import _TestSupport

@Suite struct JacobianTests {
  /// Each column against central differences of the link's pose: linear part from positions,
  /// angular part from the rotation between the two perturbed orientations.
  @Test(arguments: [
    ("ur_description/urdf/ur5_robot.urdf", "tool0"), ("panda_description/urdf/panda.urdf", "panda_rightfinger"),
    ("so_arm_description/urdf/so100.urdf", "jaw"), ("Scenes/robots/ur5e-gripper.urdf", "right_finger"),
  ])
  func jacobianMatchesFiniteDifferences(_ file: String, _ link: String) throws {
    let model = try KinematicModel(try loadRobot(file))
    let index = try #require(model.linkIndex(link))
    let point = Vector3(0.01, -0.02, 0.03)
    var random = RandomStream(seed: 11)
    let h = 1e-6
    for _ in 0..<10 {
      let q = model.randomConfiguration(&random)
      let jac = model.jacobian(of: index, q, point: point)
      for k in 0..<model.dof {
        var plus = q
        var minus = q
        plus[k] += h
        minus[k] -= h
        let a = model.linkPose(index, plus)
        let b = model.linkPose(index, minus)
        let linear = (a.transform(point) - b.transform(point)) / (2 * h)
        let angular = rotationDifference(b.orientation, a.orientation) / (2 * h)
        let linearError = (linear - jac.linear(k)).length
        let angularError = (angular - jac.angular(k)).length
        #expect(linearError < 1e-6, "\(file) \(link) column \(k): linear off by \(linearError)")
        #expect(angularError < 1e-6, "\(file) \(link) column \(k): angular off by \(angularError)")
      }
    }
  }
}
