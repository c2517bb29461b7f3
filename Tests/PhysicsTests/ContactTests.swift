import ArmatureCore
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct ContactTests {
  @Test func restingCubeSettlesAtHalfItsEdgeAndStays() throws {
    let (world, m) = try Fixtures.groundWorld()
    let cube = try Fixtures.addBox(world, name: "cube", at: Vector3(0, 0, 0.1), material: m)
    try world.step(count: 500)  // falls and settles within a second
    let settled = world.pose(of: cube)
    #expect(abs(settled.position.z - 0.025) <= 0.001)
    try world.step(count: 5000)  // 10 more seconds
    let later = world.pose(of: cube)
    #expect(abs(later.position.z - 0.025) <= 0.001)
    #expect((later.position - settled.position).length < 1e-4)
    #expect(later.orientation.angle(to: .identity) < 1e-3)
    #expect(world.linearVelocity(of: cube).length < 1e-4)
  }

  @Test(arguments: [0.2, 0.5, 0.9])
  func slidingCubeStopsAtTheFrictionDistance(mu: Double) throws {
    let (world, m) = try Fixtures.groundWorld(ground: Material(name: "floor", friction: mu))
    let v0 = 2.0
    let start = Vector3(0, 0, 0.0245)
    let cube = try Fixtures.addBox(world, name: "cube", at: start, velocity: Vector3(v0, 0, 0), material: m)
    try world.step(count: 2000)
    #expect(world.linearVelocity(of: cube).length < 1e-3)
    let travelled = world.pose(of: cube).position.x - start.x
    let expected = v0 * v0 / (2 * mu * Fixtures.g)
    #expect(abs(travelled - expected) <= 0.05 * expected, "travelled \(travelled) m, expected \(expected) m")
  }

  @Test func frictionCombinesAsTheGeometricMean() throws {
    let floor = Material(name: "floor", friction: 0.8)
    let ice = Material(name: "ice", friction: 0.2)
    #expect(isClose(floor.combined(with: ice).friction, 0.4, within: 1e-12))
    #expect(floor.combined(with: ice).restitution == 0)
    let (world, _) = try Fixtures.groundWorld(ground: floor)
    let iceID = world.addMaterial(ice)
    let cube = try Fixtures.addBox(world, name: "cube", at: Vector3(0, 0, 0.0245), velocity: Vector3(2, 0, 0), material: iceID)
    try world.step(count: 2000)
    let expected = 4 / (2 * 0.4 * Fixtures.g)
    #expect(abs(world.pose(of: cube).position.x - expected) <= 0.05 * expected)
  }

  @Test(arguments: [0.5, 0.8])
  func bounceHeightRatioIsRestitutionSquared(e: Double) throws {
    let (world, m) = try Fixtures.groundWorld(ground: Material(name: "hard", friction: 0.5, restitution: e))
    let r = 0.02
    let h0 = 0.5
    let ball = try Fixtures.addSphere(world, name: "ball", radius: r, mass: 0.05, at: Vector3(0, 0, h0 + r), material: m)
    var bounced = false
    var apex = 0.0
    var previousVz = 0.0
    for _ in 0..<1000 {
      try world.step()
      let vz = world.linearVelocity(of: ball).z
      if previousVz < 0 && vz > 0 { bounced = true }
      if bounced && previousVz > 0 && vz <= 0 {
        apex = world.pose(of: ball).position.z - r
        break
      }
      previousVz = vz
    }
    #expect(bounced)
    let ratio = apex / h0
    #expect(abs(ratio - e * e) <= 0.05 * e * e, "apex ratio \(ratio), e² = \(e * e)")
  }

  @Test(arguments: [false, true])
  func boxOnAConveyorMovesAtBeltSpeed(beltAfterBox: Bool) throws {
    let world = try World()
    let beltMaterial = world.addMaterial(Material(name: "belt", friction: 0.9))
    let boxMaterial = world.addMaterial(Material(name: "cardboard", friction: 0.6))
    let beltVelocity = Vector3(0.3, 0.1, 0)
    func addBelt() throws {
      try world.addGeom(
        GeomSpec(
          name: "belt", shape: .box(size: Vector3(4, 4, 0.1)), pose: Pose(position: Vector3(0, 0, -0.05)),
          material: beltMaterial, surfaceVelocity: beltVelocity))
    }
    if !beltAfterBox { try addBelt() }
    let box = try Fixtures.addBox(
      world, name: "box", size: Vector3(0.3, 0.2, 0.1), mass: 2, at: Vector3(0, 0, 0.05), material: boxMaterial)
    if beltAfterBox { try addBelt() }
    try world.step(count: 1000)
    let v = world.linearVelocity(of: box)
    #expect(abs(v.x - beltVelocity.x) <= 0.05 * beltVelocity.x, "velocity \(v.array)")
    #expect(abs(v.y - beltVelocity.y) <= 0.05 * beltVelocity.y, "velocity \(v.array)")
    #expect(abs(v.z) < 1e-3)
  }

  @Test func aBeltSpeedSetAfterBuildingCarriesTheBoxAtTheNewSpeed() throws {
    let world = try World()
    let beltMaterial = world.addMaterial(Material(name: "belt", friction: 0.9))
    let belt = try world.addGeom(
      GeomSpec(
        name: "belt", shape: .box(size: Vector3(4, 4, 0.1)), pose: Pose(position: Vector3(0, 0, -0.05)),
        material: beltMaterial, surfaceVelocity: Vector3(0.3, 0, 0)))
    let box = try Fixtures.addBox(world, name: "box", size: Vector3(0.3, 0.2, 0.1), mass: 2, at: Vector3(0, 0, 0.05))
    try world.setSurfaceVelocity(of: belt, Vector3(0, -0.15, 0))
    #expect(world.surfaceVelocity(of: belt) == Vector3(0, -0.15, 0))
    try world.step(count: 500)
    let v = world.linearVelocity(of: box)
    #expect(abs(v.y + 0.15) <= 0.05 * 0.15 && abs(v.x) < 0.005, "velocity \(v.array)")
    // Stopping the belt stops the box (friction brings it to rest).
    try world.setSurfaceVelocity(of: belt, nil)
    try world.step(count: 500)
    #expect(world.linearVelocity(of: box).length < 1e-3)
    // Only static geometry moves its surface, and only at a finite speed.
    let boxGeom = try #require(world.geom(named: "box"))
    #expect(throws: PhysicsError.self) { try world.setSurfaceVelocity(of: boxGeom, Vector3(1, 0, 0)) }
    #expect(throws: PhysicsError.self) { try world.setSurfaceVelocity(of: belt, Vector3(.nan, 0, 0)) }
  }

  @Test func collisionFilteringByCategoryBits() throws {
    let world = try World()
    try world.addGeom(
      GeomSpec(name: "ground", shape: .plane(normal: Vector3(0, 0, 1), offset: 0), category: 0b01, collidesWith: 0b01))
    let ghost = try world.addBody(
      BodySpec(name: "ghost", pose: Pose(position: Vector3(0, 0, 0.1)), mass: MassProperties.of(.sphere(radius: 0.02), mass: 0.1)!))
    try world.addGeom(GeomSpec(name: "ghost", shape: .sphere(radius: 0.02), category: 0b10, collidesWith: 0b10), to: ghost)
    let solid = try Fixtures.addSphere(world, name: "solid", radius: 0.02, mass: 0.1, at: Vector3(0.5, 0, 0.1))
    try world.step(count: 500)
    #expect(world.pose(of: ghost).position.z < -0.5, "the ghost falls through the ground")
    #expect(abs(world.pose(of: solid).position.z - 0.02) < 0.002, "the solid sphere rests on it")
  }

  @Test func contactsAreReported() throws {
    let (world, m) = try Fixtures.groundWorld()
    let cube = try Fixtures.addBox(world, name: "cube", at: Vector3(0, 0, 0.0245), material: m)
    try world.step()
    #expect(world.isTouching(cube, nil))
    let contacts = world.contacts(involving: cube)
    #expect(contacts.count == 4, "a box resting on a plane touches it at its 4 corners")
    for c in contacts { #expect(isClose(abs(c.normal.z), 1, within: 1e-9)) }
  }

  @Test func softMaterialSinksByWeightOverStiffness() throws {
    // A contact with stiffness k (N/m) under a weight m g sinks by m g / k (plus the surface layer
    // that contacts are allowed to penetrate before correction starts).
    let k = 2000.0
    // The ball is rigid (the default material), so the contact has the foam's stiffness; two foams
    // would act as springs in series, with half of it.
    let (world, _) = try Fixtures.groundWorld(ground: Material(name: "foam", friction: 0.5, stiffness: k, damping: 50))
    let mass = 1.0
    let ball = try Fixtures.addSphere(world, name: "ball", radius: 0.05, mass: mass, at: Vector3(0, 0, 0.05))
    try world.step(count: 3000)
    let sink = 0.05 - world.pose(of: ball).position.z
    let expected = mass * Fixtures.g / k + world.settings.contacts.surfaceLayer
    #expect(abs(sink - expected) <= 0.05 * expected, "sank \(sink) m, expected \(expected) m")
  }
}
