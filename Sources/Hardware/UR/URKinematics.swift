import ArmatureCore

/// Forward kinematics of a Universal Robots arm from its Denavit-Hartenberg parameters, as the
/// controller computes `actual_TCP_pose` (base frame to tool flange, no TCP offset).
///
/// The frames follow UR's published convention ("DH parameters for calculations of kinematics
/// and dynamics", universal-robots.com): T_i = Rz(θ_i) · Tz(d_i) · Tx(a_i) · Rx(α_i).
public struct URKinematics: Hashable, Sendable {
  /// Link offsets d (m), lengths a (m) and twists α (rad), six each.
  public var d: [Double]
  public var a: [Double]
  public var alpha: [Double]

  public init(d: [Double], a: [Double], alpha: [Double]) {
    precondition(d.count == 6 && a.count == 6 && alpha.count == 6, "six joints")
    self.d = d
    self.a = a
    self.alpha = alpha
  }

  /// The UR5e's nominal parameters.
  public static let ur5e = URKinematics(
    d: [0.1625, 0, 0, 0.1333, 0.0997, 0.0996], a: [0, -0.425, -0.3922, 0, 0, 0],
    alpha: [.pi / 2, 0, 0, .pi / 2, -.pi / 2, 0])

  /// The flange pose in the base frame.
  public func flangePose(_ q: [Double]) -> Pose {
    precondition(q.count == 6, "six joint angles")
    var rotation = Matrix3.identity
    var position = Vector3.zero
    for i in 0..<6 {
      let (ct, st) = (q[i].cos, q[i].sin)
      let (ca, sa) = (alpha[i].cos, alpha[i].sin)
      let link = Matrix3(
        Vector3(ct, -st * ca, st * sa),
        Vector3(st, ct * ca, -ct * sa),
        Vector3(0, sa, ca))
      position = position + rotation * Vector3(a[i] * ct, a[i] * st, d[i])
      rotation = rotation * link
    }
    return Pose(position: position, orientation: Quaternion(rotation: rotation))
  }

  /// The flange pose as UR reports it: x, y, z (m) and a rotation vector (rad).
  public func tcpPose(_ q: [Double]) -> [Double] {
    let pose = flangePose(q)
    let r = pose.orientation.rotationVector
    return [pose.position.x, pose.position.y, pose.position.z, r.x, r.y, r.z]
  }

  /// The flange twist for joint velocities `qd`: linear (m/s) and angular (rad/s) velocity in
  /// the base frame, by a central difference of the forward kinematics.
  public func tcpSpeed(_ q: [Double], _ qd: [Double]) -> [Double] {
    let h = 1e-6
    let plus = flangePose(zip(q, qd).map { $0 + $1 * h })
    let minus = flangePose(zip(q, qd).map { $0 - $1 * h })
    let v = (plus.position - minus.position) / (2 * h)
    let w = (plus.orientation * minus.orientation.conjugate).rotationVector / (2 * h)
    return [v.x, v.y, v.z, w.x, w.y, w.z]
  }
}
