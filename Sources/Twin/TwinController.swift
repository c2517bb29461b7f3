import ArmatureCore
import Foundation
import Hardware

/// A simulated UR controller: its control loop, safety system, program runner, registers and
/// RTDE state, around a `SimulatedArm`.
///
/// `step()` runs one control cycle (2 ms e-Series, 8 ms CB3). `TwinServer` calls it in real time
/// and serves RTDE, the dashboard and the script port; tests may call it directly. Every method
/// is thread-safe.
///
/// The safety system stops the arm with a protective stop (safety mode 3, status bits
/// "protective stopped" and "stopped due to safety") when a servo setpoint or speed is not
/// finite, leaves the joint range, jumps (needs more than `jumpSpeedFactor` times a joint's speed
/// limit), or a speed exceeds the limit, or a joint would leave its range. A protective stop
/// ends the program and holds the arm until the dashboard unlocks it, at the earliest
/// `protectiveStopUnlockDelay` seconds later; it is never cleared otherwise.
public final class TwinController: @unchecked Sendable {
  public let configuration: TwinConfiguration
  public let events: TwinEventLog
  // Everything below is guarded by `lock`.
  private let lock = NSLock()
  private let arm: any SimulatedArm
  private var motion: MotionGenerator
  private var registers = Registers()
  private var program: ControlProgram?
  private var programName = "<none>"
  private var robotMode: URRobotMode = .running
  private var safetyMode: URSafetyMode = .normal
  private var safetyStopTime = 0.0
  private var cycle: UInt64 = 0
  private var lastInputRefresh = 0.0
  private var payloadMass = 0.0
  private var payloadCOG: [Double] = [0, 0, 0]
  private var executionTime = 0.0
  private var current: ControllerSnapshot!
  /// The last `retainedCycles` snapshots, oldest first, for sessions woken late.
  private var recent: [ControllerSnapshot] = []
  private var inputOwners: [String: Int] = [:]
  private var subscribers: [Int: Wakeup] = [:]

  public init(configuration: TwinConfiguration, arm: any SimulatedArm, events: TwinEventLog = TwinEventLog()) {
    precondition(arm.model.dof == 6, "the twin simulates six-joint UR arms")
    self.configuration = configuration
    self.arm = arm
    self.events = events
    motion = MotionGenerator(positions: arm.jointPositions)
    current = makeSnapshot()
  }

  /// A controller with the joint-space UR5e at the configured initial pose.
  public convenience init(configuration: TwinConfiguration, events: TwinEventLog = TwinEventLog()) {
    self.init(
      configuration: configuration, arm: JointSpaceUR5e(initialPositions: configuration.initialJointPositions),
      events: events)
  }

  private var dt: Double { configuration.generation.cycleTime }
  private var limits: [JointLimits] { arm.model.limits }
  private var time: Double { Double(cycle) * dt }

  // MARK: - The control cycle

  /// Runs one control cycle; returns the new controller time.
  @discardableResult public func step() -> Double {
    let started = MonotonicClock.now
    lock.lock()
    cycle += 1
    if var p = program {
      if let f = p.watchdogFrequency, time - lastInputRefresh > 1 / f + 1e-9 {
        p.watchdogFrequency = nil
        program = p
        log(
          .watchdogTripped,
          "input_int_register_\(p.registerOffset) not updated for \(ms(time - lastInputRefresh)) (minimum \(f) Hz): stopping the program"
        )
        endProgram("RTDE watchdog")
      } else {
        programCycle()
      }
    }
    if let j = motion.jointsLeavingRange(dt: dt, limits: limits), safetyMode.allowsMotion {
      protectiveStop("joint \(j) reached its position limit")
    }
    let finished = motion.step(dt: dt, limits: limits)
    if finished, var p = program, p.executing != nil {
      p.executing = nil
      program = p
      registers.outputInt[p.registerOffset] = URRegisterCommand.done
    }
    arm.step(dt: dt, toward: motion.target)
    executionTime = MonotonicClock.now - started
    current = makeSnapshot()
    if recent.count == Self.retainedCycles { recent.removeFirst() }
    recent.append(current)
    let wake = Array(subscribers.values)
    let now = time
    lock.unlock()
    for w in wake { w.signal() }
    return now
  }

