/// A 3×3 matrix of doubles, stored by rows: rotations and inertia tensors.
public struct Matrix3: Hashable, Sendable {
  public var r0: Vector3
  public var r1: Vector3
  public var r2: Vector3

  @inlinable public init(rows: [Vector3]) {
    precondition(rows.count == 3, "a 3×3 matrix needs three rows")
    (r0, r1, r2) = (rows[0], rows[1], rows[2])
  }

  @inlinable public init(_ r0: Vector3, _ r1: Vector3, _ r2: Vector3) { (self.r0, self.r1, self.r2) = (r0, r1, r2) }

  public static let identity = Matrix3(Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1))
  public static let zero = Matrix3(.zero, .zero, .zero)

  /// A diagonal matrix.
  @inlinable public static func diagonal(_ d: Vector3) -> Matrix3 {
    Matrix3(Vector3(d.x, 0, 0), Vector3(0, d.y, 0), Vector3(0, 0, d.z))
  }

  @inlinable public subscript(row: Int, column: Int) -> Double {
    get {
      switch row {
      case 0: return r0[column]
      case 1: return r1[column]
      default: return r2[column]
      }
    }
    set {
      switch row {
      case 0: r0[column] = newValue
      case 1: r1[column] = newValue
      default: r2[column] = newValue
      }
    }
  }

  @inlinable public func row(_ i: Int) -> Vector3 { i == 0 ? r0 : (i == 1 ? r1 : r2) }
  @inlinable public func column(_ j: Int) -> Vector3 { Vector3(r0[j], r1[j], r2[j]) }

  @inlinable public var transposed: Matrix3 { Matrix3(column(0), column(1), column(2)) }

  @inlinable public static func * (m: Matrix3, v: Vector3) -> Vector3 {
    Vector3(m.r0.dot(v), m.r1.dot(v), m.r2.dot(v))
  }

  @inlinable public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
    let bt = b.transposed
    return Matrix3(
      Vector3(a.r0.dot(bt.r0), a.r0.dot(bt.r1), a.r0.dot(bt.r2)),
      Vector3(a.r1.dot(bt.r0), a.r1.dot(bt.r1), a.r1.dot(bt.r2)),
      Vector3(a.r2.dot(bt.r0), a.r2.dot(bt.r1), a.r2.dot(bt.r2)))
  }

  @inlinable public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
    Matrix3(a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2)
  }

  @inlinable public static func * (s: Double, m: Matrix3) -> Matrix3 {
    Matrix3(s * m.r0, s * m.r1, s * m.r2)
  }

  @inlinable public var determinant: Double { r0.dot(r1.cross(r2)) }

  @inlinable public var isFinite: Bool { r0.isFinite && r1.isFinite && r2.isFinite }

  /// True when the matrix equals its transpose within `tolerance`.
  public func isSymmetric(tolerance: Double = 1e-9) -> Bool {
    abs(self[0, 1] - self[1, 0]) <= tolerance && abs(self[0, 2] - self[2, 0]) <= tolerance
      && abs(self[1, 2] - self[2, 1]) <= tolerance
  }

  /// True for a symmetric positive-definite matrix (Sylvester's criterion).
  public var isPositiveDefinite: Bool {
    guard isFinite, isSymmetric(tolerance: 1e-9 * Swift.max(1, abs(self[0, 0]) + abs(self[1, 1]) + abs(self[2, 2])))
    else { return false }
    let m1 = self[0, 0]
    let m2 = self[0, 0] * self[1, 1] - self[0, 1] * self[1, 0]
    return m1 > 0 && m2 > 0 && determinant > 0
  }

  /// The skew-symmetric matrix of `v`, so that `skew(v) * u == v.cross(u)`.
  @inlinable public static func skew(_ v: Vector3) -> Matrix3 {
    Matrix3(Vector3(0, -v.z, v.y), Vector3(v.z, 0, -v.x), Vector3(-v.y, v.x, 0))
  }
}
