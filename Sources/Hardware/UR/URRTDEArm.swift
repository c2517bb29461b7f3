import Synchronization

/// The arm adapter for Universal Robots controllers (e-Series and CB3) over RTDE.
///
/// `connect()` checks the robot on the dashboard (29999): powered, brakes released, no safety
/// stop (it never powers on, releases brakes or unlocks anything by itself); negotiates RTDE
/// protocol 2 on 30004; subscribes to the state at 500 Hz (125 Hz on CB3); uploads
/// `URControlProgram` to the script port (30003); waits for it to answer "ready"; and arms the
/// controller's RTDE watchdog, so the program stops the arm if this process stops writing
/// inputs. A reader thread keeps the newest state and re-sends the last input package when
/// nothing was sent for a third of the watchdog period (a live process keeps the program alive;
/// a stalled control loop is the `SafetyLayer` watchdog's job).
///
/// This is the raw adapter: it sends what it is given. Wrap it in a `SafetyLayer`.
public final class URRTDEArm: ArmController {
  /// Connection and command settings.
  public struct Configuration: Sendable {
    public var host: String
    public var rtdePort: UInt16 = 30004
    public var dashboardPort: UInt16 = 29999
    public var scriptPort: UInt16 = 30003
    /// Output frequency (Hz); nil for the controller's maximum (500 e-Series, 125 CB3).
    public var frequency: Double?
    /// `servoj` time t (s): the period over which each target is reached; use the control period.
    public var servoTime: Double = 0.002
    /// `servoj` lookahead time (s), 0.03-0.2.
    public var lookahead: Double = 0.1
    /// `servoj` gain, 100-2000.
    public var gain: Double = 300
    /// Joint acceleration (rad/s²) `speedj` ramps with.
    public var speedAcceleration: Double = 10
    /// Joint deceleration (rad/s²) of `stop`.
    public var stopDeceleration: Double = 10
    /// The controller watchdog's minimum input frequency (Hz): below it the program stops.
    public var watchdogFrequency: Double = 10
    public var connectTimeout: Double = 2
    /// How long `connect` waits for input registers still owned by another RTDE client: the
    /// controller releases a client's inputs only once it notices that client has left (also this
    /// adapter's own previous connection, when reconnecting).
    public var inputReleaseTimeout: Double = 1
    /// How long to wait for the uploaded program to answer.
    public var programStartTimeout: Double = 5
    /// How long a stop may take to complete.
    public var stopTimeout: Double = 3
    /// The arm's joints and limits.
    public var model: ArmModel = .ur5e

    public init(host: String) { self.host = host }
  }

  public let configuration: Configuration
  public var model: ArmModel { configuration.model }

  private struct Session: @unchecked Sendable {
    // `rtde` is read only by the reader thread after setup; sends go through `lastInput`'s lock.
    let rtde: RTDEClient
    let dashboard: URDashboardClient
    let outputs: RTDERecipe
    let inputs: RTDERecipe
    let version: RTDEControllerVersion
    let reader: BackgroundThread
  }

  private struct Input {
    var values: [RTDEValue]
    var sentAt: Double
  }

  /// What the reader thread shares with the arm; the thread holds this, not the arm, so an arm
  /// released without `disconnect()` is deinitialized on its owner's thread (and disconnects).
  private final class Link: Sendable {
    let mailbox = Mailbox<URRTDEState>()
    let input = Mutex<Input?>(nil)
    let stopReader = Atomic<Bool>(false)
    /// `noCommand` was written after a one-shot command: the program must see it (and answer
    /// "ready") before the next command, or that command would overwrite it unseen and the
    /// program would stay busy.
    let awaitingReady = Atomic<Bool>(false)
  }

  private let session = Mutex<Session?>(nil)
  private let link = Link()
  private var mailbox: Mailbox<URRTDEState> { link.mailbox }
  private let sequence = Atomic<Int32>(0)

