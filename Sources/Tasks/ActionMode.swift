import ArmatureCore
import SceneDescription

/// How a manipulation task's actions drive the arm. Every action lies in [-1, 1] per element;
/// the last element is the gripper (-1 fully open, +1 fully closed, proportional between).
public enum ActionMode: String, ConfigEnum {
  /// Move the grasp centre by up to `ActionScales.translation` per control step along x, y, z
  /// (world axes) through inverse kinematics, keeping the gripper pointing down: 3 + 1 values.
  case endEffectorDelta
  /// As `endEffectorDelta`, plus a rotation of up to `ActionScales.rotation` per step about the
  /// world x, y and z axes: 6 + 1 values.
  case endEffectorDeltaPose
  /// Absolute joint position targets for the six arm joints, -1…1 spanning each joint's range
  /// within half a turn of the home configuration: 6 + 1 values.
  case jointPosition
  /// Joint velocities for the six arm joints, up to `ActionScales.jointVelocity`: 6 + 1 values.
  case jointVelocity

  /// Action elements, the gripper included.
  public var count: Int {
    switch self {
    case .endEffectorDelta: return 4
    case .endEffectorDeltaPose, .jointPosition, .jointVelocity: return 7
    }
  }

  /// Names of the action's components.
  var components: [(String, Int)] {
    switch self {
    case .endEffectorDelta: return [("tcp_translation", 3), ("gripper", 1)]
    case .endEffectorDeltaPose: return [("tcp_translation", 3), ("tcp_rotation", 3), ("gripper", 1)]
    case .jointPosition: return [("joint_targets", 6), ("gripper", 1)]
    case .jointVelocity: return [("joint_velocities", 6), ("gripper", 1)]
    }
  }
}

/// The physical size of a unit action.
public enum ActionScales {
  /// Metres per control step at action 1 (5 cm at 25 Hz, as Gymnasium-Robotics' Fetch tasks).
  public static let translation = 0.05
  /// Radians per control step at action 1.
  public static let rotation = 0.25
  /// Radians per second at action 1.
  public static let jointVelocity = 1.5
}