  private func programCycle() {
    guard var p = program else { return }
    if p.executing != nil { return }  // the program is blocked in a move or stop
    let base = p.registerOffset
    let raw = registers.inputInt[base]
    let command = URRegisterCommand(rawValue: raw)
    if let command, command.isRealtime {
      program = p
      execute(command)
      guard let q = program else { return }
      registers.outputInt[base] = URRegisterCommand.ready
      if q.flavor == .armature { registers.outputInt[1] = registers.inputInt[1] }
      program = q
    } else if raw == 0 {
      p.busy = false
      program = p
      registers.outputInt[base] = URRegisterCommand.ready
    } else if !p.busy {
      p.busy = true
      program = p
      guard let command else {
        programError("the twin does not emulate register command \(raw)")
        return
      }
      execute(command)
    }
  }

  /// Executes one register command (the program's `process_cmd`).
  private func execute(_ command: URRegisterCommand) {
    let d = registers.inputDouble
    let base = program?.registerOffset ?? 0
    func done() {
      guard program != nil else { return }
      registers.outputInt[base] = URRegisterCommand.done
    }
    func running(_ c: URRegisterCommand) { program?.executing = c }
    switch command {
    case .servoJ:
      let q = Array(d[0..<6])
      let (t, lookahead, gain) = (d[8], d[9], d[10])
      guard (q + [t, lookahead, gain]).allSatisfy(\.isFinite) else {
        return protectiveStop("servoj: a target or parameter is not finite: \(fmt(q))")
      }
      guard t > 0, (0.03...0.2).contains(lookahead), (100...2000).contains(gain) else {
        return programError("servoj: t \(t) must be > 0, lookahead \(lookahead) in [0.03, 0.2], gain \(gain) in [100, 2000]")
      }
      if let j = outOfRange(q) { return protectiveStop("servoj: joint \(j) target \(q[j]) is outside its range") }
      var p = program!
      let reference = (motion.mode.isServo ? p.lastServoSetpoint : nil) ?? motion.positions
      if reference != q {
        // Each setpoint is to be reached within its servo time t: the speed it asks for is the
        // step over t (jumpSpeedFactor > 1 tolerates two setpoints arriving in one cycle).
        for j in 0..<6 {
          let speed = abs(q[j] - reference[j]) / t
          if speed > configuration.jumpSpeedFactor * limits[j].maxVelocity {
            return protectiveStop(
              "servoj: joint \(j) jumps \(fmt([q[j] - reference[j]])) rad in servo time \(ms(t)) "
                + "(\(fmt([speed])) rad/s, limit \(fmt([limits[j].maxVelocity])) rad/s)")
          }
        }
        p.lastServoSetpoint = q
        program = p
      }
      motion.mode = .servo(setpoint: q, timeConstant: lookahead)
    case .speedJ:
      let qd = Array(d[0..<6])
      let a = d[6]
      guard (qd + [a]).allSatisfy(\.isFinite) else {
        return protectiveStop("speedj: a speed or the acceleration is not finite: \(fmt(qd))")
      }
      if let j = (0..<6).first(where: { abs(qd[$0]) > limits[$0].maxVelocity * (1 + 1e-9) }) {
        return protectiveStop("speedj: joint \(j) speed \(fmt([qd[j]])) rad/s exceeds \(fmt([limits[j].maxVelocity]))")
      }
      guard a > 0 else { return programError("speedj: acceleration \(a) must be positive") }
      motion.mode = .speed(target: qd, acceleration: a)
      program?.lastServoSetpoint = nil
    case .moveJ:
      let q = Array(d[0..<6])
      let (v, a) = (d[6], d[7])
      guard (q + [v, a]).allSatisfy(\.isFinite) else { return protectiveStop("movej: a target is not finite") }
      if let j = outOfRange(q) { return protectiveStop("movej: joint \(j) target \(q[j]) is outside its range") }
      if registers.inputInt[base + 1] == 1 {
        return programError("movej: asynchronous moves are not emulated by the twin")
      }
      guard v > 0, a > 0 else { return programError("movej: speed \(v) and acceleration \(a) must be positive") }
      let vmax = limits.map(\.maxVelocity).min()!
      let amax = limits.map(\.maxAcceleration).min()!
      let profile = MoveJProfile(start: motion.positions, goal: q, speed: min(v, vmax), acceleration: min(a, amax))
      program?.lastServoSetpoint = nil
      if profile.distance == 0 {
        motion.mode = .hold
        done()
      } else {
        motion.mode = .moveJ(profile, elapsed: 0)
        running(.moveJ)
      }
    case .servoStop, .speedStop, .stopJ:
      let a = d[0].isFinite && d[0] > 0 ? d[0] : configuration.programStopDeceleration
      program?.lastServoSetpoint = nil
      if motion.isAtRest {
        motion.mode = .hold
        done()
      } else {
        motion.mode = .stopping(deceleration: a)
        running(command)
      }
    case .setWatchdog:
      let f = d[0]
      guard f.isFinite, f > 0 else { return programError("rtde_set_watchdog: frequency \(f) must be positive") }
      program?.watchdogFrequency = f
      lastInputRefresh = time
      done()
    case .kickWatchdog:
      done()
    case .stopScript:
      endProgram("stop script command")
    case .noCommand:
      break
    }
  }

