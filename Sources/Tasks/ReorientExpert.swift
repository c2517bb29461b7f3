import ArmatureCore

/// The scripted expert of `cube-reorient`: regrasp manoeuvres planned from the observed
/// orientation.
///
/// One manoeuvre turns a side face F of the cube on top: grasp the cube from above across the two
/// faces beside F (the grasp axis horizontal and perpendicular to F's normal), lift it, yaw it so
/// that F faces the robot's base (skipped when it already faces within 50° of that), tilt the
/// wrist a quarter turn about the grasp axis so the fingers point where F faced (F comes up, the
/// old top faces away from the robot), lower it to 3 cm over the table, open, rise straight up and
/// point the gripper down again. Pointing the fingers back at the base is the UR5e's easy tilt (a
/// quarter turn of its first wrist joint); pointing them away takes a wrist flip. A target face on
/// the table takes two manoeuvres: the first turns up the side face that faces the base most
/// nearly, which leaves the target facing the base, ready for the second. Every manoeuvre is
/// planned afresh from the cube's observed orientation, so a cube that slipped or landed crooked
/// is simply planned again.
enum ReorientExpert {
  /// Phases.
  enum Phase: Int {
    case plan = 0, align, descend, close, lift, yaw, tilt, lower, release, retreat, rise, done
  }

  /// Where the robot's base stands (the task scene's), for "towards the robot".
  static let base = Vector3(-0.25, 0, 0)
  /// Grasp-centre height while turning the cube, above the table top, m.
  static let turnHeight = 0.11
  /// Grasp-centre height while setting the cube down (the gripper then lies on its side: its
  /// coupling reaches 3.75 cm below the grasp centre), above the table top, m.
  static let setDownHeight = 0.055
  /// Fastest turn per control step, rad (the UR5e turns a joint at most π rad/s, 0.126 rad per
  /// step), and move per step, m.
  static let turnRate = 0.12
  static let moveRate = 0.04

