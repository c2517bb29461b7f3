import Foundation
import Hardware

/// A simulated UR controller on the network: the control loop in real time, RTDE on 30004, the
/// dashboard on 29999 and the script port on 30003, all bound to `configuration.host`.
public final class TwinServer: @unchecked Sendable {
  public let controller: TwinController
  public var configuration: TwinConfiguration { controller.configuration }
  // Set in `start`, cleared in `stop`; guarded by `lock`.
  private let lock = NSLock()
  private var servers: [ConnectionServer] = []
  private var sessions: [Int: RTDESession] = [:]
  private var loop: BackgroundThread?
  private var running = false
  /// Control cycles that started more than one cycle late.
  public private(set) var lateCycles = 0

  public init(controller: TwinController) { self.controller = controller }

  /// A server for the joint-space UR5e with `configuration`.
  public convenience init(configuration: TwinConfiguration, events: TwinEventLog = TwinEventLog()) {
    self.init(controller: TwinController(configuration: configuration, events: events))
  }

  /// Binds the three ports and starts the control loop. Throws `NetworkError` when a port is
  /// taken (another twin on the same address?).
  public func start() throws {
    lock.lock()
    defer { lock.unlock() }
    guard !running else { return }
    let c = configuration
    let controller = self.controller
    let rtde = try ConnectionServer(
      name: "rtde", host: c.host, port: c.rtdePort, maximumConnections: c.maximumClients,
      refuse: { connection in
        let m = RTDEControllerMessage.text(RTDETextMessage("too many RTDE clients", source: "RTDE", level: .exception))
        try? connection.send(m.encoded(), timeout: 0.5)
      },
      serve: { [weak self] id, connection in
        guard let self, let session = try? RTDESession(id: id, connection: connection, controller: controller) else {
          return
        }
        controller.log(.clientConnected, "RTDE \(connection.peer)")
        self.register(session)
        session.run()
        self.unregister(session)
      })
    let dashboard = try ConnectionServer(
      name: "dashboard", host: c.host, port: c.dashboardPort, maximumConnections: c.maximumClients,
      serve: { _, connection in DashboardServer.serve(connection, controller) })
    let script = try ConnectionServer(
      name: "script", host: c.host, port: c.scriptPort, maximumConnections: c.maximumClients,
      serve: { _, connection in ScriptServer.serve(connection, controller) })
    servers = [rtde, dashboard, script]
    running = true
    let dt = c.generation.cycleTime
    loop = BackgroundThread(name: "armature.twin.control") { [weak self] in
      var next = MonotonicClock.now
      while let self, self.isRunning {
        controller.step()
        next += dt
        let now = MonotonicClock.now
        if now > next + dt {
          self.noteLate()
          if now > next + 0.1 { next = now }  // a long stall (debugger, overload): resynchronize
        }
        MonotonicClock.sleep(until: next)
      }
    }
    for server in servers { server.start() }
  }

  /// Stops serving and the control loop; safe to call twice.
  public func stop() {
    lock.lock()
    let servers = self.servers
    let loop = self.loop
    running = false
    self.servers = []
    self.loop = nil
    lock.unlock()
    for s in servers { s.stop() }
    loop?.join()
  }

  deinit { stop() }

  /// Open RTDE client connections.
  public var rtdeClientCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return sessions.count
  }

  private var isRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return running
  }

  private func noteLate() {
    lock.lock()
    lateCycles += 1
    lock.unlock()
  }

  private func register(_ s: RTDESession) {
    lock.lock()
    sessions[s.id] = s
    lock.unlock()
  }

  private func unregister(_ s: RTDESession) {
    lock.lock()
    sessions[s.id] = nil
    lock.unlock()
  }
}