  private func outOfRange(_ q: [Double]) -> Int? {
    (0..<6).first { q[$0] < limits[$0].lower || q[$0] > limits[$0].upper }
  }

  // MARK: - Programs

  /// Starts a program sent to the script port, replacing the running one.
  public func loadProgram(_ text: String) throws {
    lock.lock()
    defer { lock.unlock() }
    let recognized: ControlProgram
    switch ControlProgram.recognize(text) {
    case .success(let p): recognized = p
    case .failure(let why):
      log(.programRejected, why.description)
      throw why
    }
    guard robotMode == .running else {
      let why = ProgramRejection.robotNotReady("robot mode is \(robotMode.dashboardName)")
      log(.programRejected, why.description)
      throw why
    }
    guard safetyMode.allowsMotion else {
      let why = ProgramRejection.robotNotReady("safety mode is \(safetyMode.dashboardName)")
      log(.programRejected, why.description)
      throw why
    }
    if program != nil { endProgram("replaced by a new program") }
    program = recognized
    programName = recognized.flavor.rawValue
    registers.outputInt[recognized.registerOffset] = URRegisterCommand.ready
    motion.mode = motion.isAtRest ? .hold : .stopping(deceleration: configuration.programStopDeceleration)
    log(.programStarted, "'\(programName)' (\(text.utf8.count) bytes)")
  }

  /// Ends the running program (the arm decelerates to rest).
  private func endProgram(_ reason: String) {
    guard program != nil else { return }
    program = nil
    if case .stopping = motion.mode {} else if !motion.isAtRest {
      motion.mode = .stopping(deceleration: configuration.programStopDeceleration)
    } else {
      motion.mode = .hold
    }
    log(.programStopped, "'\(programName)': \(reason)")
  }

  private func programError(_ message: String) {
    log(.programError, message)
    endProgram("runtime error")
  }

  /// Stops the running program (dashboard `stop`).
  public func stopProgram(reason: String = "stopped from the dashboard") {
    lock.lock()
    defer { lock.unlock() }
    endProgram(reason)
  }

  // MARK: - Safety

  /// Triggers a protective stop, as the safety system does on a violation.
  public func triggerProtectiveStop(reason: String) {
    lock.lock()
    defer { lock.unlock() }
    protectiveStop(reason)
  }

  private func protectiveStop(_ reason: String) {
    guard safetyMode.allowsMotion else { return }
    safetyMode = .protectiveStop
    safetyStopTime = time
    log(.protectiveStop, reason)
    endProgram("protective stop")
    motion.mode = .stopping(deceleration: limits.map(\.maxAcceleration).min()!)
  }

