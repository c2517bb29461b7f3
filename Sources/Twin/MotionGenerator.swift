import ArmatureCore
import Hardware

/// A synchronized point-to-point joint move (`movej`): every joint starts and stops together,
/// the joint with the longest way moving with a trapezoidal speed profile.
struct MoveJProfile: Hashable, Sendable {
  var start: [Double]
  var goal: [Double]
  /// The longest joint distance (rad).
  var distance: Double
  var speed: Double
  var acceleration: Double
  /// Acceleration phase length and total duration (s).
  var rampTime: Double
  var duration: Double

  init(start: [Double], goal: [Double], speed: Double, acceleration: Double) {
    self.start = start
    self.goal = goal
    distance = zip(start, goal).map { abs($1 - $0) }.max() ?? 0
    if distance * acceleration < speed * speed {  // triangular: never reaches `speed`
      rampTime = (distance / acceleration).squareRoot()
      self.speed = acceleration * rampTime
      duration = 2 * rampTime
    } else {
      rampTime = speed / acceleration
      self.speed = speed
      duration = distance / speed + rampTime
    }
    self.acceleration = acceleration
  }

  /// Path length covered, speed and acceleration along the leading joint at time `t`.
  func progress(at t: Double) -> (s: Double, v: Double, a: Double) {
    let t = min(max(t, 0), duration)
    if t < rampTime { return (0.5 * acceleration * t * t, acceleration * t, acceleration) }
    if t <= duration - rampTime {
      return (0.5 * acceleration * rampTime * rampTime + speed * (t - rampTime), speed, 0)
    }
    let r = duration - t
    return (distance - 0.5 * acceleration * r * r, acceleration * r, -acceleration)
  }
}

/// The controller's motion layer: what the arm is asked to do now.
enum MotionMode: Hashable, Sendable {
  /// At rest.
  case hold
  /// `servoj`: first-order tracking of the setpoint with time constant `timeConstant`.
  case servo(setpoint: [Double], timeConstant: Double)
  /// `speedj`: ramp to these joint speeds with this acceleration.
  case speed(target: [Double], acceleration: Double)
  /// `movej`: a synchronized trapezoidal move, `elapsed` seconds in.
  case moveJ(MoveJProfile, elapsed: Double)
  /// Decelerate every joint at this rate to rest.
  case stopping(deceleration: Double)

  var isServo: Bool {
    if case .servo = self { return true }
    return false
  }
}

/// Joint targets (position, velocity, acceleration) produced cycle by cycle within joint limits.
struct MotionGenerator: Hashable, Sendable {
  var positions: [Double]
  var velocities: [Double]
  var accelerations: [Double]
  var mode: MotionMode = .hold

  init(positions: [Double]) {
    self.positions = positions
    velocities = [Double](repeating: 0, count: positions.count)
    accelerations = velocities
  }

  var target: JointTarget { JointTarget(positions: positions, velocities: velocities, accelerations: accelerations) }

  var isAtRest: Bool { velocities.allSatisfy { abs($0) < 1e-9 } }

  /// Advances one cycle. Returns true when a move or a stop finished in this cycle.
  mutating func step(dt: Double, limits: [JointLimits]) -> Bool {
    let old = velocities
    var finished = false
    switch mode {
    case .hold:
      velocities = velocities.map { _ in 0 }
    case .servo(let setpoint, let tau):
      for j in positions.indices {
        let wanted = ((setpoint[j] - positions[j]) / tau).clamped(to: -limits[j].maxVelocity...limits[j].maxVelocity)
        velocities[j] = approach(velocities[j], wanted, limits[j].maxAcceleration * dt)
      }
    case .speed(let target, let a):
      for j in positions.indices {
        velocities[j] = approach(velocities[j], target[j], min(a, limits[j].maxAcceleration) * dt)
      }
    case .moveJ(let profile, let elapsed):
      let t = elapsed + dt
      let p = profile.progress(at: t)
      let scale = profile.distance > 0 ? 1 / profile.distance : 0
      for j in positions.indices {
        let delta = profile.goal[j] - profile.start[j]
        velocities[j] = delta * scale * p.v
        positions[j] = profile.start[j] + delta * scale * p.s
      }
      if t >= profile.duration {
        positions = profile.goal
        velocities = velocities.map { _ in 0 }
        mode = .hold
        finished = true
      } else {
        mode = .moveJ(profile, elapsed: t)
      }
      accelerations = zip(velocities, old).map { ($0 - $1) / dt }
      return finished
    case .stopping(let a):
      for j in positions.indices { velocities[j] = approach(velocities[j], 0, a * dt) }
      if isAtRest {
        mode = .hold
        finished = true
      }
    }
    for j in positions.indices {
      // Integrate with the mean speed of the cycle (exact for constant acceleration).
      positions[j] += 0.5 * (old[j] + velocities[j]) * dt
      if positions[j] > limits[j].upper || positions[j] < limits[j].lower {
        positions[j] = positions[j].clamped(to: limits[j].lower...limits[j].upper)
        velocities[j] = 0
      }
    }
    accelerations = zip(velocities, old).map { ($0 - $1) / dt }
    return finished
  }

  /// The joints that would leave their range in the next cycle at the current speeds.
  func jointsLeavingRange(dt: Double, limits: [JointLimits]) -> Int? {
    positions.indices.first { j in
      let next = positions[j] + velocities[j] * dt
      return next > limits[j].upper || next < limits[j].lower
    }
  }
}

private func approach(_ value: Double, _ target: Double, _ step: Double) -> Double {
  value < target ? min(target, value + step) : max(target, value - step)
}
