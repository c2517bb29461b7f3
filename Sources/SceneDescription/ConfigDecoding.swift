import ArmatureCore
import Foundation
import Yams

/// A coding key for any string or index: lists the keys a mapping really has.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
  public var stringValue: String
  public var intValue: Int?
  public init(stringValue: String) { self.stringValue = stringValue }
  public init(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
  public init(_ string: String) { stringValue = string }
}

/// Formats a coding path the way configuration errors print it: `objects[2].size`.
public func formatKeyPath(_ path: [any CodingKey]) -> String {
  var out = ""
  for key in path {
    if let index = key.intValue, key.stringValue == String(index) || key.stringValue.hasPrefix("Index") {
      out += "[\(index)]"
    } else {
      if !out.isEmpty { out += "." }
      out += key.stringValue
    }
  }
  return out
}

/// Problems found while decoding a configuration file, so that one pass reports all of them.
public final class DecodingDiagnostics: @unchecked Sendable {
  /// One problem: where (a key path) and what.
  public struct Problem: Sendable {
    public var path: String
    public var message: String
  }

  public private(set) var problems: [Problem] = []
  private let lock = NSLock()

  public init() {}

  public func record(path: [any CodingKey], _ message: String) {
    record(path: formatKeyPath(path), message)
  }

  public func record(path: String, _ message: String) {
    lock.lock()
    defer { lock.unlock() }
    problems.append(Problem(path: path, message: message))
  }
}

extension CodingUserInfoKey {
  /// The `DecodingDiagnostics` that configuration types record their problems in.
  public static let armatureDiagnostics = CodingUserInfoKey(rawValue: "armature.diagnostics")!
}

/// A keyed container for configuration types: rejects unknown keys, fills defaults, and records
/// problems instead of stopping at the first, so `armature validate` can list every one.
///
/// Without a `DecodingDiagnostics` in the decoder's user info (plain `JSONDecoder` use), problems
/// are thrown as `DecodingError`s instead.
public struct ConfigContainer<Key: CodingKey> {
  public let container: KeyedDecodingContainer<Key>
  public let codingPath: [any CodingKey]
  let diagnostics: DecodingDiagnostics?
  var diagnosticsSink: DecodingDiagnostics? { diagnostics }

  /// Opens the mapping at `decoder`, reporting keys that `Key` does not name.
  public init(_ decoder: any Decoder, keyedBy: Key.Type) throws {
    container = try decoder.container(keyedBy: Key.self)
    codingPath = decoder.codingPath
    diagnostics = decoder.userInfo[.armatureDiagnostics] as? DecodingDiagnostics
    let present = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
    for key in present where Key(stringValue: key.stringValue) == nil {
      var message = "unknown key '\(key.stringValue)'"
      if let all = (Key.self as? any CaseIterable.Type)?.allCasesAsStrings {
        message += "; expected one of: " + all.joined(separator: ", ")
      }
      try report(path: codingPath + [key], message)
    }
  }

  /// Whether the mapping has `key`.
  public func contains(_ key: Key) -> Bool { container.contains(key) }

  /// Records a problem at `key` (or throws it when no diagnostics are collected).
  public func problem(_ key: Key, _ message: String) throws {
    try report(path: codingPath + [key], message)
  }

  /// Records a problem at this container's own path.
  public func problem(_ message: String) throws { try report(path: codingPath, message) }

