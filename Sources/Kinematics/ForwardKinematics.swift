import ArmatureCore
import SceneDescription

extension KinematicModel {
  /// The transform a joint adds at position `value`: a rotation about, or a translation along, its
  /// axis.
  static func motion(_ kind: RobotJointKindMotion, axis: Vector3, value: Double) -> Pose {
    switch kind {
    case .rotation: return Pose(orientation: Quaternion(axis: axis, angle: value))
    case .translation: return Pose(position: axis * value)
    case .none: return .identity
    }
  }

  /// The pose of every link for coordinates `q`, indexed like `linkNames`, in the frame `base`
  /// (the root link's pose; the identity gives poses relative to the root).
  public func linkPoses(_ q: [Double], base: Pose = .identity) -> [Pose] {
    var poses = [Pose](repeating: base, count: linkNames.count)
    for index in traversal {
      let j = joints[index]
      poses[j.child] = poses[j.parent] * jointTransform(j, q)
    }
    return poses
  }

  /// The pose of one link (only its chain is computed).
  public func linkPose(_ link: Int, _ q: [Double], base: Pose = .identity) -> Pose {
    var pose = base
    for index in chain(to: link) { pose = pose * jointTransform(joints[index], q) }
    return pose
  }

  /// The child frame of a joint in its parent link's frame at coordinates `q`.
  func jointTransform(_ j: Joint, _ q: [Double]) -> Pose {
    guard let v = j.variable else { return j.origin }
    let value = j.multiplier * q[v] + j.offset
    return j.origin * KinematicModel.motion(j.kind.motion, axis: j.axis, value: value)
  }
}

/// How a joint kind moves its child.
public enum RobotJointKindMotion: Sendable { case rotation, translation, none }

extension RobotJointKind {
  /// Rotation for revolute and continuous joints, translation for prismatic, none for fixed.
  public var motion: RobotJointKindMotion {
    switch self {
    case .revolute, .continuous: return .rotation
    case .prismatic: return .translation
    case .fixed: return .none
    }
  }
}
