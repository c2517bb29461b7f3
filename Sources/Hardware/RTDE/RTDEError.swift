/// A violation of the RTDE protocol, by either side, or a refusal by the controller.
public enum RTDEError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A package header declared a size smaller than the 3-byte header itself.
  case malformedHeader(declaredSize: Int)
  /// A payload ended before a field could be read.
  case truncated(context: String, needed: Int, available: Int)
  /// A payload was longer or shorter than its package type allows.
  case wrongPayloadSize(context: String, expected: Int, actual: Int)
  /// A package type byte that the protocol does not define.
  case unknownPackageType(UInt8)
  /// A package type that is valid but not expected in this direction or state.
  case unexpectedPackage(expected: String, got: String)
  /// Text that is not UTF-8.
  case invalidText(context: String)
  /// A variable name that is not in the RTDE variable table.
  case unknownVariable(String)
  /// A field type name that is not an RTDE type.
  case unknownFieldType(String)
  /// Values that do not match a recipe's field types or count.
  case recipeMismatch(recipeID: UInt8, reason: String)
  /// A data package for a recipe that was never set up.
  case unknownRecipe(UInt8)
  /// The controller refused the protocol version.
  case protocolVersionRefused(UInt16)
  /// The controller refused a recipe: names it does not know or inputs another client owns.
  case setupRefused(notFound: [String], inUse: [String])
  /// The controller refused a recipe for another reason (a frequency out of range, say).
  case setupFailed(reason: String)
  /// The controller refused to start or pause synchronization.
  case startRefused
  case pauseRefused
  /// The controller sent an error or exception text message.
  case controllerMessage(String)

  public var description: String {
    switch self {
    case .malformedHeader(let size): return "RTDE package header declares size \(size), below the 3-byte minimum"
    case .truncated(let context, let needed, let available):
      return "RTDE \(context): payload truncated (needs \(needed) bytes, has \(available))"
    case .wrongPayloadSize(let context, let expected, let actual):
      return "RTDE \(context): payload has \(actual) bytes, expected \(expected)"
    case .unknownPackageType(let type):
      let printable = (0x20..<0x7f).contains(type) ? " '\(Character(UnicodeScalar(type)))'" : ""
      return "RTDE: unknown package type \(type)\(printable)"
    case .unexpectedPackage(let expected, let got): return "RTDE: expected \(expected), got \(got)"
    case .invalidText(let context): return "RTDE \(context): text is not UTF-8"
    case .unknownVariable(let name): return "RTDE: unknown variable '\(name)'"
    case .unknownFieldType(let name): return "RTDE: unknown field type '\(name)'"
    case .recipeMismatch(let id, let reason): return "RTDE recipe \(id): \(reason)"
    case .unknownRecipe(let id): return "RTDE: data package for recipe \(id), which was not set up"
    case .protocolVersionRefused(let v): return "RTDE: the controller refused protocol version \(v)"
    case .setupRefused(let notFound, let inUse):
      var parts: [String] = []
      if !notFound.isEmpty { parts.append("unknown to the controller (NOT_FOUND): " + notFound.joined(separator: ", ")) }
      if !inUse.isEmpty { parts.append("owned by another client (IN_USE): " + inUse.joined(separator: ", ")) }
      return "RTDE recipe refused: " + parts.joined(separator: "; ")
    case .setupFailed(let reason): return "RTDE recipe refused: \(reason)"
    case .startRefused: return "RTDE: the controller refused to start synchronization"
    case .pauseRefused: return "RTDE: the controller refused to pause synchronization"
    case .controllerMessage(let text): return "RTDE controller message: \(text)"
    }
  }
}
