/// A rotation as a unit quaternion, stored and printed in `x, y, z, w` order.
///
/// ODE stores quaternions as `w, x, y, z`; the Physics layer converts at its boundary.
public struct Quaternion: Hashable, Sendable, Codable {
  public var x: Double
  public var y: Double
  public var z: Double
  public var w: Double

  @inlinable public init(x: Double, y: Double, z: Double, w: Double) {
    self.x = x
    self.y = y
    self.z = z
    self.w = w
  }

  /// The rotation that leaves every vector unchanged.
  public static let identity = Quaternion(x: 0, y: 0, z: 0, w: 1)

  /// The rotation of `angle` radians about `axis` (right-handed); the axis need not be unit length.
  @inlinable public init(axis: Vector3, angle: Double) {
    let a = axis.normalized
    let s = (angle / 2).sin
    self.init(x: a.x * s, y: a.y * s, z: a.z * s, w: (angle / 2).cos)
  }

  /// The rotation from roll, pitch and yaw about the fixed x, y and z axes, applied in that order,
  /// as URDF's `rpy` attribute defines it: `R = Rz(yaw) · Ry(pitch) · Rx(roll)`.
  @inlinable public init(roll: Double, pitch: Double, yaw: Double) {
    let qx = Quaternion(axis: Vector3(1, 0, 0), angle: roll)
    let qy = Quaternion(axis: Vector3(0, 1, 0), angle: pitch)
    let qz = Quaternion(axis: Vector3(0, 0, 1), angle: yaw)
    self = qz * qy * qx
  }

  /// The quaternion of a proper rotation matrix (Shepperd's method).
  public init(rotation m: Matrix3) {
    let trace = m[0, 0] + m[1, 1] + m[2, 2]
    if trace > 0 {
      let s = (trace + 1).squareRoot() * 2
      self.init(x: (m[2, 1] - m[1, 2]) / s, y: (m[0, 2] - m[2, 0]) / s, z: (m[1, 0] - m[0, 1]) / s, w: s / 4)
    } else if m[0, 0] > m[1, 1] && m[0, 0] > m[2, 2] {
      let s = (1 + m[0, 0] - m[1, 1] - m[2, 2]).squareRoot() * 2
      self.init(x: s / 4, y: (m[0, 1] + m[1, 0]) / s, z: (m[0, 2] + m[2, 0]) / s, w: (m[2, 1] - m[1, 2]) / s)
    } else if m[1, 1] > m[2, 2] {
      let s = (1 + m[1, 1] - m[0, 0] - m[2, 2]).squareRoot() * 2
      self.init(x: (m[0, 1] + m[1, 0]) / s, y: s / 4, z: (m[1, 2] + m[2, 1]) / s, w: (m[0, 2] - m[2, 0]) / s)
    } else {
      let s = (1 + m[2, 2] - m[0, 0] - m[1, 1]).squareRoot() * 2
      self.init(x: (m[0, 2] + m[2, 0]) / s, y: (m[1, 2] + m[2, 1]) / s, z: s / 4, w: (m[1, 0] - m[0, 1]) / s)
    }
    self = normalized
  }

  /// The Hamilton product: the rotation `rhs` followed by `lhs`.
  @inlinable public static func * (lhs: Quaternion, rhs: Quaternion) -> Quaternion {
    Quaternion(
      x: lhs.w * rhs.x + lhs.x * rhs.w + lhs.y * rhs.z - lhs.z * rhs.y,
      y: lhs.w * rhs.y - lhs.x * rhs.z + lhs.y * rhs.w + lhs.z * rhs.x,
      z: lhs.w * rhs.z + lhs.x * rhs.y - lhs.y * rhs.x + lhs.z * rhs.w,
      w: lhs.w * rhs.w - lhs.x * rhs.x - lhs.y * rhs.y - lhs.z * rhs.z)
  }

  /// The inverse rotation (the conjugate of a unit quaternion).
  @inlinable public var conjugate: Quaternion { Quaternion(x: -x, y: -y, z: -z, w: w) }

  /// The vector part `(x, y, z)`.
  @inlinable public var vector: Vector3 { Vector3(x, y, z) }

  /// The four components in `x, y, z, w` order.
  @inlinable public var array: [Double] { [x, y, z, w] }

  /// The norm of the four components.
  @inlinable public var norm: Double { (x * x + y * y + z * z + w * w).squareRoot() }

  /// The quaternion scaled to unit norm.
  @inlinable public var normalized: Quaternion {
    let n = norm
    return n > 0 ? Quaternion(x: x / n, y: y / n, z: z / n, w: w / n) : .identity
  }

  /// True when every component is finite.
  @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite && w.isFinite }

  /// Rotates a vector.
  @inlinable public func rotate(_ v: Vector3) -> Vector3 {
    let u = vector
    let t = 2 * u.cross(v)
    return v + w * t + u.cross(t)
  }

  /// The rotation matrix.
  @inlinable public var matrix: Matrix3 {
    let xx = x * x, yy = y * y, zz = z * z
    let xy = x * y, xz = x * z, yz = y * z
    let wx = w * x, wy = w * y, wz = w * z
    return Matrix3(rows: [
      Vector3(1 - 2 * (yy + zz), 2 * (xy - wz), 2 * (xz + wy)),
      Vector3(2 * (xy + wz), 1 - 2 * (xx + zz), 2 * (yz - wx)),
      Vector3(2 * (xz - wy), 2 * (yz + wx), 1 - 2 * (xx + yy)),
    ])
  }

  /// The angle in radians, in `[0, π]`, of the rotation that takes `self` to `other`.
  /// Computed as 2 atan2(|v|, |w|) of the relative rotation, which stays accurate for tiny angles
  /// (2 acos(w) loses half the digits there).
  @inlinable public func angle(to other: Quaternion) -> Double {
    let r = conjugate * other
    return 2 * Double.atan2(y: r.vector.length, x: abs(r.w))
  }

  /// Rotation as an axis scaled by its angle (the rotation vector), angle in `[0, π]`.
  public var rotationVector: Vector3 {
    let q = w < 0 ? Quaternion(x: -x, y: -y, z: -z, w: -w) : self
    let s = q.vector.length
    guard s > 1e-12 else { return 2 * q.vector }
    let angle = 2 * Double.atan2(y: s, x: q.w)
    return q.vector / s * angle
  }

  /// The rotation whose rotation vector is `v` (axis times angle).
  public init(rotationVector v: Vector3) {
    let angle = v.length
    if angle < 1e-12 {
      self = Quaternion(x: v.x / 2, y: v.y / 2, z: v.z / 2, w: 1).normalized
    } else {
      self.init(axis: v, angle: angle)
    }
  }

  // Codable as a flat array `[x, y, z, w]`.
  public init(from decoder: any Decoder) throws {
    var c = try decoder.unkeyedContainer()
    x = try c.decode(Double.self)
    y = try c.decode(Double.self)
    z = try c.decode(Double.self)
    w = try c.decode(Double.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(x)
    try c.encode(y)
    try c.encode(z)
    try c.encode(w)
  }
}
