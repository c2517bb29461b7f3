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

struct TwinServe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve a simulated UR5e over RTDE (30004), the dashboard (29999) and the script port (30003).",
    discussion: """
      The arm is a joint-space model of the UR5e (ideal tracking of the controller's servoj, speedj,
      movej and stop motions within the UR5e's joint limits). The twin runs ur_rtde's rtde_control
      program and Armature's armature_control program; it does not interpret other URScript.
      Runs until interrupted (Ctrl-C).
      """)

  @Option(help: "A scene file whose UR robot gives the initial joint positions.") var scene: String?
  @Option(help: "The address to bind (use 127.0.0.x to run several twins).") var host = "127.0.0.1"
  @Option(help: "Controller generation: e-series (500 Hz) or cb3 (125 Hz).") var controller: ControllerGeneration =
    .eSeries
  @Option(help: "Seconds after a protective stop before it may be unlocked.") var unlockDelay: Double = 5
  @Flag(help: "Do not print controller events.") var quiet = false

  func run() throws {
    do {
      var configuration = TwinConfiguration(host: host)
      configuration.generation = controller
      configuration.protectiveStopUnlockDelay = unlockDelay
      if let scene { try configuration.apply(scene: try Scene.load(file: scene), file: scene) }
      let events = quiet ? TwinEventLog() : TwinEventLog(echo: printEvent)
      let server = TwinServer(configuration: configuration, events: events)
      try server.start()
      say(
        "twin: simulated UR5e (\(controller.rawValue), \(Int(1 / controller.cycleTime)) Hz) on \(host): "
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