  /// Unlocks a protective stop (dashboard `unlock protective stop`); returns the dashboard reply.
  public func unlockProtectiveStop() -> String {
    lock.lock()
    defer { lock.unlock() }
    guard safetyMode == .protectiveStop else { return "Protective stop releasing" }
    let since = time - safetyStopTime
    guard since >= configuration.protectiveStopUnlockDelay else {
      return "Cannot unlock protective stop until \(Int(configuration.protectiveStopUnlockDelay.rounded(.up)))s "
        + "after occurrence. Always inspect cause of protective stop before unlocking"
    }
    safetyMode = .normal
    log(.protectiveStopUnlocked, "after \(ms(since))")
    return "Protective stop releasing"
  }

  /// Presses the (simulated) emergency stop: category 1 stop, program ended, motion refused
  /// until `releaseEmergencyStop()`.
  public func triggerEmergencyStop() {
    lock.lock()
    defer { lock.unlock() }
    guard !safetyMode.isEmergencyStop else { return }
    safetyMode = .robotEmergencyStop
    safetyStopTime = time
    log(.emergencyStop, "emergency stop pressed")
    endProgram("emergency stop")
    motion.mode = .stopping(deceleration: limits.map(\.maxAcceleration).min()!)
  }

  /// Releases the emergency stop (the twin's operator action).
  public func releaseEmergencyStop() {
    lock.lock()
    defer { lock.unlock() }
    guard safetyMode.isEmergencyStop else { return }
    safetyMode = .normal
    log(.emergencyStopReleased, "emergency stop released")
  }

  // MARK: - Power (dashboard)

  /// Applies a dashboard power command; returns the reply.
  func power(_ command: String) -> String {
    lock.lock()
    defer { lock.unlock() }
    switch command {
    case "power off":
      endProgram("power off")
      robotMode = .powerOff
      motion.mode = .hold
      motion.velocities = motion.velocities.map { _ in 0 }
      log(.powerChanged, "power off")
      return "Powering off"
    case "power on":
      if robotMode == .powerOff { robotMode = .idle }
      log(.powerChanged, "power on")
      return "Powering on"
    case "brake release":
      if robotMode == .idle || robotMode == .powerOn { robotMode = .running }
      log(.powerChanged, "brake release")
      return "Brake releasing"
    default:
      return "could not understand: '\(command)'"
    }
  }

  // MARK: - RTDE inputs

  /// Claims input names for an RTDE client; returns the names another client owns.
  func claimInputs(_ names: [String], client: Int) -> [String] {
    lock.lock()
    defer { lock.unlock() }
    let taken = names.filter { inputOwners[$0].map { $0 != client } ?? false }
    if taken.isEmpty { for n in names { inputOwners[n] = client } }
    return taken
  }

  /// Releases every input of a client that disconnected.
  func releaseInputs(client: Int) {
    lock.lock()
    defer { lock.unlock() }
    inputOwners = inputOwners.filter { $0.value != client }
  }

  /// Applies one input data package.
  func applyInputs(_ fields: [InputField], _ values: [RTDEValue]) {
    lock.lock()
    defer { lock.unlock() }
    registers.apply(fields, values)
    let watched = program?.registerOffset ?? 0
    if fields.contains(.inputInt(watched)) { lastInputRefresh = time }
  }

  /// Writes RTDE inputs by name, as an RTDE client's data package would (for in-process use).
  public func writeInputs(_ names: [String], _ values: [RTDEValue]) throws {
    precondition(names.count == values.count, "one value per name")
    let fields = try names.map { name -> InputField in
      guard let field = InputField(name: name) else { throw RTDEError.unknownVariable(name) }
      return field
    }
    for (name, value) in zip(names, values) where value.type != RTDEVariables.type(of: name) {
      throw RTDEError.recipeMismatch(recipeID: 0, reason: "'\(name)' is \(RTDEVariables.type(of: name)!.rawValue), got \(value)")
    }
    applyInputs(fields, values)
  }

  /// Reads RTDE outputs by name from the last cycle, as an RTDE client would receive them.
  public func readOutputs(_ names: [String]) throws -> [RTDEValue] {
    let fields = try names.map { name -> OutputField in
      guard let field = OutputField(name: name) else { throw RTDEError.unknownVariable(name) }
      return field
    }
    let s = snapshot
    return fields.map { $0.value(in: s) }
  }

