import ArmatureCore
import Foundation
import Yams

/// Reads YAML configuration files (scenes, experiments, randomization) into Codable types, with
/// errors that name the file, the line, the key path and the problem.
public enum ConfigLoader {
  /// Decodes `yaml`, attributing errors to `file`. Every problem found is reported together in a
  /// `LocatedErrors`; a single problem is also a `LocatedErrors` with one element.
  public static func decode<T: Decodable>(
    _ type: T.Type, yaml: String, file: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]
  ) throws -> T {
    let node: Node
    do {
      guard let composed = try Yams.compose(yaml: yaml) else {
        throw LocatedErrors([LocatedError(file: file, line: 1, message: "the file is empty")])
      }
      node = composed
    } catch let error as YamlError {
      throw LocatedErrors([locate(error, file: file)])
    }
    let lines = SourceMap(node)
    let diagnostics = DecodingDiagnostics()
    var info: [CodingUserInfoKey: Any] = [.armatureDiagnostics: diagnostics]
    for (k, v) in userInfo { info[k] = v }
    var result: T?
    do {
      result = try YAMLDecoder().decode(T.self, from: node, userInfo: info)
    } catch is ConfigAbort {
      // Already recorded.
    } catch let error as DecodingError {
      diagnostics.record(path: formatKeyPath(error.path ?? []), error.message(expecting: T.self))
    }
    let errors = diagnostics.problems.map {
      LocatedError(file: file, line: lines.line(for: $0.path), context: $0.path, message: $0.message)
    }
    if !errors.isEmpty {
      throw LocatedErrors(errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }
    guard let result else {
      throw LocatedErrors([LocatedError(file: file, message: "could not be decoded")])
    }
    return result
  }

  /// Reads and decodes the YAML file at `path`.
  public static func load<T: Decodable>(
    _ type: T.Type, file path: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]
  ) throws -> T {
    try decode(type, yaml: readText(path), file: path, userInfo: userInfo)
  }

  /// The line of `keyPath` (`randomization.parameters[2]`, or its nearest ancestor) in `yaml`;
  /// nil when the text does not parse.
  public static func line(of keyPath: String, in yaml: String) -> Int? {
    guard let node = try? Yams.compose(yaml: yaml) else { return nil }
    return SourceMap(node).line(for: keyPath)
  }

  /// The UTF-8 text of a file, or a located error that says why it cannot be read.
  public static func readText(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LocatedErrors([LocatedError(file: path, message: "no such file")])
    }
    guard !isDirectory.boolValue else {
      throw LocatedErrors([LocatedError(file: path, message: "is a folder, not a file")])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedErrors([LocatedError(file: path, message: "cannot be read")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw LocatedErrors([LocatedError(file: path, message: "is not UTF-8 text")])
    }
    return text
  }

  private static func locate(_ error: YamlError, file: String) -> LocatedError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return LocatedError(file: file, line: mark.line, message: "YAML syntax error: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return LocatedError(
        file: file, line: context.mark.line,
        message: "duplicate key\(duplicates.count > 1 ? "s" : "") " + duplicates.map { "'\($0)'" }.joined(separator: ", "))
    case .reader(let problem, _, _, _):
      return LocatedError(file: file, message: "cannot read YAML: \(problem)")
    default:
      return LocatedError(file: file, message: "YAML error: \(error)")
    }
  }
}

/// Line numbers of every key path in a YAML document.
struct SourceMap {
  private var lines: [String: Int] = [:]

  init(_ root: Node) {
    visit(root, path: "")
  }

  private mutating func visit(_ node: Node, path: String) {
    if let line = node.mark?.line, lines[path] == nil { lines[path] = line }
    switch node {
    case .mapping(let mapping):
      for (key, value) in mapping {
        let name = key.string ?? "\(key)"
        let child = path.isEmpty ? name : path + "." + name
        if let line = key.mark?.line { lines[child] = line }
        visit(value, path: child)
      }
    case .sequence(let sequence):
      for (i, item) in sequence.enumerated() { visit(item, path: path + "[\(i)]") }
    default:
      break
    }
  }

  /// The line of `path`, or of its nearest ancestor that has one.
  func line(for path: String) -> Int? {
    var p = path
    while true {
      if let l = lines[p] { return l }
      guard !p.isEmpty else { return nil }
      if p.hasSuffix("]"), let open = p.lastIndex(of: "[") {
        p = String(p[..<open])
      } else if let dot = p.lastIndex(of: ".") {
        p = String(p[..<dot])
      } else {
        p = ""
      }
    }
  }
}
