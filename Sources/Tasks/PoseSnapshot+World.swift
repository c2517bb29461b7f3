import ArmatureCore
import Physics
import Rendering

extension PoseSnapshot {
  /// The world pose of every body of a physics world, by body name, and of every robot link,
  /// merged into a body or not, as `ROBOT/LINK`: the frames drawables and attached cameras ride on.
  public init(world: World) {
    var poses: [String: Pose] = [:]
    for id in world.bodyIDs { poses[world.name(of: id)] = world.pose(of: id) }
    for id in world.robotIDs {
      let robot = world.robot(id)
      for (name, pose) in zip(robot.model.linkNames, world.linkPoses(id)) { poses[robot.qualified(name)] = pose }
    }
    self.init(poses)
  }
}
