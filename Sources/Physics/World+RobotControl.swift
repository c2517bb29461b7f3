import ArmatureCore
import Kinematics

extension World {
  // MARK: Commands

  /// Drives the robot's coordinates from the next step on (see `RobotCommand`).
  ///
  /// Mimic joints follow their leaders, so one command moves both fingers of a gripper: every
  /// step a follower is servoed to `multiplier · q(leader) + offset` by an implicit PD (a stiff
  /// spring-damper standing for the transmission, with the follower's default gains) whose force
  /// bound is twice the leader's effort bound divided by the multiplier. The coupling is thus
  /// stronger than the drive: a finger that touches an object first is pushed back until both
  /// stand symmetric about the object, as a gripper's linkage keeps them, and the squeeze on a
  /// held object is the leader's effort bound. ODE has no three-body constraint that could tie
  /// two sliders to their common parent exactly; what this cannot reproduce is an obstacle on the
  /// follower's side stopping the leader.
  public func setRobotCommand(_ id: RobotID, _ command: RobotCommand) throws {
    // The robot's tables are read one by one: copying the whole record (description, model and
    // all) at every 2 ms step cost more than the command itself.
    let jointIDs = robots[id.index].info.joints
    let effortLimits = robots[id.index].info.effortLimits
    let n = jointIDs.count
    func check(_ values: [Double], _ what: String) throws {
      guard values.count == n else {
        let info = robots[id.index].info
        throw PhysicsError.invalidArgument(
          "robot '\(info.name)': expected \(n) \(what) (\(info.model.variableNames.joined(separator: ", "))), got \(values.count)")
      }
      if let bad = values.firstIndex(where: { !$0.isFinite }) {
        let info = robots[id.index].info
        throw PhysicsError.invalidArgument("robot '\(info.name)': joint '\(info.model.variableNames[bad])': \(what) must be finite")
      }
    }
    func bound(_ efforts: [Double]?, _ k: Int) -> Double {
      let limit = effortLimits[k]
      guard let e = efforts?[k] else { return limit }
      return Swift.min(limit, Swift.max(0, e))
    }
    switch command {
    case .position(let targets, let velocities, let efforts):
      try check(targets, "position targets")
      if let v = velocities { try check(v, "target velocities") }
      if let e = efforts { try check(e, "effort bounds") }
      let gains = robots[id.index].gains
      let lower = robots[id.index].info.model.lowerLimits
      let upper = robots[id.index].info.model.upperLimits
      let velocityLimits = robots[id.index].info.model.velocityLimits
      for k in 0..<n {
        let g = gains[k]
        let target = Swift.min(upper[k], Swift.max(lower[k], targets[k]))
        // Velocity feedforward: k(t' − q) − d q̇ = k(t − q) + d(v − q̇) with t' = t + (d/k) v.
        let v = velocities.map { Swift.max(-velocityLimits[k], Swift.min(velocityLimits[k], $0[k])) } ?? 0
        let shifted = g.stiffness > 0 ? target + g.damping / g.stiffness * v : target
        try setControl(
          jointIDs[k], .position(target: shifted, stiffness: g.stiffness, damping: g.damping, maxForce: bound(efforts, k)))
      }
    case .velocity(let targets, let efforts):
      try check(targets, "velocities")
      if let e = efforts { try check(e, "effort bounds") }
      let velocityLimits = robots[id.index].info.model.velocityLimits
      for k in 0..<n {
        let limit = velocityLimits[k]
        try setControl(jointIDs[k], .velocity(target: Swift.max(-limit, Swift.min(limit, targets[k])), maxForce: bound(efforts, k)))
      }
    case .torque(let torques):
      try check(torques, "torques")
      for k in 0..<n {
        let limit = effortLimits[k]
        try setControl(jointIDs[k], .torque(Swift.max(-limit, Swift.min(limit, torques[k]))))
      }
    }
  }

  /// The robot's position gains, per coordinate.
  public func robotGains(_ id: RobotID) -> [JointGains] { robots[id.index].gains }

