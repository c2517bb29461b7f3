import ArmatureCore

/// The scripted pick-and-place of a tote by its bar that both tote experts run, in the
/// `endEffectorDeltaPose` action mode, from the observation alone.
///
/// Phases: 0 travel 8 cm above the bar, gripper open, turning the fingers across the bar; 1 come
/// down onto the bar; 2 close on it (and start over if the fingers close on nothing); 3 lift to
/// the carrying height; 4 carry the tote until its centre is over the place and its length axis
/// along the place's heading (closing the loop on the tote's observed pose, not the gripper's);
/// 5 lower it, slowly for the last 3 cm, moving with the surface; 6 open while pressing it onto
/// its support through the gripper housing, moving with the surface; 7 withdraw upwards, slowly
/// until the fingertips are clear (and, for a place with a retry tolerance, start over if the
/// tote ended up out of place).
struct TotePickPlaceScript {
  /// Where the tote goes: its bottom centre's horizontal position, the heading of its length
  /// axis (either way round: the tote is symmetric), the height of the surface it goes on, and
  /// that surface's velocity.
  struct Place {
    var x: Double
    var y: Double
    var yaw: Double
    var surfaceHeight: Double
    var surfaceVelocity: Vector3 = .zero
    /// When set, a tote found further than this from the place (horizontal offset, m; heading,
    /// rad) once the fingers are clear of it is picked up and placed again.
    var retry: (offset: Double, yaw: Double)? = nil
  }

  /// What the script reads from an observation.
  struct View {
    var tcp: Vector3
    var orientation: Quaternion
    var opening: Double
    var tote: Pose

    init(_ o: ObservationLayout) {
      tcp = o.vector3("tcp_position")
      orientation = View.quaternion(o("tcp_orientation"))
      opening = o("gripper_opening")[0]
      let p = o.vector3("tote_position")
      let q = View.quaternion(o("tote_orientation"))
      tote = Pose(position: p, orientation: q)
    }

    /// A unit quaternion from four observed (noisy) components x, y, z, w.
    static func quaternion(_ c: [Double]) -> Quaternion { Quaternion(x: c[0], y: c[1], z: c[2], w: c[3]).normalized }
  }

  /// Gripper commands: finger targets 4 mm inside the travel limits, so that action noise
  /// (σ = 0.05, about 1 mm of finger travel) does not reach a limit (a target at a limit makes
  /// the fingers chatter, and a chattering finger strikes the bar hard enough to throw the tote):
  /// −0.8 opens each finger to 38.25 mm (76.5 mm between the pads for the 20 mm bar), 0.8 closes
  /// it to 4.25 mm, which squeezes the bar with the full grip force.
  static let open = -0.8
  static let close = 0.8
  /// Height of the tote's bottom above the surfaces while it is carried, m.
  static let clearance = 0.045
  /// The tote tasks' control period (25 Hz), s: how far a surface moves in one step.
  static let controlPeriod = 0.04
  /// How far below the bar's centre the grasp centre goes: the gripper housing then rests 1 mm
  /// above the bar, and pushes on it when the tote is set down.
  static let graspDepth = 0.014
  /// How far below itself the grasp centre is aimed while the fingers open (pressing the tote
  /// onto its support through the housing), m.
  static let press = 0.01

