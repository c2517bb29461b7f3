import ArmatureCore
import Hardware
import Testing

/// Reference poses from `Reference/ur5e_fk.py` (plain-Python 4×4 DH products, rotation vector by
/// the axis-angle formula).
@Suite struct URKinematicsTests {
  static let cases: [([Double], [Double])] = [
    ([0, 0, 0, 0, 0, 0], [-0.8172, -0.2329, 0.0628, 1.570796326795, 0, 0]),
    (
      [0, -.pi / 2, .pi / 2, -.pi / 2, -.pi / 2, 0],
      [-0.4919, -0.1333, 0.4879, 2.221441469079, 2.221441469079, 0]
    ),
    (
      [0.3, -1.2, 1.4, -0.9, -1.6, 0.5],
      [-0.464419612571, -0.280149570868, 0.340307011646, 2.009417532725, 1.665859509432, 1.139404723408]
    ),
    (
      [-1.0, -2.0, -1.0, 0.5, 1.0, 2.0],
      [0.151933594757, -0.582936289276, 0.734330947702, 1.016792546187, 0.344379398937, -0.781254448423]
    ),
  ]

  @Test func forwardKinematicsMatchesReference() {
    for (q, expected) in Self.cases {
      let pose = URKinematics.ur5e.tcpPose(q)
      for i in 0..<3 { #expect(abs(pose[i] - expected[i]) < 1e-9, "q \(q) position \(i)") }
      // Compare rotations, not vectors: at π the vector's sign is ambiguous.
      let got = Quaternion(rotationVector: Vector3(pose[3], pose[4], pose[5]))
      let want = Quaternion(rotationVector: Vector3(expected[3], expected[4], expected[5]))
      for r in 0..<3 {
        for c in 0..<3 { #expect(abs(got.matrix[r, c] - want.matrix[r, c]) < 1e-9, "q \(q) rotation") }
      }
    }
  }

  @Test func tcpSpeedIsTheDerivativeOfThePose() {
    let q = [0.3, -1.2, 1.4, -0.9, -1.6, 0.5]
    let qd = [0.2, -0.1, 0.3, 0.05, -0.4, 1.0]
    let h = 1e-4
    let speed = URKinematics.ur5e.tcpSpeed(q, qd)
    let a = URKinematics.ur5e.flangePose(zip(q, qd).map { $0 - $1 * h })
    let b = URKinematics.ur5e.flangePose(zip(q, qd).map { $0 + $1 * h })
    let v = (b.position - a.position) / (2 * h)
    let w = (b.orientation * a.orientation.conjugate).rotationVector / (2 * h)
    for (i, x) in [v.x, v.y, v.z, w.x, w.y, w.z].enumerated() { #expect(abs(speed[i] - x) < 1e-6) }
  }
}
