/// An arm's address on the command line: `ur-rtde://HOST` (a UR controller's RTDE, dashboard and
/// script ports on HOST).
public struct RobotAddress: Hashable, Sendable {
  public var host: String

  public init(_ text: String) throws {
    let scheme = "ur-rtde://"
    guard text.hasPrefix(scheme) else {
      throw ReplayError("robot address '\(text)': expected ur-rtde://HOST (the only arm protocol Armature speaks)")
    }
    var host = String(text.dropFirst(scheme.count))
    if host.hasSuffix("/") { host.removeLast() }
    guard !host.isEmpty, !host.contains("/"), !host.contains(":"), !host.contains(" ") else {
      throw ReplayError("robot address '\(text)': expected ur-rtde://HOST with a host name or IPv4 address (the ports are the UR's fixed ones)")
    }
    self.host = host
  }
}