  /// The next action.
  static func action(_ v: View, place: Place, memory: inout ExpertMemory) -> [Double] {
    let handle = TaskTote.handle(v.tote)
    let yawNow = heading(of: v.orientation)
    let toteYaw = TaskTote.yaw(v.tote)
    var aim = v.tcp
    var yaw = yawNow
    var speed = 1.0
    var gripper = close
    var carried = Vector3.zero  // moving with the surface, on top of the capped motion
    let offset = memory.values["offset"] ?? TaskTote.barCentreHeight
    let carryHeight = max(place.surfaceHeight, TaskCube.tableTop) + clearance + offset
    func horizontal(_ a: Vector3, _ b: Vector3) -> Double { Vector3(a.x - b.x, a.y - b.y, 0).length }
    for _ in 0..<4 {  // a phase change takes effect in the same step
      switch memory.phase {
      case 0:
        gripper = open
        yaw = yawNow + halfTurn(toteYaw - yawNow)
        aim = handle + Vector3(0, 0, 0.08)
        if horizontal(v.tcp, handle) < 0.01 && abs(v.tcp.z - aim.z) < 0.02 && abs(yaw - yawNow) < 0.05 {
          memory.phase = 1
          continue
        }
      case 1:
        gripper = open
        yaw = yawNow + halfTurn(toteYaw - yawNow)
        aim = handle - Vector3(0, 0, graspDepth)
        speed = 0.4
        if abs(v.tcp.z - aim.z) < 0.004 && horizontal(v.tcp, handle) < 0.006 {
          memory.phase = 2
          memory.values["closing"] = 0
          continue
        }
      case 2:
        aim = handle - Vector3(0, 0, graspDepth)
        yaw = yawNow + halfTurn(toteYaw - yawNow)
        speed = 0.2
        let t = (memory.values["closing"] ?? 0) + 1
        memory.values["closing"] = t
        if v.opening < TaskTote.barWidth - 0.008 {  // closed past the bar: missed it
          memory.phase = 0
          continue
        }
        if v.opening < TaskTote.barWidth + 0.004 && t >= 14 {
          memory.values["offset"] = v.tcp.z - v.tote.position.z
          memory.phase = 3
          continue
        }
      case 3:
        aim = Vector3(v.tcp.x, v.tcp.y, carryHeight)
        speed = 0.5
        if v.tcp.z > carryHeight - 0.01 {
          memory.phase = 4
          continue
        }
      case 4:
        aim = v.tcp + Vector3(place.x - v.tote.position.x, place.y - v.tote.position.y, 0)
        aim.z = carryHeight
        yaw = yawNow + halfTurn(place.yaw - toteYaw)
        speed = 0.6
        if horizontal(v.tote.position, Vector3(place.x, place.y, 0)) < 0.008 && abs(yaw - yawNow) < 0.03 {
          memory.phase = 5
          continue
        }
      case 5:
        // The lowest bottom corner's height above the surface (a tote hanging a little tilted
        // touches down with an edge first).
        let gap = (TaskTote.bottomCorners(v.tote).map(\.z).min() ?? v.tote.position.z) - place.surfaceHeight
        aim = v.tcp + Vector3(place.x - v.tote.position.x, place.y - v.tote.position.y, 0)
        aim.z = place.surfaceHeight + offset - 0.004
        yaw = yawNow + halfTurn(place.yaw - toteYaw)
        speed = gap < 0.03 ? 0.1 : 0.4
        if gap < 0.03 { carried = controlPeriod * place.surfaceVelocity }
        if gap < 0.004 {
          memory.phase = 6
          continue
        }
      case 6:
        gripper = open
        aim = v.tcp - Vector3(0, 0, press)
        carried = controlPeriod * place.surfaceVelocity
        if v.opening > TaskTote.barWidth + 0.03 {
          memory.phase = 7
          continue
        }
      default:
        gripper = open
        aim = Vector3(v.tcp.x, v.tcp.y, carryHeight + 0.05)
        carried = controlPeriod * place.surfaceVelocity
        // Slowly until the fingertips are clear of the bar: a long step in joint space bends the
        // path sideways, into the bar.
        let clear = v.tcp.z > handle.z + 0.05
        speed = clear ? 1 : 0.3
        if clear, let retry = place.retry,
          horizontal(v.tote.position, Vector3(place.x, place.y, 0)) > retry.offset
            || abs(halfTurn(place.yaw - toteYaw)) > retry.yaw
        {
          memory.phase = 0
          continue
        }
      }
      break
    }
    return motion(v, aim: aim, yaw: yaw, speed: speed, carried: carried) + [gripper]
  }

  /// Translation and rotation actions that move the grasp centre towards `aim` (at most `speed`
  /// of the largest step) plus `carried` (a step with a moving surface), and turn the gripper,
  /// pointing down, to heading `yaw`.
  static func motion(_ v: View, aim: Vector3, yaw: Double, speed: Double, carried: Vector3 = .zero) -> [Double] {
    var t = (aim - v.tcp) / ActionScales.translation
    if t.length > speed { t *= speed / t.length }
    t += carried / ActionScales.translation
    let wanted = Quaternion(axis: Vector3(0, 0, 1), angle: yaw) * Quaternion(axis: Vector3(1, 0, 0), angle: .pi)
    var r = (wanted * v.orientation.conjugate).rotationVector / ActionScales.rotation
    if r.length > 1 { r /= r.length }
    return t.array + r.array
  }

  /// The heading of the gripper's closing axis (its x axis) in the horizontal plane.
  static func heading(of q: Quaternion) -> Double {
    let x = q.rotate(Vector3(1, 0, 0))
    return Double.atan2(y: x.y, x: x.x)
  }

  /// An angle wrapped into [−π/2, π/2): the smaller turn to a heading given modulo a half turn.
  static func halfTurn(_ a: Double) -> Double {
    var r = a.truncatingRemainder(dividingBy: .pi)
    if r >= .pi / 2 { r -= .pi }
    if r < -.pi / 2 { r += .pi }
    return r
  }
}
