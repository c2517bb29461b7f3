import ArmatureCore

/// The complete mutable state of a world: every body's pose and velocities, every joint's control,
/// the time and ODE's random seed. A flat value: copy it, compare it, restore it.
///
/// Restoring a state and stepping continues bit for bit as the original run did.
public struct SimState: Hashable, Sendable, Codable {
  /// Per-body state, in body creation order.
  public struct Body: Hashable, Sendable, Codable {
    /// Position of the centre of mass.
    public var position: Vector3
    public var orientation: Quaternion
    public var linearVelocity: Vector3
    public var angularVelocity: Vector3
  }

  /// Per-joint state, in joint creation order. Position and velocity are read from the bodies and
  /// kept for inspection; the control is what the world applies.
  public struct Joint: Hashable, Sendable, Codable {
    public var position: Double
    public var velocity: Double
    public var control: JointControl
    /// Whole turns added to ODE's hinge angle, which wraps at ±π.
    public var turns: Int
  }

  public var time: Double
  public var stepCount: Int
  /// ODE's random seed for this world (quickstep reorders constraints with it).
  public var randomSeed: UInt32
  public var bodies: [Body]
  public var joints: [Joint]

  /// True when both states hold the same bits (unlike `==`, which treats -0 and 0 alike).
  public func isBitwiseEqual(to other: SimState) -> Bool {
    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }
    func same(_ a: Vector3, _ b: Vector3) -> Bool { same(a.x, b.x) && same(a.y, b.y) && same(a.z, b.z) }
    func same(_ a: Quaternion, _ b: Quaternion) -> Bool {
      same(a.x, b.x) && same(a.y, b.y) && same(a.z, b.z) && same(a.w, b.w)
    }
    guard same(time, other.time), stepCount == other.stepCount, randomSeed == other.randomSeed,
      bodies.count == other.bodies.count, joints.count == other.joints.count
    else { return false }
    for (a, b) in zip(bodies, other.bodies) {
      guard same(a.position, b.position), same(a.orientation, b.orientation), same(a.linearVelocity, b.linearVelocity),
        same(a.angularVelocity, b.angularVelocity)
      else { return false }
    }
    for (a, b) in zip(joints, other.joints) {
      guard same(a.position, b.position), same(a.velocity, b.velocity), a.control == b.control, a.turns == b.turns
      else { return false }
    }
    return true
  }
}
