import ArmatureCore
import Testing
import _TestSupport

@Suite struct GeometryTests {
  @Test func rollPitchYawFollowsURDF() {
    // URDF: R = Rz(yaw) Ry(pitch) Rx(roll). A yaw of 90° maps x to y.
    let q = Quaternion(roll: 0, pitch: 0, yaw: .pi / 2)
    #expect(isClose(q.rotate(Vector3(1, 0, 0)), Vector3(0, 1, 0), within: 1e-12))
    // Roll then pitch then yaw, each about the fixed axes, checked on a vector by hand:
    // x-axis under roll 90° stays x; pitch 90° about y sends x to −z; yaw does not move −z.
    let r = Quaternion(roll: .pi / 2, pitch: .pi / 2, yaw: .pi / 2)
    #expect(isClose(r.rotate(Vector3(1, 0, 0)), Vector3(0, 0, -1), within: 1e-12))
    // y under roll 90° → z; pitch 90° about y: z → x; yaw 90°: x → y.
    #expect(isClose(r.rotate(Vector3(0, 1, 0)), Vector3(0, 1, 0), within: 1e-12))
  }

  @Test func matrixAndQuaternionAgree() {
    var rng = RandomStream(seed: 5)
    for _ in 0..<200 {
      let q = Quaternion(
        axis: Vector3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)), angle: rng.uniform(-3, 3))
      let v = Vector3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1))
      #expect(isClose(q.matrix * v, q.rotate(v), within: 1e-12))
      let back = Quaternion(rotation: q.matrix)
      #expect(back.angle(to: q) < 1e-9)
      #expect(isClose(q.matrix.determinant, 1, within: 1e-12))
      let rv = Quaternion(rotationVector: q.rotationVector)
      #expect(rv.angle(to: q) < 1e-9)
    }
  }

  @Test func poseCompositionAndInverse() {
    let a = Pose(position: Vector3(1, 2, 3), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.5))
    let b = Pose(position: Vector3(-0.5, 0, 1), orientation: Quaternion(axis: Vector3(1, 0, 0), angle: -1))
    let p = Vector3(0.3, -0.2, 0.1)
    #expect(isClose((a * b).transform(p), a.transform(b.transform(p)), within: 1e-12))
    #expect(isClose((a * a.inverse).position, .zero, within: 1e-12))
    #expect((a * a.inverse).orientation.angle(to: .identity) < 1e-12)
  }

  @Test func positiveDefiniteness() {
    #expect(Matrix3.diagonal(Vector3(1, 2, 3)).isPositiveDefinite)
    #expect(!Matrix3.diagonal(Vector3(1, -2, 3)).isPositiveDefinite)
    #expect(!Matrix3(Vector3(1, 2, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)).isPositiveDefinite)  // not symmetric
  }

  @Test func angleWrapping() {
    #expect(isClose(wrapAngle(3 * .pi / 2), -.pi / 2, within: 1e-12))
    #expect(isClose(wrapAngle(-3 * .pi / 2), .pi / 2, within: 1e-12))
    #expect(wrapAngle(.pi) == .pi)
  }
}
