import ArmatureCore
import Physics

/// Which of the gripper's fingers touch a body: a grasp is both fingers touching it (the
/// friction between pads and body holds it; nothing is welded or attached).
struct FingerContacts {
  let left: BodyID
  let right: BodyID

  init(cell: ArmWorkcell) throws {
    guard let left = cell.world.body(named: "ur5e/left_finger"), let right = cell.world.body(named: "ur5e/right_finger")
    else { throw PhysicsError.scene("the gripper needs finger bodies 'ur5e/left_finger' and 'ur5e/right_finger'") }
    self.left = left
    self.right = right
  }

  /// Whether the left and the right finger touched `body` in the last physics step.
  func touching(_ body: BodyID, in cell: ArmWorkcell) -> (left: Bool, right: Bool) {
    var touchesLeft = false
    var touchesRight = false
    let world = cell.world
    world.forEachContact { c in
      let a = world.body(of: c.geomA)
      let b = world.body(of: c.geomB)
      guard a == body || b == body else { return }
      let other = a == body ? b : a
      if other == left { touchesLeft = true } else if other == right { touchesRight = true }
    }
    return (touchesLeft, touchesRight)
  }

  /// Whether both fingers touched `body` in the last physics step.
  func grasp(_ body: BodyID, in cell: ArmWorkcell) -> Bool {
    let t = touching(body, in: cell)
    return t.left && t.right
  }

  /// Whether either finger touched `body` in the last physics step.
  func touches(_ body: BodyID, in cell: ArmWorkcell) -> Bool {
    let t = touching(body, in: cell)
    return t.left || t.right
  }
}
