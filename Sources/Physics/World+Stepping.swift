import ArmatureCore
import CODE
import SceneDescription

extension World {
  // MARK: Inputs

  /// Sets how a hinge or slider is driven from the next step on.
  public func setControl(_ joint: JointID, _ control: JointControl) throws {
    guard joints.indices.contains(joint.index) else { throw PhysicsError.unknown("no joint \(joint.index)") }
    guard joints[joint.index].isActuated else {
      throw PhysicsError.invalidArgument("joint '\(name(of: joint))': only hinges and sliders are driven")
    }
    if let m = drives.mimicLink(joint.index) {
      throw PhysicsError.invalidArgument(
        "joint '\(name(of: joint))' mimics '\(jointNames[m.leader])' and follows it; command the leader")
    }
    if let problem = control.problem {
      throw PhysicsError.invalidArgument("joint '\(name(of: joint))': \(problem)")
    }
    joints[joint.index].control = control
  }

  /// The current control of a joint.
  public func control(of joint: JointID) -> JointControl { joints[joint.index].control }

  /// Adds a force (world coordinates, newtons) at the body's centre of mass, or at a world point,
  /// for the next step. A non-finite force makes that step throw a divergence error for the body.
  public func applyForce(_ force: Vector3, to body: BodyID, at point: Vector3? = nil) {
    pendingForce[body.index] += force
    if let point {
      let com = ODE.position(bodies[body.index].handle)
      pendingTorque[body.index] += (point - com).cross(force)
    }
    hasPendingInput = true
  }

  /// Adds a torque (world coordinates, N·m) for the next step.
  public func applyTorque(_ torque: Vector3, to body: BodyID) {
    pendingTorque[body.index] += torque
    hasPendingInput = true
  }

  // MARK: Stepping

  /// Advances the world by one time step: applies inputs, finds contacts, solves, and checks for
  /// divergence. Throws `PhysicsError.diverged` naming the first body whose state is not finite or
  /// is faster than the limits; the world can then be restored or reset.
  ///
  /// With the exact solver, a position motor whose force, predicted from the current state, is
  /// well within its bound is given to ODE as an unbounded row (ODE's LCP solves unbounded rows
  /// in one factorization, bounded ones one pivot at a time: a step of the arm, gripper and cube
  /// scene takes 244 k instructions instead of 296 k). After the solve every such motor's force
  /// is read back; if one exceeded its bound, the step is solved again from the saved state with
  /// it bounded. Either way no motor exceeds its effort bound, and the choice depends only on the
  /// state, so stepping stays deterministic.
  public func step() throws {
    ODE.prepareThread()
    try checkInputs()
    if !robots.isEmpty { updateRobotJoints() }
    let exact = settings.solver == .exact
    var saved = false
    var solved = false
    while true {
      applyBodyInputs()
      let unbounded = applyJointInputs(adaptiveBounds: exact)
      if unbounded && !saved {
        saveBodies()
        saved = true
      }
      findContacts()
      ODE.setRandomSeed(randomSeed)
      solved = ODE.step(odeWorld, dt: settings.timestep, exact: exact)
      ODE.emptyContacts(contactGroup)
      guard solved, unbounded, motorBoundExceeded() else { break }
      restoreBodies()
    }
    randomSeed = ODE.randomSeed()
    clearInputs()
    time += settings.timestep
    stepCount += 1
    guard solved else {
      throw PhysicsError.diverged(body: bodies.first?.name ?? "world", reason: "ODE ran out of memory", time: time)
    }
    countTurns()
    try checkDivergence()
  }

  /// Takes `count` steps.
  public func step(count: Int) throws {
    for _ in 0..<count { try step() }
  }

  /// Refuses non-finite applied forces (and drops every pending input with them).
  private func checkInputs() throws {
    guard hasPendingInput else { return }
    for i in bodies.indices {
      let f = pendingForce[i]
      let t = pendingTorque[i]
      guard f.isFinite, t.isFinite else {
        clearInputs()
        throw PhysicsError.diverged(
          body: bodies[i].name, reason: "applied force \(f.array) or torque \(t.array) is not finite", time: time)
      }
    }
  }

  /// Adds the pending forces and torques to ODE's accumulators (which every step clears).
  private func applyBodyInputs() {
    guard hasPendingInput else { return }
    for i in bodies.indices {
      let f = pendingForce[i]
      let t = pendingTorque[i]
      if f != .zero { ODE.addForce(bodies[i].handle, f) }
      if t != .zero { ODE.addTorque(bodies[i].handle, t) }
    }
  }