  static func act(_ o: ObservationLayout, memory: inout ExpertMemory) -> [Double] {
    let tcp = o.vector3("tcp_position")
    let cubeP = o.vector3("cube_position")
    let cubeQ = ExpertMotion.quaternion(o("cube_orientation"))
    let grip = ExpertMotion.quaternion(o("tcp_orientation"))
    let oneHot = o("target_face")
    let target = CubeFace.allCases[oneHot.indices.max { oneHot[$0] < oneHot[$1] }!]
    let table = TaskCube.tableTop
    if memory.phase == Phase.plan.rawValue || memory.values["edge"] == nil {
      memory.values["edge"] = (2 * (cubeP.z - table)).clamped(to: 0.03...0.08)
    }
    let edge = memory.values["edge"]!
    let safeHeight = table + edge + 0.07
    // Pads reach 27.5 mm below the grasp centre: grasp no lower than 4 mm over the table.
    let graspHeight = max(cubeP.z, table + 0.0275 + 0.004)

    var aim = tcp
    var orientation = grip
    var gripper = -1.0
    var moveLimit = 1.0
    func planar(_ a: Vector3, _ b: Vector3) -> Double { Vector3(a.x - b.x, a.y - b.y, 0).length }
    func value(_ key: String) -> Double { memory.values[key, default: 0] }
    func vector(_ key: String) -> Vector3 { Vector3(value(key + ".x"), value(key + ".y"), value(key + ".z")) }
    func store(_ key: String, _ v: Vector3) {
      memory.values[key + ".x"] = v.x
      memory.values[key + ".y"] = v.y
      memory.values[key + ".z"] = v.z
    }
    func storeQ(_ key: String, _ q: Quaternion) {
      for (k, c) in zip(["x", "y", "z", "w"], q.array) { memory.values[key + "." + k] = c }
    }
    func loadQ(_ key: String) -> Quaternion {
      Quaternion(x: value(key + ".x"), y: value(key + ".y"), z: value(key + ".z"), w: value(key + ".w"))
    }
    func enter(_ p: Phase) {
      memory.phase = p.rawValue
      memory.values["since"] = Double(memory.steps)
    }
    var elapsed: Double { Double(memory.steps) - value("since") }
    /// Moves a latched angle towards `goal` by at most a step's turn: the gripper follows it
    /// closely, so the shortest way from the gripper to it is the planned way round.
    func advance(_ key: String, to goal: Double) -> Double {
      let now = value(key)
      let next = now + max(-turnRate, min(turnRate, goal - now))
      memory.values[key] = next
      return next
    }

    phases: for _ in 0..<6 {  // a phase change takes effect in the same step
      switch Phase(rawValue: memory.phase) ?? .plan {
      case .plan:
        // Wait above the cube until it rests, then plan the next manoeuvre.
        aim = Vector3(tcp.x, tcp.y, max(tcp.z, safeHeight))
        orientation = ExpertMotion.downward(yaw: ExpertMotion.yaw(of: grip))
        let still = o.vector3("cube_velocity").length < 0.03 && o.vector3("cube_angular_velocity").length < 0.3
        guard still else { break phases }
        if target.angleFromUp(cubeQ) < 0.25 {
          enter(.done)
          continue
        }
        let plan = self.plan(
          cube: cubeQ, at: cubeP, target: target, gripperYaw: ExpertMotion.yaw(of: grip), wrist3: o("joint_positions")[5])
        memory.values["startYaw"] = ExpertMotion.yaw(of: grip)
        memory.values["graspYaw"] = plan.graspYaw
        memory.values["turn"] = plan.turn
        memory.values["alignProgress"] = 0
        memory.values["turnProgress"] = 0
        store("pointing", plan.pointing)
        enter(.align)
        continue
      case .align:
        aim = Vector3(cubeP.x, cubeP.y, max(safeHeight, min(tcp.z, safeHeight + 0.05)))
        // Turn towards the grasp yaw the planned way round (it may be more than half a turn).
        let progress = advance("alignProgress", to: value("graspYaw") - value("startYaw"))
        orientation = ExpertMotion.downward(yaw: value("startYaw") + progress)
        let final = ExpertMotion.downward(yaw: value("graspYaw"))
        if planar(tcp, cubeP) < 0.015 && grip.angle(to: final) < 0.05 {
          enter(.descend)
          continue
        }
      case .descend:
        let offset = o.vector3("cube_relative")
        let descent = ExpertMotion.descent(
          tcp: tcp, offset: offset, graspHeight: graspHeight, clearHeight: ExpertMotion.clearHeight(edge: edge))
        aim = descent.aim
        orientation = ExpertMotion.downward(yaw: value("graspYaw"))
        moveLimit = 0.6
        if planar(tcp, cubeP) > 0.03 || descent.giveUp {
          enter(.align)
          continue
        }
        if tcp.z < graspHeight + 0.004 && Vector3(offset.x, offset.y, 0).length < 0.008 {
          store("closeAt", tcp)
          enter(.close)
          continue
        }
      case .close:
        // Close holding still where the descent ended (the action noise would otherwise walk the
        // gripper off the cube), and without turning: turning a cube clamped against the table
        // twists it in the fingers.
        gripper = 1
        aim = vector("closeAt")
        orientation = grip
        if elapsed >= 12 {
          storeQ("held", grip)
          store("hold", Vector3(tcp.x, tcp.y, table + turnHeight))
          enter(.lift)
          continue
        }
      case .lift, .yaw, .tilt, .lower:
        gripper = 1
        moveLimit = 0.6
        // The cube left the fingers: let go, back off and plan again.
        if (cubeP - tcp).length > 0.045 {
          enter(.release)
          continue
        }
        let held = loadQ("held")
        let yawed = Quaternion(axis: Vector3(0, 0, 1), angle: value("turn")) * held
        let pointing = vector("pointing")
        let tiltAxis = Vector3(0, 0, -1).cross(pointing).normalized
        let tilted = Quaternion(axis: tiltAxis, angle: .pi / 2) * yawed
        aim = vector("hold")
        switch Phase(rawValue: memory.phase)! {
        case .lift:
          orientation = held
          if tcp.z > aim.z - 0.01 {
            enter(.yaw)
            continue
          }
        case .yaw:
          // Turn the planned way round (it may be half a turn or more).
          orientation = Quaternion(axis: Vector3(0, 0, 1), angle: advance("turnProgress", to: value("turn"))) * held
          if grip.angle(to: yawed) < 0.04 {
            enter(.tilt)
            continue
          }
        case .tilt:
          orientation = tilted
          if grip.angle(to: tilted) < 0.04 {
            enter(.lower)
            continue
          }
        default:
          orientation = tilted
          aim.z = table + setDownHeight
          if tcp.z < aim.z + 0.004 || elapsed > 25 {
            enter(.release)
            continue
          }
        }
      case .release:
        orientation = grip
        aim = tcp
        if elapsed >= 6 {
          storeQ("released", grip)
          store("releasedAt", tcp)
          enter(.retreat)
          continue
        }
      case .retreat:
        // Straight up: the open fingers lie either side of the cube, so nothing is in the way.
        let from = vector("releasedAt")
        aim = Vector3(from.x, from.y, safeHeight)
        orientation = loadQ("released")
        if tcp.z > safeHeight - 0.01 || elapsed > 20 {
          enter(.rise)
          continue
        }
      case .rise:
        // Point the gripper down again, well clear of the cube.
        let from = vector("releasedAt")
        aim = Vector3(from.x, from.y, safeHeight)
        orientation = ExpertMotion.downward(yaw: ExpertMotion.yaw(of: grip))
        if grip.angle(to: orientation) < 0.05 {
          enter(.plan)
          continue
        }
      case .done:
        // Stay clear above the cube; the episode ends when it rests released.
        aim = Vector3(tcp.x, tcp.y, max(tcp.z, safeHeight))
        orientation = ExpertMotion.downward(yaw: ExpertMotion.yaw(of: grip))
        if target.angleFromUp(cubeQ) > 0.35 {
          enter(.plan)
          continue
        }
      }
      break
    }
    return ExpertMotion.action(
      tcp: tcp, current: grip, aim: aim, orientation: orientation, gripper: gripper, move: moveLimit * moveRate, turn: turnRate)
  }

