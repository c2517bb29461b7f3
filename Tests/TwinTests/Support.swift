import Foundation
import Hardware
import Synchronization
import Testing
import Twin

/// A loopback address of its own for each test (the twin's ports are fixed).
private let addressCounter = Atomic<Int>(10)
func nextAddress() -> String { "127.0.1.\(addressCounter.add(1, ordering: .relaxed).newValue)" }

/// A running twin on a fresh loopback address.
func startTwin(arm: TwinArmKind = .ideal, _ configure: (inout TwinConfiguration) -> Void = { _ in }) throws -> TwinServer {
  var configuration = TwinConfiguration(host: nextAddress())
  configure(&configuration)
  let server = TwinServer(
    controller: TwinController(
      configuration: configuration, arm: try arm.makeArm(configuration: configuration, scene: nil, file: nil)))
  try server.start()
  return server
}

/// The package root (this file is Tests/TwinTests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// Runs a peer script from Tests/TwinTests/peers with the project's venv Python (made by
/// scripts/setup.sh, which installs Tests/peers-requirements.txt) and returns the JSON object
/// it prints last. A missing venv or ur-rtde is a failure that says how to install it.
func runPeer(_ script: String, _ arguments: [String], timeout: Double = 60) throws -> [String: Any] {
  let python = packageRoot.appendingPathComponent(".venv/bin/python").path
  guard FileManager.default.isExecutableFile(atPath: python) else {
    throw PeerError("the Python peers are not installed: \(python) is missing; run scripts/setup.sh")
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: python)
  process.arguments = [packageRoot.appendingPathComponent("Tests/TwinTests/peers/\(script)").path] + arguments
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let deadline = Date(timeIntervalSinceNow: timeout)
  while process.isRunning && Date() < deadline { usleep(20_000) }
  if process.isRunning {
    process.terminate()
    throw PeerError("\(script) did not finish within \(Int(timeout)) s")
  }
  let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  if stderr.contains("No module named 'rtde") {
    throw PeerError("ur-rtde is not installed in .venv; run scripts/setup.sh\n\(stderr)")
  }
  guard process.terminationStatus == 0,
    let line = stdout.split(separator: "\n").last,
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
  else {
    throw PeerError("\(script) failed (status \(process.terminationStatus)):\n\(stdout)\n\(stderr)")
  }
  return object
}

struct PeerError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}

/// Steps a controller `seconds` of controller time.
func run(_ controller: TwinController, seconds: Double) {
  let cycles = Int((seconds / controller.configuration.generation.cycleTime).rounded())
  for _ in 0..<cycles { controller.step() }
}

/// Writes a register command the way ur_rtde's and Armature's clients do.
func command(_ controller: TwinController, _ code: URRegisterCommand, _ doubles: [Double] = [], sequence: Int32 = 0) throws {
  let padded = doubles + [Double](repeating: 0, count: 11 - doubles.count)
  try controller.writeInputs(
    ["input_int_register_0", "input_int_register_1"] + (0...10).map { "input_double_register_\($0)" },
    [.int32(code.rawValue), .int32(sequence)] + padded.map(RTDEValue.double))
}

func output(_ controller: TwinController, _ name: String) throws -> RTDEValue {
  try controller.readOutputs([name])[0]
}
