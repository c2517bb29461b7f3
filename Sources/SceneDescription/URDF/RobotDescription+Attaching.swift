import ArmatureCore

extension RobotDescription {
  /// This robot with `tool` (a gripper, say) mounted on `link` by a fixed joint at `origin` (the
  /// tool's root link frame in `link`'s frame). The tool's links and joints are renamed with
  /// `prefix`; names that would still clash are an error.
  public func attaching(
    _ tool: RobotDescription, to link: String, origin: Pose = .identity, jointName: String? = nil, prefix: String = ""
  ) throws -> RobotDescription {
    let context = "attaching robot '\(tool.name)' to robot '\(name)'"
    guard self.link(named: link) != nil else {
      throw LocatedError(context: context, message: "robot '\(name)' has no link '\(link)'")
    }
    func renamed(_ s: String) -> String { prefix + s }
    var robot = self
    let existingLinks = Set(links.map(\.name))
    let existingJoints = Set(joints.map(\.name))
    for l in tool.links {
      var copy = l
      copy.name = renamed(l.name)
      guard !existingLinks.contains(copy.name) else {
        throw LocatedError(context: context, message: "link '\(copy.name)' exists in both; give a prefix")
      }
      robot.links.append(copy)
    }
    let mount = jointName ?? renamed(tool.rootLink) + "_mount"
    if let clash = (tool.joints.map { renamed($0.name) } + [mount]).first(where: existingJoints.contains) {
      throw LocatedError(context: context, message: "joint '\(clash)' exists in both; give a prefix")
    }
    robot.joints.append(RobotJoint(name: mount, kind: .fixed, parent: link, child: renamed(tool.rootLink), origin: origin))
    for j in tool.joints {
      var copy = j
      copy.name = renamed(j.name)
      copy.parent = renamed(j.parent)
      copy.child = renamed(j.child)
      if var m = j.mimic {
        m.joint = renamed(m.joint)
        copy.mimic = m
      }
      robot.joints.append(copy)
    }
    robot.materials.merge(tool.materials) { mine, _ in mine }
    robot.meshes.merge(tool.meshes) { mine, _ in mine }
    robot.warnings += tool.warnings
    return robot
  }
}
