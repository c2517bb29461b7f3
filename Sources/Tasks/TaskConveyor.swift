import ArmatureCore
import Physics
import Randomization

/// The conveyor of `tote-to-conveyor`: a static box named `belt` whose top surface moves along
/// the world's +x axis (ODE contact motion, `World.setSurfaceVelocity`), at a speed the task's
/// randomization sets each episode.
struct TaskConveyor {
  let geom: GeomID
  /// The belt's top surface: its centre and half extents along x and y (world axes; the belt
  /// box is not turned).
  let topCentre: Vector3
  let halfLength: Double
  let halfWidth: Double

  static let parameters = [
    RandomizableParameter("conveyor.speed", nominal: 0.2, valid: 0...1, "speed of the belt along +x, m/s")
  ]

  init(world: World, name: String = "belt") throws {
    guard let geom = world.geom(named: name), world.body(of: geom) == nil, case .box(let size) = world.shape(of: geom)
    else { throw PhysicsError.scene("the task scene needs a static box named '\(name)' (the conveyor belt)") }
    let pose = world.pose(of: geom)
    guard pose.orientation.angle(to: .identity) < 1e-9 else {
      throw PhysicsError.scene("the conveyor belt '\(name)' must be axis-aligned (it runs along +x)")
    }
    self.geom = geom
    topCentre = pose.position + Vector3(0, 0, size.z / 2)
    halfLength = size.x / 2
    halfWidth = size.y / 2
  }

  func applyRandomization(world: World, randomizer: Randomizer) throws {
    try world.setSurfaceVelocity(of: geom, Vector3(randomizer.scalar("conveyor.speed"), 0, 0))
  }

  /// The belt surface's velocity.
  func velocity(_ world: World) -> Vector3 { world.surfaceVelocity(of: geom) ?? .zero }

  /// Whether a point's horizontal position lies on the belt's top surface, at least `margin`
  /// inside its edges.
  func covers(_ p: Vector3, margin: Double = 0) -> Bool {
    abs(p.x - topCentre.x) <= halfLength - margin && abs(p.y - topCentre.y) <= halfWidth - margin
  }
}
