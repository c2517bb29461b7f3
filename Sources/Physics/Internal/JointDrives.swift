import ArmatureCore
import CODE

/// Per-joint data of robot control (gravity compensation, mimic coupling) and of the exact
/// solver's motor bounds, indexed like the world's joints. Kept out of `JointRecord` so that the
/// per-step joint loop copies little.
struct JointDrives {
  /// Effort added on top of the control this step (a robot's gravity compensation), N·m or N.
  /// Position and velocity motors give up as much of their force bound.
  var feedforward: [Double] = []
  /// For a mimic joint of a robot: the joint it follows (World+Robots.swift).
  var mimic: [MimicLink?] = []
  /// Where ODE reports the joint's forces after a step; allocated when first needed, freed by the
  /// world.
  var feedback: [UnsafeMutablePointer<dJointFeedback>?] = []
  /// Set when this step's position motor row was left unbounded (World+Stepping.swift).
  var unbounded: [UnboundedMotor?] = []
  /// Solve this step again with the motor row bounded: unbounded, it exceeded its bound.
  var mustBound: [Bool] = []
  /// Whether any must-bound flag is set (so clearing them is skipped when none is).
  var anyMustBound = false

  /// Makes room for `count` joints.
  mutating func grow(to count: Int) {
    guard feedforward.count < count else { return }
    let extra = count - feedforward.count
    feedforward += [Double](repeating: 0, count: extra)
    mimic += [MimicLink?](repeating: nil, count: extra)
    feedback += [UnsafeMutablePointer<dJointFeedback>?](repeating: nil, count: extra)
    unbounded += [UnboundedMotor?](repeating: nil, count: extra)
    mustBound += [Bool](repeating: false, count: extra)
  }

  /// The mimic link of joint `i`, if any.
  func mimicLink(_ i: Int) -> MimicLink? { i < mimic.count ? mimic[i] : nil }
}

/// A position motor given to ODE without its bound for one step, and how to read its force back.
struct UnboundedMotor {
  /// The effort bound the motor must respect.
  let bound: Double
  /// For hinges: from the first body's centre of mass to the anchor, before the step.
  let lever: Vector3?
  /// The joint axis before the step, world coordinates.
  let axis: Vector3
}
