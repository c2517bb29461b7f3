import ArmatureCore
import Randomization
import Rendering

/// The task camera: the one view of a task that contact sheets, episode videos and
/// `armature eval --frames` show. Tasks with a scene implement
/// `TaskEnvironment.renderTaskCamera(width:height:)`; the default says the task cannot render.
public enum TaskCamera {
  /// The frame size used when none is asked for.
  public static let defaultWidth = 160
  public static let defaultHeight = 120
}

extension TaskEnvironment {
  public func renderTaskCamera(width: Int, height: Int) throws -> RGBImage {
    throw TaskCameraUnavailable(task: taskDescription.name)
  }
  public var randomizableParameters: [RandomizableParameter] { taskDescription.parameters }
  public var cameraNames: [String] { [] }
  public func segmentationTable() throws -> SegmentationTable { throw TaskCameraUnavailable(task: taskDescription.name) }
}

/// A task that has no task camera to render.
public struct TaskCameraUnavailable: Error, CustomStringConvertible {
  public var task: String
  public init(task: String) { self.task = task }
  public var description: String { "task '\(task)' cannot render frames (it has no task camera)" }
}
