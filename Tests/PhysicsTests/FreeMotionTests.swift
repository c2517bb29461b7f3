import ArmatureCore
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct FreeMotionTests {
  @Test func freeFallFollowsTheIntegratorExactly() throws {
    let world = try World()
    let h = world.settings.timestep
    let z0 = 2.0
    let cube = try Fixtures.addBox(world, name: "cube", at: Vector3(0, 0, z0))
    for n in 1...500 {
      try world.step()
      let t = Double(n) * h
      let z = world.pose(of: cube).position.z
      // Semi-implicit Euler: v₁ = v₀ − g h, z₁ = z₀ + v₁ h, so z_n = z₀ − g h² n(n+1)/2.
      let discrete = z0 - Fixtures.g * h * h * Double(n * (n + 1)) / 2
      #expect(abs(z - discrete) < 1e-9)
      // And the continuous law z₀ − g t²/2 within the method's first-order error g h t / 2.
      #expect(abs(z - (z0 - Fixtures.g * t * t / 2)) <= Fixtures.g * h * t / 2 + 1e-9)
    }
    #expect(isClose(world.linearVelocity(of: cube).z, -Fixtures.g * 1.0, within: 1e-9))
  }

  @Test func torqueFreeSpinKeepsAngularMomentum() throws {
    let world = try World(settings: { var s = WorldSettings(); s.gravity = .zero; return s }())
    let body = try Fixtures.addBox(
      world, name: "brick", size: Vector3(0.2, 0.1, 0.05), mass: 1, at: .zero, angularVelocity: Vector3(0, 0, 3))
    try world.step(count: 1000)
    // Spinning about a principal axis: the angular velocity stays (0, 0, 3), the angle grows by 3 t
    // (up to ODE's first-order quaternion integration, about 1e-5 rad here).
    #expect(isClose(world.angularVelocity(of: body), Vector3(0, 0, 3), within: 1e-9))
    let q = world.pose(of: body).orientation
    #expect(isClose(q.angle(to: Quaternion(axis: Vector3(0, 0, 1), angle: 3 * 2.0)), 0, within: 1e-4))
  }

  @Test func appliedForceAcceleratesAsNewtonSays() throws {
    let world = try World(settings: { var s = WorldSettings(); s.gravity = .zero; return s }())
    let body = try Fixtures.addBox(world, name: "box", mass: 2, at: .zero)
    for _ in 0..<100 {
      world.applyForce(Vector3(4, 0, 0), to: body)  // a = F/m = 2 m/s²
      try world.step()
    }
    #expect(isClose(world.linearVelocity(of: body).x, 2 * 0.2, within: 1e-9))
  }

  @Test func centreOfMassAwayFromTheFrameIsHandled() throws {
    // A body whose frame origin is 0.1 m from its centre of mass, spinning without gravity with the
    // centre of mass at rest: the frame origin circles the centre of mass. Velocities are given for
    // the frame origin, which moves at −ω × (c − o).
    let world = try World(settings: { var s = WorldSettings(); s.gravity = .zero; return s }())
    let mass = MassProperties(mass: 1, centerOfMass: Vector3(0.1, 0, 0), inertia: .diagonal(Vector3(0.01, 0.01, 0.01)))
    let body = try world.addBody(
      BodySpec(name: "offset", mass: mass, linearVelocity: Vector3(0, -0.1, 0), angularVelocity: Vector3(0, 0, 1)))
    #expect(isClose(world.linearVelocity(of: body), Vector3(0, -0.1, 0), within: 1e-12))
    try world.step(count: 500)
    #expect(isClose(world.centerOfMass(of: body), Vector3(0.1, 0, 0), within: 1e-9))
    let origin = world.pose(of: body).position
    #expect(isClose((origin - Vector3(0.1, 0, 0)).length, 0.1, within: 1e-9))
  }
}
