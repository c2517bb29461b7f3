import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A listening TCP socket bound to one address and port; the one owner of its descriptor.
package final class TCPListener: Sendable {
  /// `host:port` it listens on.
  package let address: String
  private let fd: Int32
  private let wakeup: Wakeup
  private let isClosed = Atomic<Bool>(false)

  /// Binds to `host:port` (SO_REUSEADDR, so a restarted server can bind again at once).
  package init(host: String, port: UInt16, backlog: Int32 = 16) throws {
    address = "\(host):\(port)"
    guard var socketAddress = try SocketAddress.resolve(host: host, port: port).first else {
      throw NetworkError.unresolvable(host: host, reason: "no IPv4 address")
    }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw NetworkError.system(peer: address, operation: "socket", reason: NetworkError.reason(errno)) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    let bound = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if bound != 0 || listen(fd, backlog) != 0 {
      let code = errno
      Glibc.close(fd)
      throw NetworkError.system(peer: address, operation: "listen", reason: NetworkError.reason(code))
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    self.fd = fd
    self.wakeup = try Wakeup()
  }

  deinit { Glibc.close(fd) }

  /// The next incoming connection, or nil when `timeout` passed or the listener was closed.
  package func accept(timeout: Double?) throws -> TCPConnection? {
    while !isClosed.load(ordering: .acquiring) {
      var peer = sockaddr_in()
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let client = withUnsafeMutablePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(fd, $0, &length) }
      }
      if client >= 0 {
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return TCPConnection(adopting: client, peer: SocketAddress.describe(peer))
      }
      let code = errno
      switch code {
      case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
        let ready: [PollWait.Readiness]
        do { ready = try PollWait.wait([(fd, .readable), (wakeup.descriptor, .readable)], timeout: timeout) } catch {
          throw NetworkError.system(peer: address, operation: "poll", reason: NetworkError.reason(error.code))
        }
        if ready.allSatisfy(\.isEmpty) { return nil }
      case EMFILE, ENFILE, ENOBUFS, ENOMEM:
        // Out of descriptors or memory: back off briefly rather than spin.
        MonotonicClock.sleep(seconds: 0.01)
      default:
        throw NetworkError.system(peer: address, operation: "accept", reason: NetworkError.reason(code))
      }
    }
    return nil
  }

  /// Stops accepting: a thread blocked in `accept` returns nil.
  package func close() {
    isClosed.store(true, ordering: .releasing)
    wakeup.signal()
  }
}