  public init(_ configuration: Configuration) {
    precondition(configuration.model.dof == 6, "UR arms have six joints")
    self.configuration = configuration
  }

  deinit { disconnect() }

  /// The controller's software version (after `connect`).
  public var controllerVersion: RTDEControllerVersion? { session.withLock { $0?.version } }

  /// The output frequency in use (after `connect`).
  public var frequency: Double? {
    session.withLock { s in s.map { configuration.frequency ?? $0.version.maximumFrequency } }
  }

  public var isConnected: Bool {
    session.withLock { $0 != nil } && (try? mailbox.latest()) != nil
  }

  public func connect() throws {
    disconnect()
    let c = configuration
    let dashboard = try URDashboardClient(host: c.host, port: c.dashboardPort, connectTimeout: c.connectTimeout)
    do {
      let mode = try dashboard.robotMode()
      guard mode == .running else {
        throw ArmError.refused(
          arm: c.host,
          detail: "robot mode is \(mode.dashboardName); power the arm on and release the brakes first "
            + "(dashboard 'power on', 'brake release')")
      }
      let safety = try dashboard.safetyStatus()
      guard safety.allowsMotion else {
        throw ArmError.refused(
          arm: c.host, detail: "safety status is \(safety.dashboardName); an operator must clear it first")
      }
      let rtde = try RTDEClient(host: c.host, port: c.rtdePort, connectTimeout: c.connectTimeout)
      try rtde.negotiateProtocolVersion(2)
      let version = try rtde.controllerVersion()
      let frequency = c.frequency ?? version.maximumFrequency
      let outputs = try rtde.setupOutputs(URRTDEState.outputNames, frequency: frequency)
      let inputs = try setUpInputs(
        rtde, ["input_int_register_0", "input_int_register_1"] + (0...10).map { "input_double_register_\($0)" })
      try rtde.start()
      mailbox.reopen()
      link.stopReader.store(false, ordering: .releasing)
      let link = self.link
      let keepalive = 1 / (3 * c.watchdogFrequency)
      let reader = BackgroundThread(name: "armature.ur-rtde-reader") {
        var index: UInt64 = 0
        while Self.readOne(link, rtde, outputs, inputs, keepalive: keepalive, &index) {}
      }
      session.withLock {
        $0 = Session(rtde: rtde, dashboard: dashboard, outputs: outputs, inputs: inputs, version: version, reader: reader)
      }
      try write(.noCommand)
      try startProgram(dashboard)
      try handshake(.setWatchdog, arguments: [c.watchdogFrequency])
    } catch {
      disconnect()
      dashboard.close()
      throw error
    }
  }

  /// Sets up the input recipe, asking again while registers are only in use (a client that has
  /// just left still owns them) for at most `inputReleaseTimeout`.
  private func setUpInputs(_ rtde: RTDEClient, _ names: [String]) throws -> RTDERecipe {
    let deadline = MonotonicClock.now + configuration.inputReleaseTimeout
    while true {
      do {
        return try rtde.setupInputs(names)
      } catch RTDEError.setupRefused(let notFound, let inUse)
        where notFound.isEmpty && !inUse.isEmpty && MonotonicClock.now < deadline
      {
        MonotonicClock.sleep(seconds: 0.01)
      }
    }
  }

  public func disconnect() {
    guard let s = session.withLock({ $0 }) else { return }
    if let st = try? mailbox.latest().value, st.arm.isProgramRunning {
      _ = try? handshake(.servoStop, arguments: [configuration.stopDeceleration])
      _ = try? handshake(.stopScript, arguments: [])
      _ = try? mailbox.wait(timeout: 1) { !$0.arm.isProgramRunning }
    }
    link.stopReader.store(true, ordering: .releasing)
    s.rtde.close()
    s.reader.join()
    s.dashboard.close()
    session.withLock { $0 = nil }
    link.input.withLock { $0 = nil }
    mailbox.close(ArmError.notConnected(arm: configuration.host))
  }

