import Foundation
import Hardware
import Testing
import Twin
import _TestSupport

/// Armature's RTDE client against the twin's RTDE server, and the twin under bad input.
@Suite(.serialized) struct TwinRTDETests {
  /// A client subscribed to `names` at `frequency`, started.
  func subscriber(_ twin: TwinServer, _ names: [String] = ["timestamp", "actual_q"], frequency: Double = 500) throws
    -> (RTDEClient, RTDERecipe)
  {
    let client = try RTDEClient(host: twin.configuration.host)
    try client.negotiateProtocolVersion()
    let recipe = try client.setupOutputs(names, frequency: frequency)
    try client.start()
    return (client, recipe)
  }

  /// Controller timestamps of the data packages received in `seconds`.
  func timestamps(_ client: RTDEClient, _ recipe: RTDERecipe, seconds: Double) throws -> [Double] {
    var result: [Double] = []
    let end = MonotonicClock.now + seconds
    while MonotonicClock.now < end {
      guard case .data(let id, let fields) = try client.receive(timeout: 0.5) else { continue }
      #expect(id == recipe.id)
      result.append(try recipe.decode(fields)[0].scalar!)
    }
    return result
  }

  @Test func streamsAt500And125Hz() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let version = try RTDEClient(host: twin.configuration.host).controllerVersion()
    #expect(version == RTDEControllerVersion(major: 5, minor: 15, bugfix: 0, build: 0))
    for (frequency, step) in [(500.0, 0.002), (125.0, 0.008)] {
      let (client, recipe) = try subscriber(twin, frequency: frequency)
      let t = try timestamps(client, recipe, seconds: 1)
      // Each package carries its own controller cycle: timestamps advance by exactly one output
      // period, even when the session thread is woken late (it catches up from the cycles the
      // controller retains); only a wake later than those 32 ms loses packages.
      let steps = zip(t.dropFirst(), t).map { $0 - $1 }
      let exact = steps.filter { abs($0 - step) < 1e-9 }.count
      #expect(steps.allSatisfy { abs(($0 / 0.002).rounded() * 0.002 - $0) < 1e-9 && $0 > 0 })
      #expect(abs(steps[0] - step) < 1e-9, "\(frequency) Hz: the first two packages are \(steps[0]) s apart")
      #expect(
        Double(exact) >= (1 - 0.1 * toleranceScale) * Double(steps.count),
        "\(frequency) Hz: \(steps.count - exact) irregular steps")
      #expect(isClose(Double(t.count), frequency, within: 0.05 * frequency), "\(t.count) packages in 1 s at \(frequency) Hz")
      client.close()
    }
  }

  @Test func cb3StreamsAt125HzAndRefuses500() throws {
    let twin = try startTwin { $0.generation = .cb3 }
    defer { twin.stop() }
    let client = try RTDEClient(host: twin.configuration.host)
    try client.negotiateProtocolVersion()
    #expect(try client.controllerVersion().major == 3)
    #expect(throws: RTDEError.setupFailed(reason: "frequency 500.0 Hz is outside (0, 125] Hz")) {
      try client.setupOutputs(["timestamp"], frequency: 500)
    }
    let recipe = try client.setupOutputs(["timestamp"], frequency: 125)
    try client.start()
    let t = try timestamps(client, recipe, seconds: 0.5)
    #expect(zip(t.dropFirst(), t).allSatisfy { abs($0 - $1 - 0.008) < 1e-9 || $0 - $1 > 0.008 })
    #expect(t.count >= 55 && t.count <= 70)
  }

  @Test func unknownNamesAreNotFoundAndOwnedInputsInUse() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let a = try RTDEClient(host: twin.configuration.host)
    try a.negotiateProtocolVersion()
    #expect(throws: RTDEError.setupRefused(notFound: ["actual_joy", "standard_digital_output"], inUse: [])) {
      try a.setupOutputs(["timestamp", "actual_joy", "standard_digital_output"], frequency: 100)
    }
    #expect(throws: RTDEError.setupRefused(notFound: ["actual_q"], inUse: [])) {
      try a.setupInputs(["input_int_register_3", "actual_q"])
    }
    let inputs = try a.setupInputs(["input_int_register_3", "input_double_register_3"])
    let b = try RTDEClient(host: twin.configuration.host)
    try b.negotiateProtocolVersion()
    #expect(throws: RTDEError.setupRefused(notFound: [], inUse: ["input_int_register_3"])) {
      try b.setupInputs(["input_int_register_3", "input_int_register_4"])
    }
    // The owner leaves: its inputs are free again, and the values it wrote stay.
    try a.start()
    try a.send(inputs, [.int32(42), .double(2.5)])
    MonotonicClock.sleep(seconds: 0.02)
    a.close()
    MonotonicClock.sleep(seconds: 0.05)
    _ = try b.setupInputs(["input_int_register_3"])
    let outputs = try b.setupOutputs(["input_int_register_3", "input_double_register_3"], frequency: 100)
    try b.start()
    guard case .data(_, let fields) = try b.receive(timeout: 1) else {
      Issue.record("no data")
      return
    }
    #expect(try outputs.decode(fields) == [.int32(42), .double(2.5)])
  }

  @Test func badPackagesGetErrorsAndOtherClientsAreUnaffected() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let (watcher, recipe) = try subscriber(twin)
    let raw = try RTDEClient(host: twin.configuration.host)

    // Unknown package type: an error message, and the connection still works.
    try raw.writeRaw([0x00, 0x03, 0x58])
    guard case .text(let unknown) = try raw.receive(timeout: 1) else { throw PeerError("no reply to 'X'") }
    #expect(unknown.level == .error && unknown.message.contains("unknown package type 88"))
    // A REQUEST_PROTOCOL_VERSION of the wrong size: an error and a refusal.
    try raw.writeRaw([0x00, 0x06, 0x56, 0x00, 0x02, 0x00])
    guard case .text(let size) = try raw.receive(timeout: 1) else { throw PeerError("no error for wrong size") }
    #expect(size.message.contains("expected 2"))
    #expect(try raw.receive(timeout: 1) == .protocolVersionAccepted(false))
    try raw.negotiateProtocolVersion()
    // A data package of the wrong size for its recipe: an error, no state change.
    let inputs = try raw.setupInputs(["input_int_register_9"])
    try raw.start()
    try raw.write(.data(recipeID: inputs.id, fields: [0, 0, 1]))
    try raw.write(.data(recipeID: 99, fields: [0, 0, 0, 1]))
    MonotonicClock.sleep(seconds: 0.05)
    #expect(try twin.controller.readOutputs(["input_int_register_9"]) == [.int32(0)])
    let errors = twin.controller.events.events(.protocolError).map(\.message)
    #expect(errors.contains { $0.contains("payload has 3 bytes, expected 4") })
    #expect(errors.contains { $0.contains("input recipe 99, which was not set up") })
    // A header that breaks framing: an exception message, then the twin closes that connection.
    try raw.writeRaw([0x00, 0x01, 0x56])
    var closed = false
    var exception = false
    let end = MonotonicClock.now + 2
    while !closed && MonotonicClock.now < end {
      do {
        if case .text(let m) = try raw.receive(timeout: 0.5), m.level == .exception { exception = true }
      } catch { closed = true }
    }
    #expect(exception && closed)
    // Meanwhile the watcher was served without a gap.
    let t = try timestamps(watcher, recipe, seconds: 0.3)
    #expect(t.count > 100)
    #expect(twin.controller.status.safetyMode == .normal)
  }

  @Test func vanishingAndSlowClientsDoNotDisturbOthers() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    // A slow consumer subscribes to a big recipe and stops reading.
    let (slow, slowRecipe) = try subscriber(twin, RTDEVariables.urRTDEDefaultOutputs)
    // A client that vanishes mid-stream, abruptly.
    for _ in 0..<3 {
      let (gone, _) = try subscriber(twin)
      MonotonicClock.sleep(seconds: 0.05)
      gone.close()
    }
    let (watcher, recipe) = try subscriber(twin)
    let t = try timestamps(watcher, recipe, seconds: 2)
    #expect(isClose(Double(t.count), 1000, within: 100), "the watcher got \(t.count) packages in 2 s")
    #expect(zip(t.dropFirst(), t).map { $0 - $1 }.max()! < 0.02 * toleranceScale)
    // The slow client is still connected; when it reads again it gets current data.
    #expect(twin.rtdeClientCount == 2)
    var newest = 0.0
    while let (_, fields) = try slow.receiveLatestData(timeout: 0.2) {
      newest = try slowRecipe.decode(fields)[0].scalar!
      if newest > t.last! { break }
    }
    #expect(newest >= t.last!)
    #expect(twin.controller.status.safetyMode == .normal)
  }

  @Test func dashboardAnswersLikeAUR() throws {
    let twin = try startTwin()
    defer { twin.stop() }
    let dashboard = try URDashboardClient(host: twin.configuration.host)
    #expect(dashboard.greeting == "Connected: Universal Robots Dashboard Server")
    #expect(try dashboard.robotMode() == .running)
    #expect(try dashboard.safetyStatus() == .normal)
    #expect(try dashboard.polyscopeVersion().hasPrefix("URSoftware 5.15.0.0"))
    #expect(try dashboard.request("programState") == "STOPPED <none>")
    #expect(try dashboard.request("jump around") == "could not understand: 'jump around'")
    #expect(try dashboard.request("power off") == "Powering off")
    #expect(try dashboard.robotMode() == .powerOff)
    #expect(throws: ProgramRejection.robotNotReady("robot mode is POWER_OFF")) {
      try twin.controller.loadProgram(URControlProgram.text)
    }
    try dashboard.powerOn()
    try dashboard.releaseBrakes()
    #expect(try dashboard.robotMode() == .running)
  }
}
