import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A connected TCP stream: the one owner of its file descriptor, which it closes on `deinit`.
///
/// The descriptor is non-blocking; every wait goes through `PollWait` with a timeout, so no call
/// hangs forever unless asked to. A peer that closes or resets the connection surfaces as
/// `NetworkError.closed`; writes never raise SIGPIPE. One thread reads; any thread may send (sends
/// are serialized) or call `shutdown()`, which wakes a blocked reader.
package final class TCPConnection: Sendable {
  /// `host:port` of the other end, for messages.
  package let peer: String
  private let fd: Int32
  private let isShutDown = Atomic<Bool>(false)
  private let sendLock = Mutex<Void>(())

  /// Adopts a connected descriptor.
  package init(adopting fd: Int32, peer: String) {
    self.fd = fd
    self.peer = peer
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var one: Int32 = 1
    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit { Glibc.close(fd) }

  /// Connects to `host:port` within `timeout` seconds.
  package static func connect(host: String, port: UInt16, timeout: Double) throws -> TCPConnection {
    let peer = "\(host):\(port)"
    let addresses = try SocketAddress.resolve(host: host, port: port)
    var lastError: NetworkError = .unresolvable(host: host, reason: "no IPv4 address")
    for address in addresses {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
      guard fd >= 0 else { throw NetworkError.system(peer: peer, operation: "socket", reason: NetworkError.reason(errno)) }
      let connection = TCPConnection(adopting: fd, peer: peer)
      var storage = address
      let result = withUnsafePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      if result == 0 { return connection }
      var code = errno
      if code == EINPROGRESS {
        let ready = try connection.poll(.writable, timeout: timeout, operation: "connect")
        if ready.isEmpty { throw NetworkError.timedOut(peer: peer, operation: "connect", seconds: timeout) }
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
        if soError == 0 { return connection }
        code = soError
      }
      lastError =
        code == ECONNREFUSED
        ? .refused(peer: peer) : .system(peer: peer, operation: "connect", reason: NetworkError.reason(code))
    }
    throw lastError
  }

  /// Sends every byte of `bytes`, waiting at most `timeout` seconds for buffer space.
  package func send(_ bytes: [UInt8], timeout: Double) throws {
    try sendLock.withLock { _ in
      var offset = 0
      let deadline = MonotonicClock.now + timeout
      while offset < bytes.count {
        let n = try sendSomeUnlocked(bytes[offset...])
        offset += n
        if offset < bytes.count, n == 0 {
          let remaining = deadline - MonotonicClock.now
          if remaining <= 0 { throw NetworkError.timedOut(peer: peer, operation: "send", seconds: timeout) }
          _ = try poll(.writable, timeout: remaining, operation: "send")
        }
      }
    }
  }

  /// Sends as many bytes as the socket buffer takes now, without waiting; returns the count
  /// (0 when the buffer is full).
  package func sendSome(_ bytes: ArraySlice<UInt8>) throws -> Int {
    try sendLock.withLock { _ in try sendSomeUnlocked(bytes) }
  }

  private func sendSomeUnlocked(_ bytes: ArraySlice<UInt8>) throws -> Int {
    if isShutDown.load(ordering: .acquiring) { throw NetworkError.shutDown(peer: peer) }
    if bytes.isEmpty { return 0 }
    while true {
      let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n >= 0 { return n }
      let code = errno
      switch code {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK: return 0
      case EPIPE, ECONNRESET, ENOTCONN: throw NetworkError.closed(peer: peer)
      default: throw NetworkError.system(peer: peer, operation: "send", reason: NetworkError.reason(code))
      }
    }
  }

  /// Reads what is available (at most `maxBytes`), waiting up to `timeout` seconds (nil: no
  /// limit) for the first byte. Returns an empty array when the time passed with nothing to read.
  package func receive(maxBytes: Int = 65536, timeout: Double?) throws -> [UInt8] {
    if let got = try receiveNow(maxBytes: maxBytes), !got.isEmpty { return got }
    let ready = try poll(.readable, timeout: timeout, operation: "receive")
    if ready.isEmpty { return [] }
    return try receiveNow(maxBytes: maxBytes) ?? []
  }

  /// Reads what is available without waiting; nil when nothing is.
  package func receiveNow(maxBytes: Int = 65536) throws -> [UInt8]? {
    if isShutDown.load(ordering: .acquiring) { throw NetworkError.shutDown(peer: peer) }
    var buffer = [UInt8](repeating: 0, count: maxBytes)
    while true {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maxBytes, 0) }
      if n > 0 { return Array(buffer[0..<n]) }
      if n == 0 {
        if isShutDown.load(ordering: .acquiring) { throw NetworkError.shutDown(peer: peer) }
        throw NetworkError.closed(peer: peer)
      }
      let code = errno
      switch code {
      case EINTR: continue
      case EAGAIN, EWOULDBLOCK: return nil
      case ECONNRESET, ENOTCONN, EPIPE: throw NetworkError.closed(peer: peer)
      default: throw NetworkError.system(peer: peer, operation: "receive", reason: NetworkError.reason(code))
      }
    }
  }

  /// Waits until the socket is readable and/or writable as asked, or `wakeup` is signalled, or
  /// the timeout passes. Returns what became ready.
  package func wait(
    readable: Bool, writable: Bool, wakeup: Wakeup? = nil, timeout: Double?
  ) throws -> (readable: Bool, writable: Bool, woken: Bool) {
    if isShutDown.load(ordering: .acquiring) { throw NetworkError.shutDown(peer: peer) }
    var events: PollWait.Readiness = []
    if readable { events.insert(.readable) }
    if writable { events.insert(.writable) }
    var fds: [(fd: Int32, events: PollWait.Readiness)] = [(fd, events)]
    if let wakeup { fds.append((wakeup.descriptor, .readable)) }
    let result: [PollWait.Readiness]
    do { result = try PollWait.wait(fds, timeout: timeout) } catch {
      throw NetworkError.system(peer: peer, operation: "poll", reason: NetworkError.reason(error.code))
    }
    let broken = !result[0].intersection([.hangup, .error, .invalid]).isEmpty
    return (
      result[0].contains(.readable) || broken, result[0].contains(.writable) || broken,
      result.count > 1 && !result[1].isEmpty
    )
  }

  private func poll(_ events: PollWait.Readiness, timeout: Double?, operation: String) throws -> PollWait.Readiness {
    do {
      let result = try PollWait.wait([(fd, events)], timeout: timeout)
      return result[0]
    } catch {
      throw NetworkError.system(peer: peer, operation: operation, reason: NetworkError.reason(error.code))
    }
  }

  /// Shuts both directions down: a thread blocked in `receive` or `wait` wakes up, and later
  /// operations throw `NetworkError.shutDown`. The descriptor stays open until `deinit`.
  package func shutdown() {
    isShutDown.store(true, ordering: .releasing)
    _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
  }

  /// Half-closes: the peer reads end-of-stream after the bytes already sent; reading goes on.
  package func finishSending() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

  /// Whether `shutdown()` was called.
  package var wasShutDown: Bool { isShutDown.load(ordering: .acquiring) }
}
