import ArmatureCore
import Physics
import Randomization
import SceneDescription

/// The warehouse tote of the tote tasks, as the task scenes build it (`Scenes/tasks/tote-*.yaml`):
/// a 300 × 200 × 120 mm polypropylene bin of 0.4 kg (a small Euro stacking container weighs
/// 0.35–0.45 kg) with 6 mm walls and bottom and a 20 × 25 mm carry bar across the middle. Body
/// frame: the centre of the bottom face, x along the tote's length, z up.
///
/// The rim a stacked tote stands on is the two long walls' tops (120 mm); the short walls end 1 mm
/// lower and the bar's top is 2 mm below the rim. A flat rim of five coplanar faces gives ODE's
/// exact solver twenty redundant contacts between two stacked totes, on which its LCP fails
/// ("LCP internal error, s <= 0") and launches the totes; two strips do not.
///
/// The grasp it is designed for: the gripper comes down over the bar pointing down, its fingers
/// closing along the tote's length on the bar's 20 mm width (the 2F-85's stroke is 85 mm), the
/// grasp centre 14 mm below the bar's centre, so that the whole bar height lies between the pads
/// and the gripper housing is 1 mm above the bar (it presses the tote onto a surface while the
/// fingers open). The tote's centre of mass lies under the bar, and the flat pads on the bar's
/// flat faces resist the tote swinging about it. The fingertips end 29 mm below the bar, 18 mm
/// above parcels lying in the tote.
struct TaskTote {
  let body: BodyID
  let geoms: [GeomID]
  let material: MaterialID
  let nominalMaterial: Material
  let nominalMass: MassProperties

  /// Outer length (x), width (y) and height (z), m.
  static let size = Vector3(0.30, 0.20, 0.12)
  /// Wall and bottom thickness, m.
  static let wall = 0.006
  /// The carry bar: its width along x, its height, and its centre above the bottom face, m.
  static let barWidth = 0.020
  static let barHeight = 0.025
  static let barCentreHeight = size.z - 0.002 - barHeight / 2
  static let nominalMassKg = 0.4
  /// The parts a tote in a task scene must have, in order (shape and pose in the body frame).
  static let parts: [(size: Vector3, position: Vector3)] = [
    (Vector3(0.3, 0.2, 0.006), Vector3(0, 0, 0.003)),
    (Vector3(0.3, 0.006, 0.114), Vector3(0, 0.097, 0.063)),
    (Vector3(0.3, 0.006, 0.114), Vector3(0, -0.097, 0.063)),
    (Vector3(0.006, 0.188, 0.113), Vector3(0.147, 0, 0.0625)),
    (Vector3(0.006, 0.188, 0.113), Vector3(-0.147, 0, 0.0625)),
    (Vector3(barWidth, 0.188, barHeight), Vector3(0, 0, barCentreHeight)),
  ]

  /// The tote parameters (one tote material and mass scale for every tote in a scene).
  static let parameters = [
    RandomizableParameter("tote.mass", nominal: nominalMassKg, valid: 0.05...5, "mass of each tote, kg"),
    RandomizableParameter("tote.friction", nominal: 0.5, valid: 0...5, "friction coefficient of the totes' plastic"),
  ]

  /// Binds the tote object `name` of the scene, checking that it is built as documented.
  init(world: World, name: String) throws {
    guard let body = world.body(named: name) else { throw PhysicsError.scene("the task scene needs a tote object named '\(name)'") }
    var geoms: [GeomID] = []
    for (i, expected) in TaskTote.parts.enumerated() {
      guard let g = world.geom(named: "\(name)/part\(i)"), case .box(let s) = world.shape(of: g),
        (s - expected.size).length < 1e-9, (world.localPose(of: g).position - expected.position).length < 1e-9
      else {
        throw PhysicsError.scene(
          "tote '\(name)': part \(i) must be a box of \(expected.size.array) at \(expected.position.array) (see TaskTote)")
      }
      geoms.append(g)
    }
    guard world.geom(named: "\(name)/part\(TaskTote.parts.count)") == nil else {
      throw PhysicsError.scene("tote '\(name)': expected \(TaskTote.parts.count) parts")
    }
    self.body = body
    self.geoms = geoms
    material = world.materialOf(geoms[0])
    nominalMaterial = world.materialProperties(material)
    nominalMass = world.massProperties(of: body)
  }

  /// Sets the tote's mass (inertia scaled with it, about the unchanged centre of mass) and the
  /// plastic's friction.
  func applyRandomization(world: World, randomizer: Randomizer) throws {
    let scale = randomizer.scalar("tote.mass") / nominalMass.mass
    try world.setMass(of: body, mass: nominalMass.mass * scale, inertia: scale * nominalMass.inertia)
    var m = nominalMaterial
    m.friction = randomizer.scalar("tote.friction")
    try world.setMaterial(material, m)
  }

  /// Puts the tote at rest, upright, its bottom on the surface at height `z`.
  func place(_ world: World, x: Double, y: Double, z: Double, yaw: Double) throws {
    try world.setState(of: body, pose: Pose(position: Vector3(x, y, z), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: yaw)))
  }

  func pose(_ world: World) -> Pose { world.pose(of: body) }

  /// The world position of the bar's centre (the grasp point).
  static func handle(_ pose: Pose) -> Vector3 { pose.transform(Vector3(0, 0, barCentreHeight)) }

  /// The angle between the tote's up axis and the world's, rad.
  static func tilt(_ pose: Pose) -> Double {
    let up = pose.orientation.rotate(Vector3(0, 0, 1))
    return Double.atan2(y: (up.x * up.x + up.y * up.y).squareRoot(), x: up.z)
  }

  /// The heading of the tote's length axis in the world's horizontal plane, rad.
  static func yaw(_ pose: Pose) -> Double {
    let x = pose.orientation.rotate(Vector3(1, 0, 0))
    return Double.atan2(y: x.y, x: x.x)
  }

  /// The world positions of the bottom face's four corners.
  static func bottomCorners(_ pose: Pose) -> [Vector3] {
    let (a, b) = (size.x / 2, size.y / 2)
    return [Vector3(a, b, 0), Vector3(-a, b, 0), Vector3(-a, -b, 0), Vector3(a, -b, 0)].map { pose.transform($0) }
  }

  /// Whether a point (world) lies inside the tote's inner volume (up to the rim).
  static func contains(_ point: Vector3, tote pose: Pose) -> Bool {
    let p = pose.inverse.transform(point)
    return abs(p.x) < size.x / 2 - wall && abs(p.y) < size.y / 2 - wall && p.z > wall - 0.002 && p.z < size.z
  }

  /// Position, orientation (x, y, z, w), velocity and angular velocity.
  func observe(_ world: World) -> [Double] {
    let p = pose(world)
    return p.position.array + p.orientation.array + world.linearVelocity(of: body).array + world.angularVelocity(of: body).array
  }

  /// The observation components of `observe`, prefixed with `prefix` (`tote`, `base_tote`).
  static func observationComponents(_ prefix: String) -> [(name: String, low: [Double], high: [Double])] {
    [
      (prefix + "_position", [-2, -2, 0], [2, 2, 3]), (prefix + "_orientation", [-1, -1, -1, -1], [1, 1, 1, 1]),
      (prefix + "_velocity", [-5, -5, -5], [5, 5, 5]), (prefix + "_angular_velocity", [-50, -50, -50], [50, 50, 50]),
    ]
  }
}