  /// Replaces the robot's position gains (they apply from the next position command).
  public func setRobotGains(_ id: RobotID, _ gains: [JointGains]) throws {
    let info = robots[id.index].info
    guard gains.count == info.dof,
      gains.allSatisfy({ $0.stiffness.isFinite && $0.damping.isFinite && $0.stiffness >= 0 && $0.damping >= 0 && $0.stiffness + $0.damping > 0 })
    else {
      throw PhysicsError.invalidArgument("robot '\(info.name)': expected \(info.dof) gains, finite, ≥ 0 and not both zero")
    }
    robots[id.index].gains = gains
  }

  /// Default gains of every coordinate (see `RobotOptions`), from the inertia each joint moves now.
  func defaultGains(_ robot: Int) -> [JointGains] {
    robots[robot].info.joints.map { defaultGains(forJoint: $0.index, robot: robot) }
  }

  /// k = max(I (2πf)², effort / saturation error), d = 2ζ√(kI), with I the inertia the joint
  /// moves about its axis (the mass it moves, for sliders).
  func defaultGains(forJoint joint: Int, robot: Int) -> JointGains {
    let record = robots[robot]
    let options = record.options
    guard let c = record.compensated.first(where: { $0.joint == joint }) else { return JointGains(stiffness: 1, damping: 1) }
    let (anchor, axis) = worldFrame(of: c)
    var inertia = 0.0
    for b in c.subtree {
      let body = bodies[b]
      let m = body.mass.mass
      if c.hinge {
        let r = ODE.orientation(body.handle)
        let a = r.conjugate.rotate(axis)  // axis in the body's axes
        let arm = axis.cross(ODE.position(body.handle) - anchor)
        inertia += a.dot(body.mass.inertia * a) + m * arm.dot(arm)
      } else {
        inertia += m
      }
    }
    let omega = 2 * Double.pi * options.bandwidth
    var k = inertia * omega * omega
    let effort: Double
    if let m = drives.mimicLink(joint) {
      effort = m.effortLimit
    } else if let k = record.info.joints.firstIndex(of: JointID(joint)) {
      effort = record.info.effortLimits[k]
    } else {
      effort = unlimitedEffort
    }
    if effort < unlimitedEffort {
      k = Swift.max(k, effort / (c.hinge ? options.hingeSaturationError : options.sliderSaturationError))
    }
    let d = 2 * options.dampingRatio * (k * inertia).squareRoot()
    return JointGains(stiffness: k, damping: Swift.max(d, 1e-9))
  }

  /// A compensated joint's anchor and axis in world coordinates now.
  @inline(__always) func worldFrame(of c: CompensatedJoint) -> (Vector3, Vector3) {
    let handle = bodies[c.child].handle
    let q = ODE.orientation(handle)
    return (ODE.position(handle) + q.rotate(c.anchor), q.rotate(c.axis))
  }

  // MARK: Every step

  /// Sets each mimic joint's control from its leader's position and command, and each joint's
  /// gravity-compensation effort. Called at the start of every step.
  func updateRobotJoints() {
    drives.grow(to: joints.count)
    for r in robots.indices {
      for f in robots[r].followers {
        guard let m = drives.mimicLink(f) else { continue }
        let leader = joints[m.leader]
        let q = jointPosition(JointID(m.leader))
        // The coupling is stronger than the drive (twice the leader's effort bound, scaled by the
        // transmission ratio), so a finger that touches first is pushed back until both stand
        // symmetric, as a linkage keeps them; the squeeze on a held object is the leader's bound.
        var bound = 2 * m.effortLimit
        switch leader.control {
        case .position(_, _, _, let f), .velocity(_, let f):
          bound = 2 * f / Swift.max(abs(m.multiplier), 1e-9)
        case .torque(let t):
          bound = 2 * abs(t) / Swift.max(abs(m.multiplier), 1e-9)
        case .passive:
          break
        }
        joints[f].control = .position(
          target: m.multiplier * q + m.offset, stiffness: m.gains.stiffness, damping: m.gains.damping, maxForce: bound)
      }
      guard robots[r].options.gravityCompensation else { continue }
      let g = gravity
      for c in robots[r].compensated {
        switch joints[c.joint].control {
        case .position, .velocity: break
        case .passive, .torque:
          drives.feedforward[c.joint] = 0
          continue
        }
        let (anchor, axis) = worldFrame(of: c)
        var effort = 0.0
        for b in c.subtree {
          let weight = bodies[b].mass.mass * g
          effort -= c.hinge ? axis.dot((ODE.position(bodies[b].handle) - anchor).cross(weight)) : axis.dot(weight)
        }
        drives.feedforward[c.joint] = effort
      }
    }
  }

