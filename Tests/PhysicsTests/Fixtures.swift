import ArmatureCore
import Physics
import SceneDescription

/// Small worlds built through the public API for the physics tests.
enum Fixtures {
  static let g = 9.81

  /// A world with the ground plane z = 0 made of `ground` and nothing else.
  static func groundWorld(
    ground: Material = Material(name: "ground", friction: 0.5), settings: WorldSettings = WorldSettings(),
    seed: UInt64 = 0
  ) throws -> (World, MaterialID) {
    let world = try World(settings: settings, seed: seed)
    let m = world.addMaterial(ground)
    try world.addGeom(GeomSpec(name: "ground", shape: .plane(normal: Vector3(0, 0, 1), offset: 0), material: m))
    return (world, m)
  }

  /// Adds a uniform box.
  @discardableResult
  static func addBox(
    _ world: World, name: String, size: Vector3 = Vector3(repeating: 0.05), mass: Double = 0.125,
    at position: Vector3, orientation: Quaternion = .identity, velocity: Vector3 = .zero,
    angularVelocity: Vector3 = .zero, material: MaterialID = MaterialID(0)
  ) throws -> BodyID {
    let body = try world.addBody(
      BodySpec(
        name: name, pose: Pose(position: position, orientation: orientation),
        mass: MassProperties.of(.box(size: size), mass: mass)!, linearVelocity: velocity,
        angularVelocity: angularVelocity))
    try world.addGeom(GeomSpec(name: name, shape: .box(size: size), material: material), to: body)
    return body
  }

  /// Adds a uniform sphere.
  @discardableResult
  static func addSphere(
    _ world: World, name: String, radius: Double, mass: Double, at position: Vector3,
    velocity: Vector3 = .zero, material: MaterialID = MaterialID(0)
  ) throws -> BodyID {
    let body = try world.addBody(
      BodySpec(
        name: name, pose: Pose(position: position), mass: MassProperties.of(.sphere(radius: radius), mass: mass)!,
        linearVelocity: velocity))
    try world.addGeom(GeomSpec(name: name, shape: .sphere(radius: radius), material: material), to: body)
    return body
  }

  /// A pile of tumbling cubes: many contacts, so quickstep's constraint reordering (which draws
  /// on ODE's random generator) matters for the trajectory.
  static func tumblingPile(seed: UInt64 = 7) throws -> World {
    let (world, m) = try groundWorld(seed: seed)
    var rng = RandomStream(seed: 99)
    for i in 0..<8 {
      let q = Quaternion(
        axis: Vector3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)), angle: rng.uniform(0, 3))
      try addBox(
        world, name: "cube\(i)", at: Vector3(rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03), 0.04 + 0.06 * Double(i)),
        orientation: q, velocity: Vector3(rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), 0), material: m)
    }
    return world
  }
}
