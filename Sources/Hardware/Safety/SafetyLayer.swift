import Synchronization

/// The safety layer in front of an arm adapter. It is itself an `ArmController`.
///
/// Before a motion command reaches the arm it checks: the joint count; that every value is
/// finite; position targets inside the (margin-reduced) joint ranges; the speed implied by a
/// position step over one control period, and commanded speeds, against the speed limits; the
/// change of speed per period against the acceleration limits; that a velocity command can still
/// stop inside the joint range; that the first target of a stream is close to the measured
/// position; that the state reading is fresh; and that the arm is not in a safety stop.
///
/// A refused command is replaced by `stop`, the refusal is logged with its reason, and motion
/// stays refused ("latched") until `clearRefusal()` is called: an operator decides when to go
/// on. Protective and emergency stops reported by the arm latch the same way; this layer never
/// unlocks them. `stop` is always forwarded. A watchdog thread stops a moving arm when no command
/// arrives within `limits.watchdogTimeout`; the next target then counts as a first target again.
public final class SafetyLayer: ArmController {
  /// The adapter this layer protects.
  public let inner: any ArmController
  public let limits: SafetyLimits
  /// Every refusal, watchdog stop and safety stop, with its reason.
  public let log: SafetyLog

  private struct Stream {
    /// The last target sent (servo) or nil when the next target is a first target.
    var lastTarget: [Double]?
    /// The velocity implied (servo) or commanded (velocity) by the last motion command.
    var lastVelocity: [Double]?
    var lastKind: String?
    var lastMotionTime: Double?
    var latched: SafetyViolation?
    var lastSafetyMode: ArmSafetyMode = .normal
  }

  private let stream = Mutex<Stream>(Stream())
  private let watchdogStop = Atomic<Bool>(false)
  private let watchdogThread = Mutex<BackgroundThread?>(nil)

  /// Wraps `inner`. `limits` defaults to the arm's declared limits at the given control period.
  public init(wrapping inner: any ArmController, limits: SafetyLimits, log: SafetyLog = SafetyLog()) {
    precondition(limits.joints.count == inner.model.dof, "safety limits must cover every joint")
    self.inner = inner
    self.limits = limits
    self.log = log
  }

  deinit { stopWatchdog() }

  public var model: ArmModel { inner.model }
  public var isConnected: Bool { inner.isConnected }

  /// The first refusal that motion is latched on, if any.
  public var latchedRefusal: SafetyViolation? { stream.withLock { $0.latched } }

  public func connect() throws {
    try inner.connect()
    startWatchdog()
  }

  public func disconnect() {
    stopWatchdog()
    inner.disconnect()
  }

  public func state() throws -> ArmState {
    let s = try inner.state()
    noteSafetyMode(s.safetyMode)
    return s
  }

  public func nextState(after timestamp: Double, timeout: Double) throws -> ArmState {
    let s = try inner.nextState(after: timestamp, timeout: timeout)
    noteSafetyMode(s.safetyMode)
    return s
  }

  /// Clears a latched refusal so motion commands are checked again. Refuses (returns the reason)
  /// while the arm itself still reports a safety stop: unlock that on the arm first.
  @discardableResult public func clearRefusal() throws -> SafetyViolation? {
    let current = try inner.state()
    if !current.safetyMode.allowsMotion { return .armStopped(current.safetyMode) }
    let cleared = stream.withLock { s -> SafetyViolation? in
      defer {
        s.latched = nil
        s.lastTarget = nil
        s.lastVelocity = nil
        s.lastKind = nil
      }
      return s.latched
    }
    if let cleared {
      log.append(SafetyEvent(time: MonotonicClock.now, kind: .cleared, reason: cleared, requested: nil, sent: nil))
    }
    return nil
  }

  public func send(_ command: ArmCommand) throws -> CommandOutcome {
    try stream.withLock { s in
      if command == .stop {
        s.lastTarget = nil
        s.lastVelocity = nil
        s.lastKind = nil
        s.lastMotionTime = nil
        return try inner.send(.stop)
      }
      if let first = s.latched {
        return try refuse(command, .latched(after: first), latch: false, &s)
      }
      let current = try inner.state()
      if !current.safetyMode.allowsMotion {
        return try refuse(command, .armStopped(current.safetyMode), latch: true, &s)
      }
      let age = MonotonicClock.now - current.receivedAt
      if age > limits.maximumStateAge {
        return try refuse(command, .stateTooOld(seconds: age), latch: true, &s)
      }
      let sameStream = s.lastKind == command.kind
      let previousVelocity = (sameStream ? s.lastVelocity : nil) ?? current.jointVelocities
      switch command {
      case .servo(let q):
        let previousTarget = sameStream ? s.lastTarget : nil
        if let violation = checkServo(q, previousTarget: previousTarget, previousVelocity: previousVelocity, current) {
          return try refuse(command, violation, latch: true, &s)
        }
        let reference = previousTarget ?? current.jointPositions
        s.lastVelocity = zip(q, reference).map { ($0 - $1) / limits.period }
        s.lastTarget = q
      case .velocity(let qd):
        if let violation = checkVelocity(qd, previousVelocity: previousVelocity, current) {
          return try refuse(command, violation, latch: true, &s)
        }
        s.lastVelocity = qd
        s.lastTarget = nil
      case .stop:
        break
      }
      s.lastKind = command.kind
      s.lastMotionTime = MonotonicClock.now
      do {
        return try inner.send(command)
      } catch ArmError.programNotRunning(let arm, let detail) {
        // The arm stopped between the check above and the send: the same refusal, one state later.
        let now = try inner.state()
        guard now.safetyMode.allowsMotion else {
          return try refuse(command, .armStopped(now.safetyMode), latch: true, &s)
        }
        throw ArmError.programNotRunning(arm: arm, detail: detail)
      }
    }
  }

