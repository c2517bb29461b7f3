import ArmatureCore
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct JointTests {
  /// A sphere of radius r hanging at distance L below a hinge on the world, displaced by `angle`.
  /// These use the exact solver: quickstep's projected Gauss–Seidel converges slowly for a light
  /// bob on a long lever (an ill-conditioned system), and these tests check the joint model itself.
  func pendulum(length L: Double, radius r: Double = 0.01, angle: Double, settings: WorldSettings = { var s = WorldSettings(); s.solver = .exact; return s }())
    throws -> (World, BodyID, JointID)
  {
    let world = try World(settings: settings)
    let p = Vector3(L * angle.sin, 0, 1 - L * angle.cos)
    let bob = try Fixtures.addSphere(world, name: "bob", radius: r, mass: 1, at: p)
    let hinge = try world.addJoint(
      JointSpec(name: "pivot", kind: .hinge, parent: nil, child: bob, anchor: Vector3(0, 0, 1), axis: Vector3(0, 1, 0)))
    return (world, bob, hinge)
  }

  @Test(arguments: [0.25, 1.0])
  func smallAnglePendulumPeriod(length L: Double) throws {
    let r = 0.01
    let (world, bob, hinge) = try pendulum(length: L, radius: r, angle: 0.05)
    // A sphere on a massless rod: T = 2π √(I / (m g L)) with I = m L² + 2/5 m r².
    let expected = 2 * Double.pi * ((L * L + 0.4 * r * r) / (Fixtures.g * L)).squareRoot()
    var crossings: [Double] = []
    var previous = world.pose(of: bob).position.x
    while crossings.count < 7 {
      try world.step()
      let x = world.pose(of: bob).position.x
      if previous > 0 && x <= 0 || previous < 0 && x >= 0 {
        // Linear interpolation of the crossing time within the step.
        let h = world.settings.timestep
        crossings.append(world.time - h * x / (x - previous))
      }
      previous = x
    }
    let period = (crossings[6] - crossings[0]) / 3
    #expect(abs(period - expected) <= 0.01 * expected, "period \(period) s, expected \(expected) s")
    #expect(abs(world.jointPosition(hinge)) <= 0.051)
  }

  @Test func hingeAngleFollowsTheChildAndCountsTurns() throws {
    var settings = WorldSettings()
    settings.gravity = .zero
    let world = try World(settings: settings)
    let wheel = try Fixtures.addBox(world, name: "wheel", size: Vector3(0.2, 0.2, 0.02), mass: 1, at: .zero)
    let axle = try world.addJoint(JointSpec(name: "axle", kind: .hinge, parent: nil, child: wheel, axis: Vector3(0, 0, 1)))
    try world.setControl(axle, .velocity(target: 2, maxForce: 100))
    try world.step(count: 5000)  // 10 s at 2 rad/s: about three turns
    #expect(isClose(world.jointVelocity(axle), 2, within: 1e-6))
    #expect(isClose(world.jointPosition(axle), 20, within: 0.02), "unwrapped angle \(world.jointPosition(axle))")
  }

  @Test func velocityMotorReachesItsTarget() throws {
    let (world, _, hinge) = try pendulum(length: 0.5, angle: 0)
    try world.setControl(hinge, .velocity(target: -1.5, maxForce: 50))
    try world.step(count: 250)
    #expect(isClose(world.jointVelocity(hinge), -1.5, within: 1e-6))
  }

  @Test func hingeLimitsHoldAgainstGravity() throws {
    let (world, bob, hinge) = try pendulum(length: 0.5, angle: 1.2)
    try world.setJointLimits(hinge, -0.3...0.3)
    // Start outside the limit: the stop pushes the joint back and then holds it.
    var worst = -Double.infinity
    try world.step(count: 200)
    for _ in 0..<1000 {
      try world.step()
      worst = max(worst, abs(world.jointPosition(hinge)))
    }
    // The hard stop sits `stopMargin` outside the limit (see World.stopMargin).
    #expect(worst <= 0.3 + World.stopMargin.hinge + 0.01, "joint reached \(worst) rad")
    #expect(world.pose(of: bob).position.x > 0)
  }

  @Test func limitsBeyondHalfATurnHold() throws {
    // UR joints span ±2π; ODE's own hinge stops must stay within ±π.
    var settings = WorldSettings()
    settings.gravity = .zero
    let world = try World(settings: settings)
    let wheel = try Fixtures.addBox(world, name: "wheel", size: Vector3(0.2, 0.2, 0.02), mass: 1, at: .zero)
    let axle = try world.addJoint(
      JointSpec(name: "axle", kind: .hinge, parent: nil, child: wheel, axis: Vector3(0, 0, 1), limits: -5...5))
    try world.setControl(axle, .velocity(target: 3, maxForce: 5))
    try world.step(count: 2500)
    #expect(isClose(world.jointPosition(axle), 5, within: 0.02), "stopped at \(world.jointPosition(axle))")
    try world.setControl(axle, .velocity(target: -3, maxForce: 5))
    try world.step(count: 5000)
    #expect(isClose(world.jointPosition(axle), -5, within: 0.02), "stopped at \(world.jointPosition(axle))")
  }

  @Test func sliderLimitsHold() throws {
    let world = try World()
    let carriage = try Fixtures.addBox(world, name: "carriage", mass: 1, at: Vector3(0, 0, 1))
    let rail = try world.addJoint(
      JointSpec(name: "rail", kind: .slider, parent: nil, child: carriage, axis: Vector3(0, 0, 1), limits: -0.2...0.1))
    try world.step(count: 1000)
    #expect(isClose(world.jointPosition(rail), -0.2, within: 0.005), "slider at \(world.jointPosition(rail))")
    try world.setControl(rail, .velocity(target: 1, maxForce: 100))
    try world.step(count: 1000)
    #expect(isClose(world.jointPosition(rail), 0.1, within: 0.005), "slider at \(world.jointPosition(rail))")
  }

  @Test func implicitDampingDecaysAsBackwardEuler() throws {
    // A disc spinning about a hinge through its centre, with damping only (position control with
    // k = 0): backward Euler gives ω₊ = ω / (1 + h d / I) exactly.
    var settings = WorldSettings()
    settings.gravity = .zero
    let world = try World(settings: settings)
    let disc = try world.addBody(
      BodySpec(
        name: "disc", mass: MassProperties(mass: 1, inertia: .diagonal(Vector3(0.01, 0.01, 0.02))),
        angularVelocity: Vector3(0, 0, 4)))
    let axle = try world.addJoint(JointSpec(name: "axle", kind: .hinge, parent: nil, child: disc, axis: Vector3(0, 0, 1)))
    let d = 0.5
    try world.setControl(axle, .position(target: 0, stiffness: 0, damping: d, maxForce: 1e6))
    var omega = 4.0
    for _ in 0..<100 {
      try world.step()
      omega /= 1 + world.settings.timestep * d / 0.02
    }
    #expect(abs(world.jointVelocity(axle) - omega) <= 1e-3 * omega)
  }

  @Test func passiveDampingAndCoulombFriction() throws {
    var settings = WorldSettings()
    settings.gravity = .zero
    let world = try World(settings: settings)
    let inertia = 0.02
    let disc = try world.addBody(
      BodySpec(name: "disc", mass: MassProperties(mass: 1, inertia: .diagonal(Vector3(0.01, 0.01, inertia)))))
    let axle = try world.addJoint(
      JointSpec(name: "axle", kind: .hinge, parent: nil, child: disc, axis: Vector3(0, 0, 1), friction: 0.3))
    // Below the friction torque nothing moves.
    try world.setControl(axle, .torque(0.25))
    try world.step(count: 500)
    #expect(abs(world.jointVelocity(axle)) < 1e-6)
    // Above it the disc accelerates at (τ − f) / I.
    try world.setControl(axle, .torque(0.5))
    try world.step(count: 500)
    #expect(isClose(world.jointVelocity(axle), (0.5 - 0.3) / inertia * 1.0, within: 0.01))
    // Damping alone decays as backward Euler.
    try world.setJointDynamics(axle, damping: 0.1, friction: 0)
    try world.setControl(axle, .passive)
    var omega = world.jointVelocity(axle)
    for _ in 0..<200 {
      try world.step()
      omega /= 1 + world.settings.timestep * 0.1 / inertia
    }
    #expect(abs(world.jointVelocity(axle) - omega) <= 1e-3 * omega)
  }

  @Test func positionControlReachesItsTargetAgainstGravity() throws {
    let (world, _, hinge) = try pendulum(length: 0.5, angle: 0)
    try world.setControl(hinge, .position(target: 0.8, stiffness: 400, damping: 40, maxForce: 100))
    try world.step(count: 2000)
    // Steady state: k e = m g L sin(q), so e ≈ 1 · 9.81 · 0.5 · sin(0.8) / 400.
    let sag = Fixtures.g * 0.5 * 0.8.sin / 400
    #expect(isClose(world.jointPosition(hinge), 0.8 - sag, within: 2e-3))
    #expect(abs(world.jointVelocity(hinge)) < 1e-4)
  }

  @Test func effortLimitCapsTheDrive() throws {
    let (world, _, hinge) = try pendulum(length: 0.5, angle: 0)
    // Holding 1 kg at 0.5 m horizontal needs 4.9 N·m; 2 N·m cannot lift it there. Passive damping
    // lets the saturated drive settle where its 2 N·m balances gravity.
    try world.setJointDynamics(hinge, damping: 1, friction: 0)
    try world.setControl(hinge, .position(target: .pi / 2, stiffness: 1000, damping: 50, maxForce: 2))
    try world.step(count: 4000)
    let q = world.jointPosition(hinge)
    #expect(isClose(Fixtures.g * 0.5 * q.sin, 2, within: 0.05), "static balance at q = \(q)")
  }

  @Test func fixedAndBallJoints() throws {
    let world = try World()
    let a = try Fixtures.addBox(world, name: "a", mass: 1, at: Vector3(0, 0, 1))
    let b = try Fixtures.addBox(world, name: "b", mass: 1, at: Vector3(0.1, 0, 1))
    try world.addJoint(JointSpec(name: "weld", kind: .fixed, parent: nil, child: a))
    try world.addJoint(JointSpec(name: "ball", kind: .ball, parent: a, child: b, anchor: Vector3(0.05, 0, 1)))
    try world.step(count: 1000)
    #expect(isClose(world.pose(of: a).position, Vector3(0, 0, 1), within: 1e-3))
    // The ball-jointed box hangs below the anchor after swinging down.
    let pb = world.pose(of: b).position
    #expect(isClose((pb - Vector3(0.05, 0, 1)).length, 0.05, within: 1e-3))
  }

  @Test func connectedBodiesDoNotCollideUnlessAsked() throws {
    for collide in [false, true] {
      var settings = WorldSettings()
      settings.gravity = .zero
      let world = try World(settings: settings)
      let a = try Fixtures.addBox(world, name: "a", size: Vector3(0.1, 0.1, 0.1), mass: 1, at: .zero)
      let b = try Fixtures.addBox(world, name: "b", size: Vector3(0.1, 0.1, 0.1), mass: 1, at: Vector3(0.09, 0, 0))
      try world.addJoint(
        JointSpec(name: "j", kind: .slider, parent: a, child: b, axis: Vector3(0, 0, 1), collideConnected: collide))
      try world.step()
      #expect(world.isTouching(a, b) == collide)
    }
  }
}
