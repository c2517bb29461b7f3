import ArmatureCore

/// What the cube tasks' scripted experts share: turning a wanted grasp-centre pose into an
/// `endEffectorDeltaPose` action, and the gripper orientations they ask for.
enum ExpertMotion {
  /// The `endEffectorDeltaPose` action (3 + 3 + 1) that moves the grasp centre from `tcp` towards
  /// `aim` by at most `move` metres and turns it from `current` towards `orientation` by at most
  /// `turn` radians this step; `gripper` is −1 open … +1 closed. Turns under `deadband` radians
  /// are left alone (they are mostly observation noise, and each turn jolts the wrist).
  static func action(
    tcp: Vector3, current: Quaternion, aim: Vector3, orientation: Quaternion, gripper: Double, move: Double = 0.04,
    turn: Double = 0.15, deadband: Double = 0.02
  ) -> [Double] {
    let translation = (aim - tcp) / ActionScales.translation
    let moveLimit = move / ActionScales.translation
    var error = (orientation * current.conjugate).rotationVector
    if error.length < deadband { error = .zero }
    let rotation = error / ActionScales.rotation
    let turnLimit = turn / ActionScales.rotation
    return [translation.x, translation.y, translation.z].map { max(-moveLimit, min(moveLimit, $0)) }
      + [rotation.x, rotation.y, rotation.z].map { max(-turnLimit, min(turnLimit, $0)) } + [gripper]
  }

  /// The gripper pointing straight down with its closing axis (the grasp frame's x) at `yaw`
  /// about the vertical.
  static func downward(yaw: Double) -> Quaternion {
    Quaternion(axis: Vector3(0, 0, 1), angle: yaw) * Quaternion(axis: Vector3(1, 0, 0), angle: .pi)
  }

  /// The yaw of a grasp frame's closing axis (x) about the vertical.
  static func yaw(of q: Quaternion) -> Double {
    let x = q.rotate(Vector3(1, 0, 0))
    return Double.atan2(y: x.y, x: x.x)
  }

  /// The yaw, nearest to `current`, that closes the fingers across a pair of the cube's side faces
  /// (its face normals repeat every quarter turn about the vertical).
  static func graspYaw(cube q: Quaternion, near current: Double) -> Double {
    // The cube's face normal that lies most nearly in the table plane.
    let normals = [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)].map { q.rotate($0) }
    let side = normals.min { abs($0.z) < abs($1.z) }!
    let faceYaw = Double.atan2(y: side.y, x: side.x)
    let quarter = Double.pi / 2
    let offset = wrapAngle(faceYaw - current)
    // Bring the offset into (−π/4, π/4] by whole quarter turns.
    let k = (offset / quarter).rounded()
    return current + offset - k * quarter
  }

  /// Where the grasp centre goes while descending around a cube that is `offset` away (cube −
  /// grasp centre, as `cube_relative` observes it): down to `graspHeight` while centred over the
  /// cube (within 8 mm in the table plane), otherwise no lower than `clearHeight` (the pads just
  /// over the cube's top) while it centres again. `giveUp` says it is more than 1.5 cm off
  /// while already below that height: rise and start over rather than press a pad onto the cube.
  static func descent(tcp: Vector3, offset: Vector3, graspHeight: Double, clearHeight: Double)
    -> (aim: Vector3, giveUp: Bool)
  {
    let off = Vector3(offset.x, offset.y, 0).length
    let height = off < 0.008 ? graspHeight : max(graspHeight, clearHeight)
    return (Vector3(tcp.x + offset.x, tcp.y + offset.y, height), off > 0.015 && tcp.z < clearHeight - 0.005)
  }

  /// The grasp-centre height at which the pads (27.5 mm below it when pointing down) clear the
  /// top of a cube of edge `edge` resting on the table by 8 mm.
  static func clearHeight(edge: Double) -> Double { TaskCube.tableTop + edge + 0.0275 + 0.008 }

  /// A quaternion from an observation's four values (x, y, z, w), normalized.
  static func quaternion(_ v: [Double]) -> Quaternion { Quaternion(x: v[0], y: v[1], z: v[2], w: v[3]).normalized }
}