  /// Sets every motor for this step; returns whether any position motor row was left unbounded.
  private func applyJointInputs(adaptiveBounds: Bool) -> Bool {
    let h = settings.timestep
    var anyUnbounded = false
    drives.grow(to: joints.count)
    for i in joints.indices where joints[i].isActuated {
      let j = joints[i]
      let hinge = j.kind == .hinge
      let feedforward = drives.feedforward[i]
      if drives.unbounded[i] != nil { drives.unbounded[i] = nil }
      switch j.control {
      case .passive:
        ODE.setMotor(j.handle, kind: j.motorKind, velocity: 0, maxForce: 0, cfm: 0)
      case .velocity(let target, var maxForce):
        if feedforward != 0 { maxForce = applyFeedforward(j, feedforward, hinge: hinge, within: maxForce) }
        ODE.setMotor(j.handle, kind: j.motorKind, velocity: target, maxForce: maxForce, cfm: settings.cfm)
      case .position(let target, let k, let d, var maxForce):
        if feedforward != 0 { maxForce = applyFeedforward(j, feedforward, hinge: hinge, within: maxForce) }
        // Implicit PD: τ = k(e − h q̇⁺) − d q̇⁺ is a motor row towards k e / (d + h k) with
        // CFM 1 / (d + h k) (ODE manual, "How to use ERP and CFM").
        let q = ODE.jointPosition(j.handle, hinge: hinge) + (hinge ? 2 * Double.pi * Double(j.turns) : 0)
        let denominator = d + h * k
        var rowBound = maxForce
        if adaptiveBounds && !drives.mustBound[i] && maxForce > 0 {
          let predicted = k * (target - q) - denominator * ODE.jointVelocity(j.handle, hinge: hinge)
          if abs(predicted) <= 0.5 * maxForce && !isNearLimit(j, q) {
            rowBound = .infinity
            drives.unbounded[i] = unboundedMotor(i, bound: maxForce)
            anyUnbounded = true
          }
        }
        ODE.setMotor(
          j.handle, kind: j.motorKind, velocity: k * (target - q) / denominator, maxForce: rowBound,
          cfm: 1 / denominator)
      case .torque(let effort):
        ODE.setMotor(j.handle, kind: j.motorKind, velocity: 0, maxForce: 0, cfm: 0)
        ODE.addJointEffort(j.handle, hinge: hinge, effort)
      }
      if j.limits != nil { updateStops(i) }
    }
    return anyUnbounded
  }

  /// Whether a joint is within a millimetre or milliradian of a position limit, where ODE may
  /// add a limit row whose force the motor's cannot be told from.
  private func isNearLimit(_ j: JointRecord, _ q: Double) -> Bool {
    guard let l = j.limits else { return false }
    return q - l.lowerBound < 1e-3 || l.upperBound - q < 1e-3
  }

  /// The geometry in which an unbounded motor's force is read back after the step.
  private func unboundedMotor(_ i: Int, bound: Double) -> UnboundedMotor {
    if drives.feedback[i] == nil { drives.feedback[i] = ODE.enableFeedback(joints[i].handle) }
    if joints[i].kind == .hinge {
      let (anchor, axis) = ODE.hingeAnchorAndAxis(joints[i].handle)
      let lever = anchor - ODE.position(bodies[joints[i].child].handle)
      return UnboundedMotor(bound: bound, lever: lever, axis: axis)
    }
    return UnboundedMotor(bound: bound, lever: nil, axis: ODE.sliderAxis(joints[i].handle))
  }

  /// Marks every unbounded motor whose force exceeded its bound in the step just solved.
  private func motorBoundExceeded() -> Bool {
    var exceeded = false
    for i in drives.unbounded.indices {
      guard let m = drives.unbounded[i], let storage = drives.feedback[i] else { continue }
      let (force, torque) = ODE.feedback(storage)
      // A hinge's other rows act at the anchor or perpendicular to the axis; a slider's other
      // rows are perpendicular to it. What is left along the axis is the motor's.
      let effort = m.lever.map { (torque - $0.cross(force)).dot(m.axis) } ?? force.dot(m.axis)
      if abs(effort) > m.bound {
        drives.mustBound[i] = true
        drives.anyMustBound = true
        exceeded = true
      }
    }
    return exceeded
  }