  public func state() throws -> ArmState { try urState().arm }

  /// The newest state with the UR-specific fields.
  public func urState() throws -> URRTDEState {
    guard let value = try mailbox.latest().value else { throw ArmError.notConnected(arm: configuration.host) }
    return value
  }

  public func nextState(after timestamp: Double, timeout: Double) throws -> ArmState {
    guard let s = try mailbox.wait(timeout: timeout, until: { $0.arm.timestamp > timestamp }) else {
      throw ArmError.noState(arm: configuration.host, seconds: timeout)
    }
    return s.arm
  }

  /// Waits for a state newer than the one numbered `index` (`URRTDEState.index`); nil on timeout.
  public func nextURState(after index: UInt64, timeout: Double) throws -> URRTDEState? {
    try mailbox.wait(timeout: timeout) { $0.index > index }
  }

  /// Waits for a state whose `echoedSequence` reached `sequence` (see `lastSequence`).
  public func waitForEcho(of sequence: Int32, timeout: Double) throws -> URRTDEState? {
    try mailbox.wait(timeout: timeout) { $0.echoedSequence == sequence }
  }

  /// The sequence number sent with the last real-time command.
  public var lastSequence: Int32 { sequence.load(ordering: .acquiring) }

  public func send(_ command: ArmCommand) throws -> CommandOutcome {
    let c = configuration
    switch command {
    case .servo(let q):
      try requireRunning()
      try write(.servoJ, arguments: q + [0, 0, c.servoTime, c.lookahead, c.gain], sequenced: true)
    case .velocity(let qd):
      try requireRunning()
      try write(.speedJ, arguments: qd + [c.speedAcceleration, 0], sequenced: true)
    case .stop:
      guard try urState().arm.isProgramRunning else {
        // The controller stopped the program (a safety stop, its watchdog): the arm is already
        // held by the controller and there is nothing to send.
        return CommandOutcome(requested: command, sent: nil)
      }
      do {
        try handshake(.servoStop, arguments: [c.stopDeceleration])
      } catch ArmError.programNotRunning where (try? urState())?.arm.isProgramRunning == false {
        // The program ended while stopping (a safety stop landed meanwhile): the controller holds the arm.
        return CommandOutcome(requested: command, sent: nil)
      }
    }
    return CommandOutcome(requested: command, sent: command)
  }

  /// Unlocks a protective stop through the dashboard: an operator's explicit action after
  /// inspecting the cause. The control program must then be restarted with `connect()`.
  public func unlockProtectiveStop() throws {
    guard let dashboard = session.withLock({ $0?.dashboard }) else { throw ArmError.notConnected(arm: configuration.host) }
    try dashboard.unlockProtectiveStop()
  }

  // MARK: - Program

  private func startProgram(_ dashboard: URDashboardClient) throws {
    let c = configuration
    guard let first = try mailbox.wait(timeout: c.connectTimeout, until: { _ in true }) else {
      throw ArmError.noState(arm: c.host, seconds: c.connectTimeout)
    }
    if first.arm.isProgramRunning {
      try dashboard.stopProgram()
      guard try mailbox.wait(timeout: 2, until: { !$0.arm.isProgramRunning }) != nil else {
        throw ArmError.programNotRunning(arm: c.host, detail: "the program that was running did not stop")
      }
    }
    let deadline = MonotonicClock.now + c.programStartTimeout
    while MonotonicClock.now < deadline {
      try URScriptSender.send(URControlProgram.text, host: c.host, port: c.scriptPort, timeout: c.connectTimeout)
      let wait = min(1, max(0, deadline - MonotonicClock.now))
      let ready = try mailbox.wait(timeout: wait) {
        $0.arm.isProgramRunning && $0.programAnswer == URRegisterCommand.ready
      }
      if ready != nil { return }
    }
    throw ArmError.programNotRunning(
      arm: c.host, detail: "'\(URControlProgram.name)' did not answer within \(formatSeconds(c.programStartTimeout))")
  }

