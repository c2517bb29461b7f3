import ArmatureCore
import Physics
import Rendering

extension PoseSnapshot {
  /// The world pose of every body of a physics world, by body name (the frames drawables and
  /// attached cameras ride on).
  init(world: World) {
    var poses: [String: Pose] = [:]
    for id in world.bodyIDs { poses[world.name(of: id)] = world.pose(of: id) }
    self.init(poses)
  }
}