  /// The next manoeuvre: the gripper's yaw for the grasp, the yaw turn after lifting, and the
  /// horizontal direction the fingers point after the tilt. `wrist3` is the last wrist joint's
  /// angle.
  static func plan(cube q: Quaternion, at position: Vector3, target: CubeFace, gripperYaw: Double, wrist3: Double)
    -> (graspYaw: Double, turn: Double, pointing: Vector3)
  {
    // The fingers end the tilt pointing back at the robot's base: the UR5e gets there by turning
    // its first wrist joint a quarter turn from pointing down (pointing away takes a wrist flip).
    var inward = base - position
    inward.z = 0
    inward = inward.normalized
    let up = Vector3(0, 0, 1)
    // The face to bring up: the target if it is on a side; if it is underneath, the side face
    // facing the base most nearly.
    let sides = CubeFace.allCases.filter { abs(q.rotate($0.normal).z) < 0.7 }
    let face: CubeFace
    if sides.contains(target) {
      face = target
    } else {
      face = sides.max { q.rotate($0.normal).dot(inward) < q.rotate($1.normal).dot(inward) } ?? .plusX
    }
    var normal = q.rotate(face.normal)
    normal.z = 0
    normal = normal.normalized
    // Grasp across the faces beside it: fingers closing along up × normal, either way round.
    let axis = up.cross(normal)
    let yawOffset = wrapAngle(Double.atan2(y: axis.y, x: axis.x) - gripperYaw)
    let graspTurns = [yawOffset, yawOffset - .pi, yawOffset + .pi].filter { abs($0) <= 1.5 * .pi }
    // Turn it to face the base unless it nearly does, either way round.
    let offset = wrapAngle(Double.atan2(y: inward.y, x: inward.x) - Double.atan2(y: normal.y, x: normal.x))
    let turn = abs(offset) < 50 * .pi / 180 ? 0 : offset
    let turns = turn == 0 ? [0] : [turn, turn - 2 * .pi * (turn > 0 ? 1 : -1)]
    // The last wrist joint turns against the grasp frame's yaw while the gripper points down;
    // keep it 0.7 rad inside its ±2π limits, turning as little as possible.
    let limit = 2 * Double.pi - 0.7
    var best: (cost: Double, grasp: Double, turn: Double)?
    var fallback: (excess: Double, grasp: Double, turn: Double)?
    for g in graspTurns {
      for t in turns {
        let end = abs(wrist3 - (g + t))
        let cost = abs(g) + abs(t)
        if end <= limit {
          if best == nil || cost < best!.cost { best = (cost, g, t) }
        } else if fallback == nil || end < fallback!.excess {
          fallback = (end, g, t)
        }
      }
    }
    let chosen = best.map { ($0.grasp, $0.turn) } ?? (fallback!.grasp, fallback!.turn)
    let pointing = Quaternion(axis: up, angle: chosen.1).rotate(normal)
    return (gripperYaw + chosen.0, chosen.1, pointing)
  }
}