  // MARK: Trajectories

  /// Follows a joint trajectory with position control (targets and their velocities) updated at
  /// `controlRate` Hz, taking as many physics steps per update as the rate asks (500 Hz with a
  /// 2 ms step is 1, as a UR e-Series controller; 25 Hz is 20, as learning environments use).
  /// Runs from the trajectory's start to its end plus `settle` seconds, starting at the world's
  /// current time, and reports how far the joints were from the trajectory at every physics step.
  public func track(
    _ trajectory: JointTrajectory, robot id: RobotID, controlRate: Double, settle: Double = 0,
    efforts: [Double]? = nil
  ) throws -> TrackingReport {
    let info = robots[id.index].info
    guard trajectory.dimension == info.dof else {
      throw PhysicsError.invalidArgument("robot '\(info.name)': the trajectory has \(trajectory.dimension) joints, the robot \(info.dof)")
    }
    guard controlRate > 0, controlRate.isFinite, settle >= 0 else {
      throw PhysicsError.invalidArgument("control rate must be positive and settle time ≥ 0")
    }
    let period = 1 / controlRate
    let ratio = period / settings.timestep
    let substeps = Int(ratio.rounded())
    guard substeps >= 1, abs(ratio - Double(substeps)) < 1e-6 * ratio else {
      throw PhysicsError.invalidArgument(
        "a control period of \(period) s is not a whole number of physics steps of \(settings.timestep) s")
    }
    var report = TrackingReport(dof: info.dof, controlRate: controlRate, substeps: substeps)
    let ticks = Int(((trajectory.duration + settle) * controlRate).rounded(.up))
    var t = 0.0
    for tick in 0..<ticks {
      // The target of an update is where the trajectory is at the end of its period (the servo
      // target for the next tick), with the trajectory's velocity there as feedforward.
      let sample = trajectory.sample(at: Double(tick + 1) * period)
      try setRobotCommand(id, .position(targets: sample.positions, velocities: sample.velocities, efforts: efforts))
      for _ in 0..<substeps {
        try step()
        t += settings.timestep
        let reference = trajectory.sample(at: t).positions
        report.record(actual: robotJointPositions(id), reference: reference)
      }
    }
    return report
  }
}

/// How closely a robot followed a joint trajectory.
public struct TrackingReport: Hashable, Sendable {
  public let controlRate: Double
  /// Physics steps per control update.
  public let substeps: Int
  /// Physics steps measured.
  public private(set) var steps = 0
  /// Largest |q − q_ref| per joint over the run.
  public private(set) var maxError: [Double]
  /// Root mean square of |q − q_ref| per joint over the run.
  public var rmsError: [Double] { squared.map { steps > 0 ? ($0 / Double(steps)).squareRoot() : 0 } }
  /// |q − q_ref| per joint at the last step.
  public private(set) var finalError: [Double]
  private var squared: [Double]

  init(dof: Int, controlRate: Double, substeps: Int) {
    self.controlRate = controlRate
    self.substeps = substeps
    maxError = [Double](repeating: 0, count: dof)
    finalError = maxError
    squared = maxError
  }

  mutating func record(actual: [Double], reference: [Double]) {
    steps += 1
    for k in actual.indices {
      let e = abs(actual[k] - reference[k])
      maxError[k] = Swift.max(maxError[k], e)
      squared[k] += e * e
      finalError[k] = e
    }
  }
}
