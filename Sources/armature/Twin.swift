import ArgumentParser
import ArmatureCore
import Foundation
import Hardware
import SceneDescription
import Twin

struct TwinCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twin", abstract: "A simulated UR controller (digital twin).", subcommands: [TwinServe.self])
}

extension ControllerGeneration: ExpressibleByArgument {}
extension TwinArmKind: ExpressibleByArgument {}

struct TwinServe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve a simulated UR5e over RTDE (30004), the dashboard (29999) and the script port (30003).",
    discussion: """
      The arm (--arm physics, the default) is the URDF UR5e in an ODE world (the scene's, or
      Scenes/ur5e-table.yaml) under joint PD drives at the controller cycle, so the measured joint
      state has real tracking error; --dynamics FILE makes it differ from training (friction,
      damping, latency, encoder offsets, gain scale). --arm ideal is a joint-space model that
      follows the controller's servoj, speedj, movej and stop motions exactly. The twin runs
      ur_rtde's rtde_control program and Armature's armature_control program; it does not
      interpret other URScript. Runs until interrupted (Ctrl-C).
      """)

  @Option(help: "A scene file whose UR robot gives the initial joint positions.") var scene: String?
  @Option(help: "The address to bind (use 127.0.0.x to run several twins).") var host = "127.0.0.1"
  @Option(help: "Controller generation: e-series (500 Hz) or cb3 (125 Hz).") var controller: ControllerGeneration =
    .eSeries
  @Option(help: "Seconds after a protective stop before it may be unlocked.") var unlockDelay: Double = 5
  @Option(help: "The arm: physics (ODE UR5e under joint drives) or ideal (joints follow targets exactly).")
  var arm: TwinArmKind = .physics
  @Option(help: "A dynamics-difference YAML file for the physics arm (friction, damping, latency, jointOffsets, gainScale).")
  var dynamics: String?
  @Flag(help: "Do not print controller events.") var quiet = false

  func run() throws {
    do {
      var configuration = TwinConfiguration(host: host)
      configuration.generation = controller
      configuration.protectiveStopUnlockDelay = unlockDelay
      let loaded = try scene.map { try Scene.load(file: $0) }
      if let scene, let loaded { try configuration.apply(scene: loaded, file: scene) }
      let difference = try dynamics.map { try TwinDynamics.load(file: $0) } ?? TwinDynamics()
      let simulated = try arm.makeArm(configuration: configuration, scene: loaded, file: scene, dynamics: difference)
      let events = quiet ? TwinEventLog() : TwinEventLog(echo: printEvent)
      let server = TwinServer(
        controller: TwinController(configuration: configuration, arm: simulated, events: events))
      try server.start()
      say(
        "twin: simulated UR5e (\(arm.rawValue) arm\(dynamics.map { ", dynamics " + $0 } ?? ""), \(controller.rawValue), "
          + "\(Int(1 / controller.cycleTime)) Hz) on \(host): "
          + "RTDE \(configuration.rtdePort), dashboard \(configuration.dashboardPort), script \(configuration.scriptPort)")
      waitForTermination()
      server.stop()
      say("twin: stopped")
    } catch {
      throw fail(error)
    }
  }
}

@Sendable func printEvent(_ event: TwinEvent) { say(event.description) }

/// Writes a line to standard output at once (no buffering, so pipes see it).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Blocks until SIGINT or SIGTERM.
func waitForTermination() {
  signal(SIGINT, SIG_IGN)
  signal(SIGTERM, SIG_IGN)
  let done = DispatchSemaphore(value: 0)
  let sources = [SIGINT, SIGTERM].map { sig in
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
    source.setEventHandler { done.signal() }
    source.resume()
    return source
  }
  done.wait()
  sources.forEach { $0.cancel() }
}
