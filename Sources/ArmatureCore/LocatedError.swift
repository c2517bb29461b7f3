/// An error in an input file, located as precisely as the input allows.
///
/// Its description reads `FILE:LINE: CONTEXT: MESSAGE`, for example
/// `Scenes/x.yaml:14: objects[2].size: expected 3 positive numbers, got [0.05, -1]`. The context is
/// a key path in configuration files and an element in URDF files; parts that are unknown are left
/// out.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file, as the user named it.
  public var file: String?
  /// The 1-based line number.
  public var line: Int?
  /// The key path (`objects[2].size`) or element (`joint 'elbow'`).
  public var context: String
  /// What is wrong, in words.
  public var message: String

  public init(file: String? = nil, line: Int? = nil, context: String = "", message: String) {
    self.file = file
    self.line = line
    self.context = context
    self.message = message
  }

  public var description: String {
    var prefix = ""
    if let file {
      prefix = file
      if let line { prefix += ":\(line)" }
      prefix += ": "
    } else if let line {
      prefix = "line \(line): "
    }
    return prefix + (context.isEmpty ? "" : context + ": ") + message
  }
}

/// Several located errors found in one pass, reported together.
public struct LocatedErrors: Error, Sendable, CustomStringConvertible {
  public var errors: [LocatedError]
  public init(_ errors: [LocatedError]) { self.errors = errors }
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}
