import ArmatureCore
import EnvInterface
import Physics
import Randomization
import SceneDescription

/// The parcels in a tote: 70 × 50 × 40 mm cardboard boxes of 80 g, free bodies named
/// `PREFIX0`, `PREFIX1`, … in the scene. Each episode the randomization says how many ride in
/// the tote (the rest wait on the floor behind the robot, out of reach and out of the way) and
/// what each weighs.
///
/// Placement: the tote's floor is split into four cells (centres ±70 mm along its length, ±45 mm
/// across); each parcel takes a different cell, chosen at random, shifted by up to ±10 mm along
/// and ±5 mm across and turned by up to ±0.2 rad, lying flat on the floor. Parcels never sit
/// under the bar, where the fingertips reach.
struct ToteContents {
  let bodies: [BodyID]
  let material: MaterialID
  let nominalMaterial: Material
  let nominalMass: MassProperties
  /// The randomization parameter giving the parcel count.
  let countParameter: String
  /// Where unused parcels wait (floor positions of their centres).
  let parking: [Vector3]
  /// How many parcels ride in the tote this episode.
  private(set) var count = 0

  static let size = Vector3(0.07, 0.05, 0.04)
  static let nominalMassKg = 0.08
  static let capacity = 3

  /// The contents parameters: `count` names the parcel-count parameter of this tote.
  static func parameters(count: String, what: String) -> [RandomizableParameter] {
    [RandomizableParameter(count, nominal: 2, valid: 0...Double(capacity), "number of parcels in \(what) (rounded)")]
  }
  static let massParameter = RandomizableParameter(
    "contents.mass", nominal: nominalMassKg, valid: 0.005...2, "mass of each parcel, kg")

  init(world: World, prefix: String, countParameter: String, parking: [Vector3]) throws {
    var bodies: [BodyID] = []
    for i in 0..<ToteContents.capacity {
      guard let b = world.body(named: "\(prefix)\(i)"), let g = world.geom(named: "\(prefix)\(i)"),
        case .box(let s) = world.shape(of: g), (s - ToteContents.size).length < 1e-9
      else {
        throw PhysicsError.scene("the task scene needs a \(ToteContents.size.array) box object named '\(prefix)\(i)'")
      }
      bodies.append(b)
    }
    precondition(parking.count == bodies.count)
    self.bodies = bodies
    self.countParameter = countParameter
    self.parking = parking
    let geom = world.geom(named: "\(prefix)0")!
    material = world.materialOf(geom)
    nominalMaterial = world.materialProperties(material)
    nominalMass = world.massProperties(of: bodies[0])
  }

  /// Sets every parcel's mass.
  func applyRandomization(world: World, randomizer: Randomizer) throws {
    let scale = randomizer.scalar("contents.mass") / nominalMass.mass
    for b in bodies {
      try world.setMass(of: b, mass: nominalMass.mass * scale, inertia: scale * nominalMass.inertia)
    }
  }

  /// Takes this episode's parcel count from the randomization.
  mutating func drawCount(_ randomizer: Randomizer) {
    count = min(ToteContents.capacity, max(0, Int(randomizer.scalar(countParameter).rounded())))
  }

  /// Puts `count` parcels in the tote (at rest on its floor) and parks the rest.
  func place(_ world: World, in tote: Pose, random: inout RandomStream) throws {
    var cells = [(0.07, 0.045), (-0.07, 0.045), (-0.07, -0.045), (0.07, -0.045)]
    for i in 0..<count {
      let k = i + random.integer(below: cells.count - i)
      cells.swapAt(i, k)
      let local = Vector3(
        cells[i].0 + random.uniform(-0.01, 0.01), cells[i].1 + random.uniform(-0.005, 0.005),
        TaskTote.wall + ToteContents.size.z / 2)
      let yaw = random.uniform(-0.2, 0.2)
      try world.setState(
        of: bodies[i],
        pose: tote * Pose(position: local, orientation: Quaternion(axis: Vector3(0, 0, 1), angle: yaw)))
    }
    for i in count..<bodies.count {
      try world.setState(of: bodies[i], pose: Pose(position: parking[i]))
    }
  }

  /// Whether every parcel of this episode is still inside the tote.
  func allInside(_ world: World, tote: Pose) -> Bool {
    bodies.prefix(count).allSatisfy { TaskTote.contains(world.pose(of: $0).position, tote: tote) }
  }

  /// Each parcel's position in the tote's frame and whether it rides this episode (1) or waits
  /// parked (0, position zero): 4 values per parcel.
  func observe(_ world: World, tote: Pose) -> [Double] {
    var v: [Double] = []
    let inverse = tote.inverse
    for (i, b) in bodies.enumerated() {
      if i < count {
        v += inverse.transform(world.pose(of: b).position).array + [1]
      } else {
        v += [0, 0, 0, 0]
      }
    }
    return v
  }

  static func observationComponents(_ name: String) -> (name: String, low: [Double], high: [Double]) {
    let low = [Double]((0..<capacity).map { _ in [-3, -3, -3, 0] }.joined())
    let high = [Double]((0..<capacity).map { _ in [3, 3, 3, 1] }.joined())
    return (name, low, high)
  }

  /// Restores the parcel count of a saved episode.
  mutating func restore(count: Int) throws {
    guard (0...ToteContents.capacity).contains(count) else {
      throw EnvironmentStateError("a tote holds 0 to \(ToteContents.capacity) parcels, not \(count)")
    }
    self.count = count
  }
}