  private func saveBodies() {
    if stepSnapshot.count != bodies.count {
      stepSnapshot = [SimState.Body](
        repeating: SimState.Body(position: .zero, orientation: .identity, linearVelocity: .zero, angularVelocity: .zero),
        count: bodies.count)
    }
    for i in bodies.indices {
      let b = bodies[i].handle
      stepSnapshot[i] = SimState.Body(
        position: ODE.position(b), orientation: ODE.orientation(b), linearVelocity: ODE.linearVelocity(b),
        angularVelocity: ODE.angularVelocity(b))
    }
  }

  private func restoreBodies() {
    for i in bodies.indices {
      let s = stepSnapshot[i]
      ODE.restoreBodyState(
        bodies[i].handle, position: s.position, orientation: s.orientation, linear: s.linearVelocity,
        angular: s.angularVelocity)
    }
  }

  /// Adds a joint's feedforward effort, clamped to the motor's force bound, and returns what is
  /// left of the bound for the motor.
  private func applyFeedforward(_ j: JointRecord, _ feedforward: Double, hinge: Bool, within maxForce: Double) -> Double {
    let effort = Swift.max(-maxForce, Swift.min(maxForce, feedforward))
    ODE.addJointEffort(j.handle, hinge: hinge, effort)
    return maxForce - abs(effort)
  }

  private func clearInputs() {
    if hasPendingInput {
      for i in bodies.indices {
        pendingForce[i] = .zero
        pendingTorque[i] = .zero
      }
      hasPendingInput = false
    }
    if drives.anyMustBound {
      for i in drives.mustBound.indices { drives.mustBound[i] = false }
      drives.anyMustBound = false
    }
  }

  /// Counts whole turns of hinges, whose ODE angle wraps at ±π.
  private func countTurns() {
    for i in joints.indices where joints[i].kind == .hinge {
      let raw = ODE.jointPosition(joints[i].handle, hinge: true)
      let delta = raw - joints[i].lastRawAngle
      if delta > Double.pi { joints[i].turns -= 1 } else if delta < -Double.pi { joints[i].turns += 1 }
      joints[i].lastRawAngle = raw
    }
  }

  private func checkDivergence() throws {
    let maxV = settings.divergence.maxLinearSpeed
    let maxW = settings.divergence.maxAngularSpeed
    for b in bodies {
      let p = ODE.position(b.handle)
      let v = ODE.linearVelocity(b.handle)
      let w = ODE.angularVelocity(b.handle)
      let q = ODE.orientation(b.handle)
      guard p.isFinite, q.isFinite else {
        throw PhysicsError.diverged(body: b.name, reason: "pose is not finite", time: time)
      }
      guard v.isFinite, w.isFinite else {
        throw PhysicsError.diverged(body: b.name, reason: "velocity is not finite", time: time)
      }
      let speed = v.length
      guard speed <= maxV else {
        throw PhysicsError.diverged(
          body: b.name, reason: "linear speed \(speed) m/s exceeds the limit of \(maxV) m/s", time: time)
      }
      let spin = w.length
      guard spin <= maxW else {
        throw PhysicsError.diverged(
          body: b.name, reason: "angular speed \(spin) rad/s exceeds the limit of \(maxW) rad/s", time: time)
      }
    }
  }

  // MARK: State

  /// The complete mutable state.
  public func state() -> SimState {
    SimState(
      time: time, stepCount: stepCount, randomSeed: randomSeed,
      bodies: bodies.map {
        SimState.Body(
          position: ODE.position($0.handle), orientation: ODE.orientation($0.handle),
          linearVelocity: ODE.linearVelocity($0.handle), angularVelocity: ODE.angularVelocity($0.handle))
      },
      joints: joints.indices.map { i in
        let j = joints[i]
        return SimState.Joint(
          position: jointPosition(JointID(i)), velocity: jointVelocity(JointID(i)), control: j.control, turns: j.turns)
      })
  }

