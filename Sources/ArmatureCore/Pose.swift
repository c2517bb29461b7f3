/// A rigid transform: a rotation followed by a translation.
public struct Pose: Hashable, Sendable {
  public var position: Vector3
  public var orientation: Quaternion

  @inlinable public init(position: Vector3 = .zero, orientation: Quaternion = .identity) {
    self.position = position
    self.orientation = orientation
  }

  public static let identity = Pose()

  /// Composition: the pose `rhs` expressed in the frame `lhs`.
  @inlinable public static func * (lhs: Pose, rhs: Pose) -> Pose {
    Pose(
      position: lhs.position + lhs.orientation.rotate(rhs.position),
      orientation: lhs.orientation * rhs.orientation)
  }

  /// The inverse transform.
  @inlinable public var inverse: Pose {
    let r = orientation.conjugate
    return Pose(position: -r.rotate(position), orientation: r)
  }

  /// Maps a point from this frame to the parent frame.
  @inlinable public func transform(_ point: Vector3) -> Vector3 { position + orientation.rotate(point) }

  /// True when every component is finite.
  @inlinable public var isFinite: Bool { position.isFinite && orientation.isFinite }
}
