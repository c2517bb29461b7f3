import ArmatureCore
import Foundation
import Randomization
import SceneDescription
import Tasks

/// Where an experiment's randomization comes from. In YAML: `default` (the task's default),
/// `none`, a file path (relative to the experiment file), or an inline randomization spec.
public enum RandomizationChoice: Hashable, Sendable {
  case taskDefault
  case none
  case file(String)
  case inline(RandomizationSpec)

  /// The spec for `task`. A file's spec is checked against the task's parameters here, so that
  /// its errors name the file and the entry.
  public func spec(for task: TaskDescription) throws -> RandomizationSpec {
    switch self {
    case .taskDefault: return task.defaultRandomization
    case .none: return .none
    case .inline(let spec): return spec
    case .file(let path):
      let text = try ConfigLoader.readText(path)
      let spec = try ConfigLoader.decode(RandomizationSpec.self, yaml: text, file: path)
      try Self.check(spec, fits: task, file: path, keyPath: "parameters", text: text)
      return spec
    }
  }

  /// Checks `spec` against the parameters of one environment of `task`. An entry that does not
  /// fit is reported in `file` at `keyPath[i]`, with its line when `text` is the file's YAML.
  public static func check(
    _ spec: RandomizationSpec, fits task: TaskDescription, file: String, keyPath: String, text: String?
  ) throws {
    guard !spec.parameters.isEmpty else { return }
    let catalogue = try TaskRegistry.make(task.name, options: TaskOptions(randomization: RandomizationSpec.none))
      .randomizableParameters
    func located(_ index: Int, _ problem: String) -> LocatedErrors {
      let entry = "\(keyPath)[\(index)]"
      return LocatedErrors([
        LocatedError(file: file, line: text.flatMap { ConfigLoader.line(of: entry, in: $0) }, context: entry, message: problem)
      ])
    }
    do {
      try spec.check(against: catalogue)
    } catch let error as UnknownParameterError {
      throw located(error.index, error.problem)
    } catch let error as IneffectiveRandomizationError {
      throw located(error.index, error.problem)
    }
  }

  /// Reads `words` as a command-line or YAML value: `default`, `none` or a file path.
  public init(words: String) {
    switch words {
    case "default": self = .taskDefault
    case "none": self = .none
    default: self = .file(words)
    }
  }
}

extension RandomizationChoice: Codable {
  public init(from decoder: any Decoder) throws {
    let single = try decoder.singleValueContainer()
    if let words = try? single.decode(String.self) {
      var choice = RandomizationChoice(words: words)
      if case .file(let path) = choice, !path.hasPrefix("/"),
        let base = decoder.userInfo[.experimentBaseDirectory] as? String
      {
        choice = .file(base + "/" + path)
      }
      self = choice
    } else {
      self = .inline(try RandomizationSpec(from: decoder))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .taskDefault:
      var c = encoder.singleValueContainer()
      try c.encode("default")
    case .none:
      var c = encoder.singleValueContainer()
      try c.encode("none")
    case .file(let path):
      var c = encoder.singleValueContainer()
      try c.encode(path)
    case .inline(let spec):
      try spec.encode(to: encoder)
    }
  }
}

extension CodingUserInfoKey {
  /// The folder of the experiment file being decoded; relative paths in it start there.
  public static let experimentBaseDirectory = CodingUserInfoKey(rawValue: "armature.experimentBaseDirectory")!
}
