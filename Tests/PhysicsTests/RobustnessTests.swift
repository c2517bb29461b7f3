import ArmatureCore
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct RobustnessTests {
  @Test func nanForceIsADivergenceErrorNamingTheBody() throws {
    let (world, m) = try Fixtures.groundWorld()
    let cube = try Fixtures.addBox(world, name: "cube", at: Vector3(0, 0, 0.1), material: m)
    let initial = world.state()
    try world.step(count: 10)
    world.applyForce(Vector3(.nan, 0, 0), to: cube)
    #expect {
      try world.step()
    } throws: { error in
      guard case PhysicsError.diverged(let body, _, _) = error else { return false }
      return body == "cube"
    }
    // The process lives, and the world resets and steps on.
    try world.restore(initial)
    try world.step(count: 100)
    #expect(world.pose(of: cube).position.isFinite)
  }

  @Test func runawaySpeedIsADivergenceError() throws {
    let world = try World()
    let cube = try Fixtures.addBox(world, name: "rocket", at: .zero)
    world.applyForce(Vector3(0, 0, 1e6), to: cube)
    #expect(throws: PhysicsError.self) { try world.step() }
  }

  @Test func invalidArgumentsAreRefusedBeforeODE() throws {
    let world = try World()
    let badMass = MassProperties(mass: -1, inertia: .identity)
    #expect(throws: PhysicsError.self) { try world.addBody(BodySpec(name: "a", mass: badMass)) }
    let badInertia = MassProperties(mass: 1, inertia: .diagonal(Vector3(1, 1, 5)))  // triangle inequality
    #expect(throws: PhysicsError.self) { try world.addBody(BodySpec(name: "b", mass: badInertia)) }
    let nanPose = Pose(position: Vector3(.nan, 0, 0))
    #expect(throws: PhysicsError.self) {
      try world.addBody(BodySpec(name: "c", pose: nanPose, mass: MassProperties.of(.sphere(radius: 1), mass: 1)!))
    }
    #expect(throws: PhysicsError.self) { try world.addGeom(GeomSpec(name: "g", shape: .box(size: Vector3(0, 1, 1)))) }
    #expect(throws: PhysicsError.self) { try World(settings: { var s = WorldSettings(); s.timestep = 0; return s }()) }
    let body = try Fixtures.addBox(world, name: "box", at: .zero)
    #expect(throws: PhysicsError.self) {
      try world.addJoint(JointSpec(name: "j", kind: .hinge, parent: body, child: body))
    }
    let hinge = try world.addJoint(JointSpec(name: "h", kind: .hinge, parent: nil, child: body))
    #expect(throws: PhysicsError.self) { try world.setControl(hinge, .velocity(target: .infinity, maxForce: 1)) }
    #expect(throws: PhysicsError.self) { try world.setControl(hinge, .position(target: 0, stiffness: 0, damping: 0, maxForce: 1)) }
  }

  @Test func manyWorldsLiveInOneProcess() throws {
    var worlds: [World] = []
    for i in 0..<50 {
      let (w, m) = try Fixtures.groundWorld(seed: UInt64(i))
      try Fixtures.addBox(w, name: "cube", at: Vector3(0, 0, 0.1), material: m)
      worlds.append(w)
    }
    for w in worlds { try w.step(count: 20) }
    worlds.removeAll()  // every world frees its ODE resources in deinit
    let (w, m) = try Fixtures.groundWorld()
    let cube = try Fixtures.addBox(w, name: "cube", at: Vector3(0, 0, 0.1), material: m)
    try w.step(count: 500)
    #expect(abs(w.pose(of: cube).position.z - 0.025) < 0.001)
  }

  @Test func triangleMeshCollides() throws {
    // A unit-cube mesh as static ground; a sphere comes to rest on its top face.
    let v: [Vector3] = [
      Vector3(-1, -1, -1), Vector3(1, -1, -1), Vector3(1, 1, -1), Vector3(-1, 1, -1),
      Vector3(-1, -1, 1), Vector3(1, -1, 1), Vector3(1, 1, 1), Vector3(-1, 1, 1),
    ]
    let i: [UInt32] = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7]
    let mesh = TriangleMesh(vertices: v, indices: i)
    let world = try World()
    try world.addGeom(GeomSpec(name: "block", shape: .mesh(mesh), pose: Pose(position: Vector3(0, 0, -1))))
    let ball = try Fixtures.addSphere(world, name: "ball", radius: 0.05, mass: 0.2, at: Vector3(0.2, 0.1, 0.3))
    try world.step(count: 1000)
    #expect(abs(world.pose(of: ball).position.z - 0.05) < 0.002)
    // And the mesh's mass properties equal the box's.
    let fromMesh = try #require(MassProperties.of(mesh: mesh, mass: 8))
    let fromBox = try #require(MassProperties.of(.box(size: Vector3(2, 2, 2)), mass: 8))
    #expect(isClose(fromMesh.centerOfMass, .zero, within: 1e-12))
    for r in 0..<3 { for c in 0..<3 { #expect(isClose(fromMesh.inertia[r, c], fromBox.inertia[r, c], within: 1e-9)) } }
  }

  @Test func compoundMassPropertiesMatchTheWhole() throws {
    // Two 1×1×1 halves side by side weigh and turn like one 2×1×1 box.
    let half = try #require(MassProperties.of(.box(size: Vector3(1, 1, 1)), mass: 1))
    let combined = MassProperties.combine([
      (half, Pose(position: Vector3(-0.5, 0, 0))), (half, Pose(position: Vector3(0.5, 0, 0))),
    ])
    let whole = try #require(MassProperties.of(.box(size: Vector3(2, 1, 1)), mass: 2))
    #expect(combined.mass == 2)
    #expect(isClose(combined.centerOfMass, .zero, within: 1e-12))
    for r in 0..<3 { for c in 0..<3 { #expect(isClose(combined.inertia[r, c], whole.inertia[r, c], within: 1e-12)) } }
  }
}
