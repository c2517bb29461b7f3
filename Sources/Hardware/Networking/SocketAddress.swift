#if canImport(Glibc)
  import Glibc
#endif

/// IPv4 address resolution for the socket layer.
enum SocketAddress {
  /// The IPv4 addresses of `host` (a dotted quad or a name), with `port` filled in.
  static func resolve(host: String, port: UInt16) throws -> [sockaddr_in] {
    var literal = in_addr()
    if inet_pton(AF_INET, host, &literal) == 1 {
      return [make(literal, port)]
    }
    var hints = addrinfo()
    hints.ai_family = AF_INET
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, nil, &hints, &list)
    guard status == 0, let first = list else {
      throw NetworkError.unresolvable(host: host, reason: String(cString: gai_strerror(status)))
    }
    defer { freeaddrinfo(list) }
    var result: [sockaddr_in] = []
    var node: UnsafeMutablePointer<addrinfo>? = first
    while let current = node {
      if current.pointee.ai_family == AF_INET, let address = current.pointee.ai_addr {
        let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
        result.append(make(ipv4.sin_addr, port))
      }
      node = current.pointee.ai_next
    }
    if result.isEmpty { throw NetworkError.unresolvable(host: host, reason: "no IPv4 address") }
    return result
  }

  static func make(_ address: in_addr, _ port: UInt16) -> sockaddr_in {
    var result = sockaddr_in()
    result.sin_family = sa_family_t(AF_INET)
    result.sin_port = port.bigEndian
    result.sin_addr = address
    return result
  }

  /// `a.b.c.d:port` for an address.
  static func describe(_ address: sockaddr_in) -> String {
    var copy = address.sin_addr
    var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
    inet_ntop(AF_INET, &copy, &text, socklen_t(INET_ADDRSTRLEN))
    let host = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return "\(host):\(UInt16(bigEndian: address.sin_port))"
  }
}
