import ArmatureCore

/// A 6×n geometric Jacobian: column k maps the rate of coordinate k to the linear velocity of a
/// point (rows 0–2) and the angular velocity of its link (rows 3–5), in world axes.
public struct Jacobian: Hashable, Sendable {
  public let columns: Int
  /// Row-major, 6 × `columns`.
  public var values: [Double]

  public init(columns: Int) {
    self.columns = columns
    values = [Double](repeating: 0, count: 6 * columns)
  }

  @inlinable public subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// The linear part of column `k`.
  public func linear(_ k: Int) -> Vector3 { Vector3(self[0, k], self[1, k], self[2, k]) }
  /// The angular part of column `k`.
  public func angular(_ k: Int) -> Vector3 { Vector3(self[3, k], self[4, k], self[5, k]) }

  /// The linear and angular velocity for coordinate rates `qd`.
  public func velocity(_ qd: [Double]) -> (linear: Vector3, angular: Vector3) {
    var v = Vector3.zero
    var w = Vector3.zero
    for k in 0..<columns {
      v += qd[k] * linear(k)
      w += qd[k] * angular(k)
    }
    return (v, w)
  }
}

extension KinematicModel {
  /// The geometric Jacobian of a point fixed to `link` at coordinates `q`.
  /// - Parameter point: the point in the link's frame (its origin by default).
  /// Poses are relative to the root link; the Jacobian is in the root link's axes.
  public func jacobian(of link: Int, _ q: [Double], point: Vector3 = .zero) -> Jacobian {
    var jac = Jacobian(columns: dof)
    let path = chain(to: link)
    // Forward along the chain: each joint's frame in the root frame.
    var pose = Pose.identity
    var frames: [(origin: Vector3, axis: Vector3)] = []
    frames.reserveCapacity(path.count)
    for index in path {
      let j = joints[index]
      let jointFrame = pose * j.origin
      frames.append((jointFrame.position, jointFrame.orientation.rotate(j.axis)))
      pose = pose * jointTransform(j, q)
    }
    let p = pose.transform(point)
    for (n, index) in path.enumerated() {
      let j = joints[index]
      guard let v = j.variable else { continue }
      let (o, a) = frames[n]
      let m = j.multiplier
      switch j.kind.motion {
      case .rotation:
        let lin = a.cross(p - o) * m
        let ang = a * m
        for r in 0..<3 {
          jac[r, v] += lin[r]
          jac[r + 3, v] += ang[r]
        }
      case .translation:
        for r in 0..<3 { jac[r, v] += a[r] * m }
      case .none:
        break
      }
    }
    return jac
  }

  /// The generalized forces the joints must exert to hold configuration `q` still against
  /// `gravity` (N·m for hinges, N for sliders), from the links' inertials.
  public func gravityTorques(_ q: [Double], gravity: Vector3 = Vector3(0, 0, -9.81)) -> [Double] {
    var tau = [Double](repeating: 0, count: dof)
    for link in linkNames.indices {
      guard let inertial = inertials[link], inertial.mass > 0 else { continue }
      let jac = jacobian(of: link, q, point: inertial.origin.position)
      let weight = inertial.mass * gravity
      for k in 0..<dof { tau[k] -= jac.linear(k).dot(weight) }
    }
    return tau
  }
}
