import ArmatureCore
import Physics
import Randomization
import SceneDescription

/// The 5 cm cube of the cube tasks: its body, geom and material in the workcell, and its
/// randomization (mass, friction, size).
struct TaskCube {
  let body: BodyID
  let geom: GeomID
  let material: MaterialID
  let nominalMaterial: Material
  static let nominalSize = 0.05
  static let nominalMass = 0.125
  /// Height of the table top, m.
  static let tableTop = 0.75

  static let parameters = [
    RandomizableParameter("cube.mass", nominal: nominalMass, valid: 0.01...5, "mass of the cube, kg"),
    RandomizableParameter("cube.friction", nominal: 0.5, valid: 0...5, "friction coefficient of the cube"),
    RandomizableParameter("cube.size", nominal: nominalSize, valid: 0.02...0.08, "edge length of the cube, m"),
  ]

  /// The cube tasks' default randomization: the cube's mass (scale range `mass`), friction and
  /// size, then the workcell's (`ArmWorkcell.defaultRandomization`).
  static func defaultRandomization(mass: ClosedRange<Double>) -> RandomizationSpec {
    RandomizationSpec(parameters: [
      ParameterRandomization(name: "cube.mass", distribution: .logUniform(low: mass.lowerBound, high: mass.upperBound)),
      ParameterRandomization(name: "cube.friction", distribution: .uniform(low: 0.7, high: 1.3)),
      ParameterRandomization(name: "cube.size", distribution: .uniform(low: 0.9, high: 1.1)),
    ] + ArmWorkcell.defaultRandomization)
  }

  init(cell: ArmWorkcell, name: String = "cube") throws {
    guard let body = cell.world.body(named: name), let geom = cell.world.geom(named: name) else {
      throw PhysicsError.scene("the task scene needs a box object named '\(name)'")
    }
    self.body = body
    self.geom = geom
    material = cell.world.materialOf(geom)
    nominalMaterial = cell.world.materialProperties(material)
  }

  /// The cube's current edge length.
  func size(_ cell: ArmWorkcell) -> Double {
    if case .box(let s) = cell.world.shape(of: geom) { return s.x }
    return TaskCube.nominalSize
  }

  func applyRandomization(cell: ArmWorkcell, randomizer: Randomizer) throws {
    let world = cell.world
    let edge = randomizer.scalar("cube.size")
    let mass = randomizer.scalar("cube.mass")
    try world.resize(geom, to: .box(size: Vector3(repeating: edge)))
    let inertia = MassProperties.of(.box(size: Vector3(repeating: edge)), mass: mass)!.inertia
    try world.setMass(of: body, mass: mass, inertia: inertia)
    var m = nominalMaterial
    m.friction = randomizer.scalar("cube.friction")
    try world.setMaterial(material, m)
  }

  /// Puts the cube at rest on the table at (x, y), turned `yaw` about the vertical.
  func place(_ cell: ArmWorkcell, x: Double, y: Double, yaw: Double) throws {
    let h = size(cell) / 2
    try cell.world.setState(
      of: body, pose: Pose(position: Vector3(x, y, TaskCube.tableTop + h), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: yaw)))
  }

  func pose(_ cell: ArmWorkcell) -> Pose { cell.world.pose(of: body) }
  func velocity(_ cell: ArmWorkcell) -> Vector3 { cell.world.linearVelocity(of: body) }
  func angularVelocity(_ cell: ArmWorkcell) -> Vector3 { cell.world.angularVelocity(of: body) }

  /// The cube's observation: position, orientation (quaternion x, y, z, w), velocity, angular
  /// velocity.
  func observe(_ cell: ArmWorkcell) -> [Double] {
    let p = pose(cell)
    return p.position.array + p.orientation.array + velocity(cell).array + angularVelocity(cell).array
  }

  static let observationComponents: [(name: String, low: [Double], high: [Double])] = [
    ("cube_position", [-2, -2, 0], [2, 2, 3]), ("cube_orientation", [-1, -1, -1, -1], [1, 1, 1, 1]),
    ("cube_velocity", [-5, -5, -5], [5, 5, 5]), ("cube_angular_velocity", [-50, -50, -50], [50, 50, 50]),
  ]
}