  /// Restores a state taken from this world (or one built identically). Stepping on continues
  /// bit for bit as it did after the state was taken.
  public func restore(_ s: SimState) throws {
    guard s.bodies.count == bodies.count, s.joints.count == joints.count else {
      throw PhysicsError.invalidArgument(
        "state has \(s.bodies.count) bodies and \(s.joints.count) joints; the world has \(bodies.count) and \(joints.count)")
    }
    for (i, b) in s.bodies.enumerated() {
      guard b.position.isFinite, b.orientation.isFinite, b.linearVelocity.isFinite, b.angularVelocity.isFinite,
        b.orientation.norm > 0.5
      else {
        throw PhysicsError.invalidArgument("state of body '\(bodies[i].name)' is not finite or not a rotation")
      }
    }
    for (i, j) in s.joints.enumerated() {
      if let problem = j.control.problem { throw PhysicsError.invalidArgument("joint '\(jointNames[i])': \(problem)") }
    }
    for (b, saved) in zip(bodies, s.bodies) {
      ODE.restoreBodyState(
        b.handle, position: saved.position, orientation: saved.orientation, linear: saved.linearVelocity,
        angular: saved.angularVelocity)
    }
    for i in joints.indices {
      joints[i].control = s.joints[i].control
      joints[i].turns = s.joints[i].turns
      if joints[i].kind == .hinge { joints[i].lastRawAngle = ODE.jointPosition(joints[i].handle, hinge: true) }
      updateStops(i)
    }
    time = s.time
    stepCount = s.stepCount
    randomSeed = s.randomSeed
    clearInputs()
  }

  /// Reseeds ODE's random generator for this world and sets the clock to zero; body states are
  /// left to the caller (restore an initial state first).
  public func reseed(_ seed: UInt64) {
    randomSeed = World.odeSeed(seed)
    time = 0
    stepCount = 0
  }

  // MARK: Queries

  /// The world pose of a body's frame (as given when it was added, not its centre of mass).
  public func pose(of body: BodyID) -> Pose {
    let b = bodies[body.index]
    let com = Pose(position: ODE.position(b.handle), orientation: ODE.orientation(b.handle))
    return com * b.frameInCOM
  }

  /// The world position of a body's centre of mass.
  public func centerOfMass(of body: BodyID) -> Vector3 { ODE.position(bodies[body.index].handle) }

  /// The linear velocity of a body frame's origin, in world coordinates.
  public func linearVelocity(of body: BodyID) -> Vector3 {
    let b = bodies[body.index]
    let w = ODE.angularVelocity(b.handle)
    let offset = pose(of: body).position - ODE.position(b.handle)
    return ODE.linearVelocity(b.handle) + w.cross(offset)
  }

  /// The angular velocity of a body, in world coordinates.
  public func angularVelocity(of body: BodyID) -> Vector3 { ODE.angularVelocity(bodies[body.index].handle) }

  /// Sets a body frame's pose and velocities directly (resets and teleports).
  public func setState(
    of body: BodyID, pose: Pose, linearVelocity: Vector3 = .zero, angularVelocity: Vector3 = .zero
  ) throws {
    guard pose.isFinite, linearVelocity.isFinite, angularVelocity.isFinite else {
      throw PhysicsError.invalidArgument("body '\(name(of: body))': pose and velocities must be finite")
    }
    let b = bodies[body.index]
    let com = pose * b.frameInCOM.inverse
    let comVelocity = linearVelocity + angularVelocity.cross(com.position - pose.position)
    ODE.setBodyState(
      b.handle, position: com.position, orientation: com.orientation.normalized, linear: comVelocity,
      angular: angularVelocity)
  }

  /// A hinge's angle (radians, unwrapped across turns) or a slider's position (metres); zero for
  /// fixed and ball joints.
  public func jointPosition(_ joint: JointID) -> Double {
    let j = joints[joint.index]
    switch j.kind {
    case .hinge: return ODE.jointPosition(j.handle, hinge: true) + 2 * Double.pi * Double(j.turns)
    case .slider: return ODE.jointPosition(j.handle, hinge: false)
    case .fixed, .ball: return 0
    }
  }

  /// A hinge's angular rate or a slider's linear rate.
  public func jointVelocity(_ joint: JointID) -> Double {
    let j = joints[joint.index]
    guard j.isActuated else { return 0 }
    return ODE.jointVelocity(j.handle, hinge: j.kind == .hinge)
  }

  /// The joint's anchor and axis in world coordinates (hinge anchor; axis of hinges and sliders).
  public func jointFrame(_ joint: JointID) -> (anchor: Vector3, axis: Vector3) {
    let j = joints[joint.index]
    let anchor = j.kind == .hinge ? ODE.hingeAnchor(j.handle) : pose(of: BodyID(j.child)).position
    return (anchor, j.isActuated ? ODE.jointAxis(j.handle, hinge: j.kind == .hinge) : .zero)
  }

  /// The joint's position limits.
  public func limits(of joint: JointID) -> ClosedRange<Double>? { joints[joint.index].limits }
}
