import ArmatureCore
import Physics
import Rendering

extension PoseSnapshot {
  /// The world pose of every body of a physics world, by body name, and of every robot link as
  /// `ROBOT/LINK` (links welded into a body and those of a fixed base included): the frames
  /// drawables and attached cameras ride on.
  init(world: World) {
    var poses: [String: Pose] = [:]
    for id in world.bodyIDs { poses[world.name(of: id)] = world.pose(of: id) }
    for id in world.robotIDs {
      let robot = world.robot(id)
      for (link, pose) in zip(robot.model.linkNames, world.linkPoses(id)) { poses[robot.qualified(link)] = pose }
    }
    self.init(poses)
  }
}
