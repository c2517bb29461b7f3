import ArmatureCore
import Hardware
import SceneDescription

extension TwinConfiguration {
  /// Takes the arm's initial joint positions from the scene's UR robot (the robot whose name
  /// or URDF names a UR5, or the scene's only robot). Joints the scene does not name keep their
  /// configured value; a gripper's joints (names with `finger` or `gripper`) are left to the
  /// physics arm, which holds them; other names that are not UR5e joints are errors.
  public mutating func apply(scene: Scene, file: String) throws {
    let candidates = scene.robots.filter {
      $0.name.lowercased().contains("ur5") || $0.urdf.lowercased().contains("ur5")
    }
    guard let robot = candidates.first ?? (scene.robots.count == 1 ? scene.robots.first : nil) else {
      throw LocatedError(
        file: file, context: "robots",
        message: scene.robots.isEmpty
          ? "the scene has no robot for the twin to simulate"
          : "no UR5 robot among \(scene.robots.map(\.name)); name one 'ur5e'")
    }
    let names = ArmModel.ur5e.jointNames
    for (joint, value) in robot.initialJoints.sorted(by: { $0.key < $1.key }) {
      if !names.contains(joint), joint.contains("finger") || joint.contains("gripper") { continue }
      guard let index = names.firstIndex(of: joint) else {
        throw LocatedError(
          file: file, context: "robots[\(robot.name)].initialJoints",
          message: "'\(joint)' is not a UR5e joint (\(names.joined(separator: ", ")))")
      }
      initialJointPositions[index] = value
    }
    let limits = ArmModel.ur5e.limits
    for (i, q) in initialJointPositions.enumerated() where q < limits[i].lower || q > limits[i].upper {
      throw LocatedError(
        file: file, context: "robots[\(robot.name)].initialJoints.\(names[i])",
        message: "\(q) rad is outside the joint range [\(limits[i].lower), \(limits[i].upper)]")
    }
  }
}
