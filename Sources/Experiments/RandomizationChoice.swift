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

  /// The spec for `task` (files must have been resolved first, see `ExperimentConfig.load`). A
  /// file's spec is checked against the parameters of one environment of the task here, so that
  /// its errors name the file and the entry.
  public func spec(for task: TaskDescription) throws -> RandomizationSpec {
    switch self {
    case .taskDefault: return task.defaultRandomization
    case .none: return .none
    case .inline(let spec): return spec
    case .file(let path):
      let spec = try RandomizationSpec.load(file: path)
      let catalogue = try TaskRegistry.make(task.name, options: TaskOptions(randomization: RandomizationSpec.none))
        .randomizableParameters
      do {
        try spec.check(against: catalogue)
      } catch let error as UnknownParameterError {
        throw LocatedError(file: path, context: "parameters[\(error.index)]", message: error.problem)
      } catch let error as IneffectiveRandomizationError {
        throw LocatedError(file: path, context: "parameters[\(error.index)]", message: error.problem)
      }
      return spec
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
