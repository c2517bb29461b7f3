import ArmatureCore
import Physics

/// The arm's start in the tote tasks: the grasp centre at rest at a uniform point above the
/// table, pointing down, its heading within ±0.3 rad of the home pose's, the gripper open.
enum ToteTaskStart {
  static let low = Vector3(0.15, -0.1, 1.0)
  static let high = Vector3(0.3, 0.1, 1.08)
  static let headingSpread = 0.3

  static func placeArm(_ cell: ArmWorkcell, random: inout RandomStream) throws {
    let p = Vector3(random.uniform(low.x, high.x), random.uniform(low.y, high.y), random.uniform(low.z, high.z))
    let home = cell.model.linkPose(cell.tcpLink, cell.home, base: cell.base)
    let x = home.orientation.rotate(Vector3(1, 0, 0))
    let heading = Double.atan2(y: x.y, x: x.x) + random.uniform(-headingSpread, headingSpread)
    let target = Pose(
      position: p,
      orientation: Quaternion(axis: Vector3(0, 0, 1), angle: heading) * Quaternion(axis: Vector3(1, 0, 0), angle: .pi))
    var q = cell.solveArm(target: target, from: cell.home, iterations: 60)
    q[cell.fingerIndex] = 0.04
    try cell.world.setRobotJointPositions(cell.robot, q)
  }
}