  private func report(path: [any CodingKey], _ message: String) throws {
    if let diagnostics {
      diagnostics.record(path: path, message)
    } else {
      throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: message))
    }
  }

  /// The value at `key`, or nil when absent or malformed (a malformed value is recorded).
  public func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
    guard container.contains(key) else { return nil }
    if (try? container.decodeNil(forKey: key)) == true { return nil }
    do {
      return try container.decode(T.self, forKey: key)
    } catch let error as DecodingError {
      if case .typeMismatch = error, (error.path?.count ?? 0) <= codingPath.count + 1 {
        try report(path: codingPath + [key], "expected \(typeName(T.self)), got \(describeActual(key))")
      } else {
        try report(path: error.path ?? codingPath + [key], error.message(expecting: T.self))
      }
      return nil
    }
  }

  /// How the value at `key` reads: `'big'` for a single value, or "a list" / "a mapping".
  private func describeActual(_ key: Key) -> String {
    if let text = try? container.decode(String.self, forKey: key) { return "'\(text)'" }
    if (try? container.nestedUnkeyedContainer(forKey: key)) != nil { return "a list" }
    if (try? container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)) != nil { return "a mapping" }
    return "a value of another type"
  }

  /// The value at `key`, or `fallback` when absent; a malformed value is recorded and replaced.
  public func value<T: Decodable>(_ key: Key, default fallback: @autoclosure () -> T) throws -> T {
    try optional(T.self, key) ?? fallback()
  }

  /// The value at `key`, checked by `isValid`; a value that fails is recorded as
  /// `expected DESCRIPTION, got VALUE` and replaced by `fallback`.
  public func value<T: Decodable>(
    _ key: Key, default fallback: @autoclosure () -> T, expected description: String,
    _ isValid: (T) -> Bool
  ) throws -> T {
    guard let v = try optional(T.self, key) else { return fallback() }
    guard isValid(v) else {
      try problem(key, "expected \(description), got \(describeValue(v))")
      return fallback()
    }
    return v
  }

  /// The value at `key` where null is a value of its own: nil for an explicit `null`, `fallback`
  /// when the key is absent, else the value checked by `isValid` (a value that fails is recorded
  /// as `expected DESCRIPTION, got VALUE` and replaced by `fallback`).
  public func nullable<T: Decodable>(
    _ key: Key, default fallback: T?, expected description: String, _ isValid: (T) -> Bool = { _ in true }
  ) throws -> T? {
    guard container.contains(key) else { return fallback }
    if (try? container.decodeNil(forKey: key)) == true { return nil }
    guard let v = try optional(T.self, key) else { return fallback }
    guard isValid(v) else {
      try problem(key, "expected \(description), got \(describeValue(v))")
      return fallback
    }
    return v
  }

  /// The value at `key`, which must be present.
  public func required<T: Decodable>(_ key: Key) throws -> T {
    guard container.contains(key) else {
      try report(path: codingPath + [key], "missing required key '\(key.stringValue)'")
      throw ConfigAbort()
    }
    guard let v = try optional(T.self, key) else { throw ConfigAbort() }
    return v
  }
}

/// Thrown after a problem was recorded when decoding cannot continue without the value.
public struct ConfigAbort: Error {}

extension CaseIterable {
  fileprivate static var allCasesAsStrings: [String]? {
    let cases = Array(allCases)
    return cases.compactMap { ($0 as? any CodingKey)?.stringValue }
  }
}

extension DecodingError {
  var path: [any CodingKey]? {
    switch self {
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return c.codingPath
    case .keyNotFound(let key, let c): return c.codingPath + [key]
    @unknown default: return nil
    }
  }

  func message<T>(expecting type: T.Type) -> String {
    switch self {
    case .typeMismatch(let t, let c):
      return "expected \(typeName(t)), got \(describeMismatch(c.debugDescription))"
    case .valueNotFound(let t, _): return "expected \(typeName(t)), got nothing"
    case .keyNotFound(let key, _): return "missing required key '\(key.stringValue)'"
    case .dataCorrupted(let c): return c.debugDescription
    @unknown default: return "malformed value"
    }
  }
}

private func describeMismatch(_ debugDescription: String) -> String {
  // Yams phrases these as "Expected to decode X but found Node.Y"; keep the found part.
  if let range = debugDescription.range(of: "but found ") {
    let found = debugDescription[range.upperBound...].lowercased()
    if found.hasPrefix("node.mapping") || found.hasPrefix("mapping") { return "a mapping" }
    if found.hasPrefix("node.sequence") || found.hasPrefix("sequence") { return "a list" }
    if found.hasPrefix("node.scalar") || found.hasPrefix("scalar") { return "a single value" }
    return String(found)
  }
  return debugDescription
}

func typeName(_ type: Any.Type) -> String {
  switch type {
  case is Double.Type, is Float.Type: return "a number"
  case is Int.Type, is UInt64.Type, is Int32.Type, is UInt32.Type: return "an integer"
  case is String.Type: return "a string"
  case is Bool.Type: return "true or false"
  case is [Double].Type: return "a list of numbers"
  default:
    let name = String(describing: type)
    if name.hasPrefix("Array<") { return "a list" }
    if name.hasPrefix("Dictionary<") { return "a mapping" }
    return name
  }
}

/// Prints a decoded value the way it would be written in YAML: `[0.05, -1]`, `-2`, `'wood'`.
public func describeValue(_ value: Any) -> String {
  switch value {
  case let d as Double: return JSONValue.number(d).serialized()
  case let v as Vector3: return describeValue([v.x, v.y, v.z])
  case let a as [Double]: return "[" + a.map { JSONValue.number($0).serialized() }.joined(separator: ", ") + "]"
  case let s as String: return "'\(s)'"
  default: return String(describing: value)
  }
}

/// A configuration enum decoded from its raw string, with an error that lists the choices.
public protocol ConfigEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension ConfigEnum {
  public init(from decoder: any Decoder) throws {
    let raw = try decoder.singleValueContainer().decode(String.self)
    guard let value = Self(rawValue: raw) else {
      let choices = Self.allCases.map(\.rawValue).joined(separator: ", ")
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "expected one of \(choices), got '\(raw)'"))
    }
    self = value
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
}