  // MARK: - Checks

  private func checkShape(_ values: [Double]) -> SafetyViolation? {
    if values.count != model.dof { return .wrongLength(expected: model.dof, got: values.count) }
    for (j, v) in values.enumerated() where !v.isFinite { return .nonFinite(joint: j, value: v) }
    return nil
  }

  private func checkServo(
    _ q: [Double], previousTarget: [Double]?, previousVelocity: [Double], _ current: ArmState
  ) -> SafetyViolation? {
    if let v = checkShape(q) { return v }
    for (j, l) in limits.joints.enumerated() where q[j] < l.lower || q[j] > l.upper {
      return .positionOutOfLimits(joint: j, value: q[j], lower: l.lower, upper: l.upper)
    }
    if previousTarget == nil {
      for j in 0..<model.dof {
        let distance = abs(q[j] - current.jointPositions[j])
        if distance > limits.firstTargetTolerance {
          return .firstTargetTooFar(joint: j, distance: distance, allowed: limits.firstTargetTolerance)
        }
      }
    }
    let reference = previousTarget ?? current.jointPositions
    for (j, l) in limits.joints.enumerated() {
      let velocity = (q[j] - reference[j]) / limits.period
      if abs(velocity) > l.maxVelocity { return .velocityOverLimit(joint: j, value: velocity, limit: l.maxVelocity) }
      let acceleration = (velocity - previousVelocity[j]) / limits.period
      if abs(acceleration) > l.maxAcceleration {
        return .accelerationOverLimit(joint: j, value: acceleration, limit: l.maxAcceleration)
      }
    }
    return nil
  }

  private func checkVelocity(_ qd: [Double], previousVelocity: [Double], _ current: ArmState) -> SafetyViolation? {
    if let v = checkShape(qd) { return v }
    for (j, l) in limits.joints.enumerated() {
      if abs(qd[j]) > l.maxVelocity { return .velocityOverLimit(joint: j, value: qd[j], limit: l.maxVelocity) }
      let acceleration = (qd[j] - previousVelocity[j]) / limits.period
      if abs(acceleration) > l.maxAcceleration {
        return .accelerationOverLimit(joint: j, value: acceleration, limit: l.maxAcceleration)
      }
      // Where the joint ends up if it moves one period and then brakes at full deceleration.
      let q = current.jointPositions[j]
      let travel = qd[j] * limits.period + qd[j] * abs(qd[j]) / (2 * l.maxAcceleration)
      if q + travel > l.upper || q + travel < l.lower {
        return .wouldLeaveLimits(joint: j, position: q, velocity: qd[j])
      }
    }
    return nil
  }

  private func refuse(
    _ command: ArmCommand, _ violation: SafetyViolation, latch: Bool, _ s: inout Stream
  ) throws -> CommandOutcome {
    if latch, s.latched == nil { s.latched = violation }
    s.lastTarget = nil
    s.lastVelocity = nil
    s.lastKind = nil
    s.lastMotionTime = nil
    let sent = try inner.send(.stop).sent
    log.append(SafetyEvent(time: MonotonicClock.now, kind: .refused, reason: violation, requested: command, sent: sent))
    return CommandOutcome(requested: command, sent: sent, refusal: violation)
  }

  private func noteSafetyMode(_ mode: ArmSafetyMode) {
    let isNew = stream.withLock { s -> Bool in
      defer { s.lastSafetyMode = mode }
      guard !mode.allowsMotion else { return false }
      if s.latched == nil { s.latched = .armStopped(mode) }
      s.lastTarget = nil
      s.lastVelocity = nil
      s.lastKind = nil
      s.lastMotionTime = nil
      return s.lastSafetyMode != mode
    }
    if isNew {
      log.append(
        SafetyEvent(time: MonotonicClock.now, kind: .armStopped, reason: .armStopped(mode), requested: nil, sent: nil))
    }
  }

  // MARK: - Watchdog

  private func startWatchdog() {
    watchdogThread.withLock { thread in
      guard thread == nil else { return }
      watchdogStop.store(false, ordering: .releasing)
      let poll = min(0.005, limits.watchdogTimeout / 4)
      thread = BackgroundThread(name: "armature.safety-watchdog") { [weak self] in
        while let self, !self.watchdogStop.load(ordering: .acquiring) {
          self.watchdogTick()
          MonotonicClock.sleep(seconds: poll)
        }
      }
    }
  }

  private func stopWatchdog() {
    let thread = watchdogThread.withLock { t -> BackgroundThread? in
      defer { t = nil }
      return t
    }
    watchdogStop.store(true, ordering: .releasing)
    thread?.join()
  }

  private func watchdogTick() {
    if inner.isConnected, let s = try? inner.state() { noteSafetyMode(s.safetyMode) }
    let now = MonotonicClock.now
    let stalled = stream.withLock { s -> Double? in
      guard let last = s.lastMotionTime, now - last > limits.watchdogTimeout else { return nil }
      s.lastTarget = nil
      s.lastVelocity = nil
      s.lastKind = nil
      s.lastMotionTime = nil
      _ = try? inner.send(.stop)
      return now - last
    }
    if let stalled {
      log.append(
        SafetyEvent(
          time: now, kind: .watchdogStop, reason: .commandStreamStalled(seconds: stalled), requested: nil, sent: .stop))
    }
  }
}
