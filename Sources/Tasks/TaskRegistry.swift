import ArmatureCore
import EnvInterface

/// The tasks Armature ships, by name.
public enum TaskRegistry {
  /// A registered task: its description and how to make its environment.
  public struct Entry: Sendable {
    public var description: TaskDescription
    public var make: @Sendable (TaskOptions) throws -> any TaskEnvironment
  }

  /// Every task, in the order `armature tasks` lists them.
  public static let entries: [Entry] = [
    PointReachEnvironment.entry,
    arm(ReachTask.self),
    arm(CubePushTask.self),
    arm(CubePickPlaceTask.self),
    arm(CubeReorientTask.self),
    arm(ToteToConveyorTask.self),
    arm(ToteStackTask.self),
  ]

  /// The entry of a manipulation task on the arm workcell.
  static func arm<T: ArmTask & SendableMetatype>(_ task: T.Type) -> Entry {
    Entry(description: T.description) { options in try ArmTaskEnvironment<T>(options: options) }
  }

  /// The task names.
  public static var names: [String] { entries.map(\.description.name) }

  /// The entry for `name`, or an error listing the known names.
  public static func entry(_ name: String) throws -> Entry {
    guard let e = entries.first(where: { $0.description.name == name }) else {
      throw UnknownTaskError(name: name, known: names)
    }
    return e
  }

  /// Makes the environment of task `name`.
  public static func make(_ name: String, options: TaskOptions = TaskOptions()) throws -> any TaskEnvironment {
    try entry(name).make(options)
  }
}

/// A task name the registry does not have.
public struct UnknownTaskError: Error, CustomStringConvertible {
  public var name: String
  public var known: [String]
  public var description: String { "unknown task '\(name)'; the tasks are: " + known.joined(separator: ", ") }
}
