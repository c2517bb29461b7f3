import Foundation
import Hardware
import Testing

/// `armature twin serve`, the built binary.
@Suite(.serialized) struct TwinServeCommandTests {
  /// The `armature` binary next to the test bundle (swift build -c release builds both).
  func armature() throws -> String {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("armature").path,
      packageRoot.appendingPathComponent(".build/release/armature").path,
    ]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
      throw PeerError("the armature binary is not built; run swift build -c release (looked at \(candidates))")
    }
    return path
  }

  @Test func servesUntilInterrupted() throws {
    let host = nextAddress()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try armature())
    process.arguments = ["twin", "serve", "--host", host, "--controller", "cb3"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    // Wait for the banner, then drive it.
    var dashboard: URDashboardClient?
    let deadline = Date(timeIntervalSinceNow: 10)
    while dashboard == nil && Date() < deadline {
      dashboard = try? URDashboardClient(host: host)
      if dashboard == nil { usleep(50_000) }
    }
    let client = try #require(dashboard, "the twin did not come up on \(host)")
    #expect(try client.polyscopeVersion().hasPrefix("URSoftware 3.15.8"))
    let rtde = try RTDEClient(host: host)
    try rtde.negotiateProtocolVersion()
    #expect(try rtde.controllerVersion().major == 3)
    client.close()
    rtde.close()
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(text.contains("twin: simulated UR5e (physics arm, cb3, 125 Hz) on \(host)"))
    #expect(text.contains("clientConnected: dashboard"))
    #expect(text.hasSuffix("twin: stopped\n"))
  }

  @Test func reportsABadSceneWithItsFile() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try armature())
    process.arguments = ["twin", "serve", "--host", nextAddress(), "--scene", "Scenes/cube-drop.yaml"]
    process.currentDirectoryURL = packageRoot
    let err = Pipe()
    process.standardError = err
    process.standardOutput = Pipe()
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(text == "Scenes/cube-drop.yaml: robots: the scene has no robot for the twin to simulate\n")
  }

  @Test func reportsABadDynamicsFileWithItsLineAndKey() throws {
    let file = NSTemporaryDirectory() + "armature-dynamics-\(UUID().uuidString).yaml"
    try "friction: [1, 1, 1, 1, 1, 1]\nlatency: -2\n".write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try armature())
    process.arguments = ["twin", "serve", "--host", nextAddress(), "--dynamics", file]
    process.currentDirectoryURL = packageRoot
    let err = Pipe()
    process.standardError = err
    process.standardOutput = Pipe()
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(text.hasPrefix("\(file):2: latency: expected a whole number of controller cycles in 0...250, got -2"), "\(text)")
  }
}
