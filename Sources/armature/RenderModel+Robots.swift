import ArmatureCore
import Physics
import Rendering
import SceneDescription

extension RenderModel {
  /// Adds every visual of every robot in `world`, as `Drawable.linkVisual` named and framed
  /// `ROBOT/LINK` (the pose snapshot of the world holds those frames).
  mutating func addRobots(of world: World) throws {
    for id in world.robotIDs {
      let robot = world.robot(id)
      for link in robot.description.links {
        for visual in link.visuals {
          let geometry: Drawable.Geometry
          switch visual.shape {
          case .box(let s): geometry = .box(size: s)
          case .sphere(let r): geometry = .sphere(radius: r)
          case .capsule(let r, let l): geometry = .capsule(radius: r, length: l)
          case .cylinder(let r, let l): geometry = .cylinder(radius: r, length: l)
          case .plane(let n, let o): geometry = .plane(normal: n, offset: o)
          case .mesh(let file, let scale):
            geometry = .mesh(try robot.description.mesh(for: visual.shape) ?? MeshLoader.load(file).scaled(by: scale))
          }
          _ = try add(
            .linkVisual(
              robot: robot.name, link: link.name, origin: visual.origin, geometry: geometry,
              color: visual.color ?? SceneDefaults.color))
        }
      }
    }
  }
}