  private func requireRunning() throws {
    let s = try urState()
    guard s.arm.isProgramRunning else {
      throw ArmError.programNotRunning(
        arm: configuration.host,
        detail: "safety mode \(s.arm.safetyMode.rawValue); the controller stopped '\(URControlProgram.name)'")
    }
  }

  /// Writes a command that runs once: waits until the program is ready for it, writes it,
  /// waits for "done", then writes `noCommand`.
  private func handshake(_ command: URRegisterCommand, arguments: [Double]) throws {
    let c = configuration
    // After the previous one-shot command the program answers "done" until it has seen
    // `noCommand`; a command written before that would be overwritten unseen.
    _ = try mailbox.wait(timeout: c.stopTimeout) {
      $0.programAnswer == URRegisterCommand.ready || !$0.arm.isProgramRunning
    }
    let before = try urState().index
    try write(command, arguments: arguments)
    let done = try mailbox.wait(timeout: c.stopTimeout) {
      $0.index > before && ($0.programAnswer == URRegisterCommand.done || !$0.arm.isProgramRunning)
    }
    try write(.noCommand)
    link.awaitingReady.store(true, ordering: .releasing)
    guard let done else {
      throw ArmError.programNotRunning(
        arm: c.host, detail: "no answer to command \(command.rawValue) within \(formatSeconds(c.stopTimeout))")
    }
    if !done.arm.isProgramRunning, command != .stopScript {
      throw ArmError.programNotRunning(arm: c.host, detail: "it stopped while executing command \(command.rawValue)")
    }
  }

  private func write(_ command: URRegisterCommand, arguments: [Double] = [], sequenced: Bool = false) throws {
    guard let s = session.withLock({ $0 }) else { throw ArmError.notConnected(arm: configuration.host) }
    if command != .noCommand, link.awaitingReady.exchange(false, ordering: .acquiringAndReleasing) {
      _ = try mailbox.wait(timeout: configuration.stopTimeout) {
        $0.programAnswer == URRegisterCommand.ready || !$0.arm.isProgramRunning
      }
    }
    var doubles = arguments + [Double](repeating: 0, count: max(0, 11 - arguments.count))
    doubles = Array(doubles.prefix(11))
    let seq = sequenced ? sequence.add(1, ordering: .acquiringAndReleasing).newValue : sequence.load(ordering: .acquiring)
    let values = [RTDEValue.int32(command.rawValue), .int32(seq)] + doubles.map(RTDEValue.double)
    try link.input.withLock { last in
      try s.rtde.send(s.inputs, values)
      last = Input(values: values, sentAt: MonotonicClock.now)
    }
  }

  // MARK: - Reader

  /// Reads and publishes the newest state, and re-sends the last input when it is due for the
  /// controller's watchdog. False when the reader should end.
  private static func readOne(
    _ link: Link, _ rtde: RTDEClient, _ outputs: RTDERecipe, _ inputs: RTDERecipe, keepalive: Double,
    _ index: inout UInt64
  ) -> Bool {
    if link.stopReader.load(ordering: .acquiring) { return false }
    do {
      guard let (id, fields) = try rtde.receiveLatestData(timeout: 0.5), id == outputs.id else { return true }
      let values = try outputs.decode(fields)
      link.mailbox.publish(URRTDEState(values: values, receivedAt: MonotonicClock.now, index: index))
      index += 1
      try link.input.withLock { last in
        guard let l = last, MonotonicClock.now - l.sentAt > keepalive else { return }
        try rtde.send(inputs, l.values)
        last?.sentAt = MonotonicClock.now
      }
      return true
    } catch {
      if !link.stopReader.load(ordering: .acquiring) { link.mailbox.close(error) }
      return false
    }
  }
}
