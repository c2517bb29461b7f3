import Foundation
import Hardware

/// A TCP server on one port: an accept thread, and one thread per connection running `serve`.
/// `stop()` closes the listener, shuts every connection down and waits for all threads.
final class ConnectionServer: @unchecked Sendable {
  let name: String
  private let listener: TCPListener
  private let lock = NSLock()
  // Guarded by `lock`.
  private var connections: [Int: (TCPConnection, BackgroundThread?)] = [:]
  private var nextID = 1
  private var acceptThread: BackgroundThread?
  private let maximumConnections: Int
  private let serve: @Sendable (Int, TCPConnection) -> Void
  private let refuse: @Sendable (TCPConnection) -> Void

  /// Binds `host:port`. `serve` runs on the connection's own thread until it returns; beyond
  /// `maximumConnections`, `refuse` is called and the connection closed.
  init(
    name: String, host: String, port: UInt16, maximumConnections: Int,
    refuse: @escaping @Sendable (TCPConnection) -> Void = { _ in },
    serve: @escaping @Sendable (Int, TCPConnection) -> Void
  ) throws {
    self.name = name
    listener = try TCPListener(host: host, port: port)
    self.maximumConnections = maximumConnections
    self.serve = serve
    self.refuse = refuse
  }

  var address: String { listener.address }

  func start() {
    acceptThread = BackgroundThread(name: "armature.twin.\(name).accept") { [self] in
      while let connection = try? listener.accept(timeout: nil) {
        lock.lock()
        let full = connections.count >= maximumConnections
        let id = nextID
        nextID += 1
        if !full { connections[id] = (connection, nil) }
        lock.unlock()
        if full {
          refuse(connection)
          connection.shutdown()
          continue
        }
        let thread = BackgroundThread(name: "armature.twin.\(name).\(id)") { [self] in
          serve(id, connection)
          connection.shutdown()
          lock.lock()
          connections[id] = nil
          lock.unlock()
        }
        lock.lock()
        if connections[id] != nil { connections[id] = (connection, thread) }
        lock.unlock()
      }
    }
  }

  /// Number of open connections.
  var connectionCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return connections.count
  }

  func stop() {
    listener.close()
    acceptThread?.join()
    lock.lock()
    let open = Array(connections.values)
    lock.unlock()
    for (connection, _) in open { connection.shutdown() }
    for (_, thread) in open { thread?.join(timeout: 5) }
  }
}
