import ArmatureCore
import SceneDescription

/// The world poses of named frames at one instant: free objects by name, and (once robots are
/// loaded) links as `ROBOT/LINK`. The renderer draws a snapshot; whoever owns the simulation
/// (the CLI, a task) fills it from the physics world, so Rendering never imports Physics.
public struct PoseSnapshot: Hashable, Sendable {
  public var poses: [String: Pose]

  public init(_ poses: [String: Pose] = [:]) { self.poses = poses }

  /// The initial poses a scene declares for its objects (before any simulation).
  public init(initialPosesOf scene: Scene) {
    var poses: [String: Pose] = [:]
    for o in scene.objects { poses[o.name] = o.pose }
    self.init(poses)
  }

  public subscript(name: String) -> Pose? {
    get { poses[name] }
    set { poses[name] = newValue }
  }
}

/// A rendering request that cannot be carried out.
public enum RenderError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A drawable or camera rides on a frame the pose snapshot does not have.
  case unknownFrame(String, user: String)
  /// A drawable that cannot be drawn (bad geometry, too many objects).
  case invalidDrawable(String, reason: String)
  /// A camera whose parameters cannot make an image.
  case invalidCamera(String, reason: String)
  /// A frame whose pose has infinite or NaN components (a physics blow-up, for example).
  case nonFinitePose(String)

  public var description: String {
    switch self {
    case .unknownFrame(let frame, let user): return "\(user) rides on frame '\(frame)', which the pose snapshot lacks"
    case .invalidDrawable(let name, let reason): return "drawable '\(name)': \(reason)"
    case .invalidCamera(let name, let reason): return "camera '\(name)': \(reason)"
    case .nonFinitePose(let frame): return "frame '\(frame)' has a pose that is not finite"
    }
  }
}