  func subscribe(_ id: Int, _ wakeup: Wakeup) {
    lock.lock()
    subscribers[id] = wakeup
    lock.unlock()
  }

  func unsubscribe(_ id: Int) {
    lock.lock()
    subscribers[id] = nil
    lock.unlock()
  }

  // MARK: - State

  /// The state after the last cycle.
  var snapshot: ControllerSnapshot {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  /// How many past cycles' snapshots the controller keeps (32 ms on e-Series): an RTDE session
  /// woken late still sends each due cycle's own data, as a real-time controller does.
  static let retainedCycles = 16

  /// The snapshots of the cycles after `cycle`, oldest first (at most the last `retainedCycles`),
  /// and the newest cycle.
  func snapshots(after cycle: UInt64) -> (held: ArraySlice<ControllerSnapshot>, newest: UInt64) {
    lock.lock()
    defer { lock.unlock() }
    return (recent.drop { $0.cycle <= cycle }, self.cycle)
  }

  /// A summary of the controller for tests and the CLI.
  public struct Status: Hashable, Sendable {
    public var time: Double
    public var jointPositions: [Double]
    public var jointVelocities: [Double]
    public var targetJointPositions: [Double]
    public var robotMode: URRobotMode
    public var safetyMode: URSafetyMode
    public var safetyStatus: URSafetyStatus
    public var program: ProgramFlavor?
    public var watchdogFrequency: Double?
  }

  public var status: Status {
    lock.lock()
    defer { lock.unlock() }
    return Status(
      time: time, jointPositions: arm.jointPositions, jointVelocities: arm.jointVelocities,
      targetJointPositions: motion.positions, robotMode: robotMode, safetyMode: safetyMode,
      safetyStatus: URSafetyStatus(mode: safetyMode), program: program?.flavor,
      watchdogFrequency: program?.watchdogFrequency)
  }

  /// The dashboard's view: program name and whether it runs.
  var programState: (name: String, running: Bool) {
    lock.lock()
    defer { lock.unlock() }
    return (programName, program != nil)
  }

  var modes: (robot: URRobotMode, safety: URSafetyMode) {
    lock.lock()
    defer { lock.unlock() }
    return (robotMode, safetyMode)
  }

  private func makeSnapshot() -> ControllerSnapshot {
    let q = arm.jointPositions
    let qd = arm.jointVelocities
    let pose = arm.tcpPose(q)
    let rotation = Quaternion(rotationVector: Vector3(pose[3], pose[4], pose[5]))
    let specificForce = rotation.conjugate.rotate(Vector3(0, 0, 9.80665))
    var robotStatus: URRobotStatus = []
    if [.powerOn, .idle, .running, .backdrive].contains(robotMode) { robotStatus.insert(.powerOn) }
    if program != nil { robotStatus.insert(.programRunning) }
    return ControllerSnapshot(
      cycle: cycle, timestamp: time, targetQ: motion.positions, targetQd: motion.velocities,
      targetQdd: motion.accelerations, actualQ: q, actualQd: qd, actualTCPPose: pose,
      actualTCPSpeed: arm.tcpSpeed(q, qd), targetTCPPose: arm.tcpPose(motion.positions),
      targetTCPSpeed: arm.tcpSpeed(motion.positions, motion.velocities),
      toolAccelerometer: [specificForce.x, specificForce.y, specificForce.z], robotMode: robotMode,
      safetyMode: safetyMode, runtimeState: program != nil ? .playing : .stopped, robotStatus: robotStatus,
      safetyStatus: URSafetyStatus(mode: safetyMode), speedScaling: safetyMode.allowsMotion ? 1 : 0,
      executionTime: executionTime, payloadMass: payloadMass, payloadCenterOfGravity: payloadCOG,
      registers: registers)
  }

  func log(_ kind: TwinEvent.Kind, _ message: String) {
    events.append(TwinEvent(time: time, kind: kind, message: message))
  }
}

func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

func fmt(_ v: [Double]) -> String {
  "[" + v.map { $0.isFinite ? String(format: "%.4g", $0) : String($0) }.joined(separator: ", ") + "]"
}
