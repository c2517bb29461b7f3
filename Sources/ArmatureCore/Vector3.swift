/// A 3-vector of doubles: positions in metres, velocities, forces, axes.
public typealias Vector3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
  /// The dot product.
  @inlinable public func dot(_ other: Vector3) -> Double { (self * other).sum() }

  /// The cross product `self × other`.
  @inlinable public func cross(_ other: Vector3) -> Vector3 {
    Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
  }

  /// The Euclidean length.
  @inlinable public var length: Double { dot(self).squareRoot() }

  /// The vector scaled to unit length; the zero vector stays zero.
  @inlinable public var normalized: Vector3 {
    let l = length
    return l > 0 ? self / l : self
  }

  /// True when every component is finite.
  @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }

  /// The components as an array, in x, y, z order.
  @inlinable public var array: [Double] { [x, y, z] }

  /// Builds a vector from exactly three numbers.
  @inlinable public init?(array: [Double]) {
    guard array.count == 3 else { return nil }
    self.init(array[0], array[1], array[2])
  }
}
