import ArmatureCore
import SceneDescription

/// Pinhole intrinsics in pixels, in the OpenCV convention: the centre of pixel (i, j) is at
/// image coordinates (u, v) = (i, j), u to the right, v down, and a point (x, y, z) in the camera's
/// optical frame (x right, y down, z forward) lands at u = fx·x/z + cx, v = fy·y/z + cy.
public struct CameraIntrinsics: Hashable, Sendable {
  public var fx: Double
  public var fy: Double
  public var cx: Double
  public var cy: Double
  public var width: Int
  public var height: Int

  public init(fx: Double, fy: Double, cx: Double, cy: Double, width: Int, height: Int) {
    self.fx = fx
    self.fy = fy
    self.cx = cx
    self.cy = cy
    self.width = width
    self.height = height
  }

  /// Square pixels, the principal point at the image centre, and `fieldOfView` degrees from the
  /// top edge of the image to the bottom edge.
  public init(fieldOfView degrees: Double, width: Int, height: Int) {
    let f = Double(height) / 2 / (degrees * .pi / 360).tan
    self.init(fx: f, fy: f, cx: Double(width - 1) / 2, cy: Double(height - 1) / 2, width: width, height: height)
  }

  /// The same camera at another resolution: focal lengths and principal point scaled with the image.
  public func resized(width w: Int, height h: Int) -> CameraIntrinsics {
    let sx = Double(w) / Double(width)
    let sy = Double(h) / Double(height)
    return CameraIntrinsics(
      fx: fx * sx, fy: fy * sy, cx: (cx + 0.5) * sx - 0.5, cy: (cy + 0.5) * sy - 0.5, width: w, height: h)
  }

  /// The vertical field of view in degrees.
  public var verticalFieldOfView: Double { 2 * (Double(height) / 2 / fy).clampedAtan * 180 / .pi }

  /// Whether the values can make an image.
  var problem: String? {
    guard width > 0, height > 0 else { return "the image size must be positive, got \(width) × \(height)" }
    guard fx > 0, fy > 0, fx.isFinite, fy.isFinite else { return "focal lengths must be positive" }
    guard cx.isFinite, cy.isFinite else { return "the principal point must be finite" }
    return nil
  }
}

extension Double {
  fileprivate var clampedAtan: Double { Double.atan2(y: self, x: 1) }
}

/// Where a camera is: fixed in the world, or riding on a named frame (a robot link, an object).
public enum CameraMount: Hashable, Sendable {
  /// The camera's optical frame in world coordinates.
  case world(Pose)
  /// The camera's optical frame relative to the frame called `frame` in the pose snapshot.
  case attached(frame: String, offset: Pose)
}

/// A pinhole camera: intrinsics, clipping distances and a mount.
///
/// The camera's optical frame has x to the right of the image, y down and z along the viewing
/// direction; depth images hold z (metres along the camera axis), not the distance to the eye.
public struct Camera: Hashable, Sendable {
  public var name: String
  public var intrinsics: CameraIntrinsics
  /// Nothing nearer than `near` or farther than `far` (along z) is drawn.
  public var near: Double
  public var far: Double
  public var mount: CameraMount

  public init(name: String = "camera", intrinsics: CameraIntrinsics, near: Double = SceneDefaults.cameraNear,
    far: Double = SceneDefaults.cameraFar, mount: CameraMount)
  {
    self.name = name
    self.intrinsics = intrinsics
    self.near = near
    self.far = far
    self.mount = mount
  }

  /// The camera a scene declares, optionally at another resolution (intrinsics scale with it).
  /// An attached camera's position, target and up are in the coordinates of its frame.
  public init(spec: CameraSpec, width: Int? = nil, height: Int? = nil) {
    var k: CameraIntrinsics
    if let i = spec.intrinsics {
      k = CameraIntrinsics(fx: i.fx, fy: i.fy, cx: i.cx, cy: i.cy, width: spec.width, height: spec.height)
    } else {
      k = CameraIntrinsics(fieldOfView: spec.fieldOfView, width: spec.width, height: spec.height)
    }
    if width != nil || height != nil { k = k.resized(width: width ?? spec.width, height: height ?? spec.height) }
    let local = Camera.lookAt(eye: spec.position, target: spec.target, up: spec.up)
    self.init(
      name: spec.name, intrinsics: k, near: spec.near, far: spec.far,
      mount: spec.attachedTo.map { .attached(frame: $0, offset: local) } ?? .world(local))
  }

  /// The optical frame of a camera at `eye` looking at `target`, with `up` pointing up in the image.
  /// When `up` is parallel to the viewing direction, the world x axis (or y) stands in for it.
  public static func lookAt(eye: Vector3, target: Vector3, up: Vector3 = Vector3(0, 0, 1)) -> Pose {
    let forward = (target - eye).normalized
    var right = forward.cross(up)
    if right.length < 1e-9 * max(1, up.length) {
      right = forward.cross(abs(forward.x) < 0.9 ? Vector3(1, 0, 0) : Vector3(0, 1, 0))
    }
    right = right.normalized
    let down = forward.cross(right)
    // Columns of the rotation are the frame's axes in world coordinates.
    let m = Matrix3(
      Vector3(right.x, down.x, forward.x), Vector3(right.y, down.y, forward.y), Vector3(right.z, down.z, forward.z))
    return Pose(position: eye, orientation: Quaternion(rotation: m))
  }

  /// The optical frame in the world for a pose snapshot.
  public func pose(in poses: PoseSnapshot) throws -> Pose {
    switch mount {
    case .world(let p): return p
    case .attached(let frame, let offset):
      guard let base = poses[frame] else { throw RenderError.unknownFrame(frame, user: "camera '\(name)'") }
      guard base.isFinite else { throw RenderError.nonFinitePose(frame) }
      return base * offset
    }
  }

  /// Image coordinates (u, v) and depth of a world point seen from `cameraPose`; nil when the
  /// point is not in front of the camera.
  public func project(_ point: Vector3, from cameraPose: Pose) -> (u: Double, v: Double, depth: Double)? {
    let p = cameraPose.inverse.transform(point)
    guard p.z > 0 else { return nil }
    let k = intrinsics
    return (k.fx * p.x / p.z + k.cx, k.fy * p.y / p.z + k.cy, p.z)
  }

  /// The direction, in the camera's optical frame, of the ray through image point (u, v), scaled
  /// so that its z component is 1 (a point at depth d along it is `d * ray`).
  public func ray(u: Double, v: Double) -> Vector3 {
    Vector3((u - intrinsics.cx) / intrinsics.fx, (v - intrinsics.cy) / intrinsics.fy, 1)
  }
}
