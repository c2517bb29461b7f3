/// The rules the safety layer enforces, derived from an arm's declared limits.
public struct SafetyLimits: Hashable, Sendable {
  /// Per-joint limits (position range already shrunk by the margin).
  public var joints: [JointLimits]
  /// The control period (s): a position target is reached over this time, so a step Δq is a
  /// speed Δq / period.
  public var period: Double
  /// How far (rad) the first target of a stream may be from the measured position.
  public var firstTargetTolerance: Double
  /// The longest pause (s) between commands before the watchdog stops a moving arm.
  public var watchdogTimeout: Double
  /// The oldest state reading (s) a motion command may be checked against.
  public var maximumStateAge: Double

  /// Limits from `model`: positions shrunk by `positionMargin` (rad) at each end, speeds and
  /// accelerations scaled by `velocityScale` and `accelerationScale`.
  public init(
    model: ArmModel, period: Double, positionMargin: Double = 0.01, velocityScale: Double = 1,
    accelerationScale: Double = 1, firstTargetTolerance: Double = 0.05, watchdogTimeout: Double? = nil,
    maximumStateAge: Double = 0.1
  ) {
    precondition(period > 0 && velocityScale > 0 && accelerationScale > 0 && firstTargetTolerance >= 0)
    joints = model.limits.map {
      JointLimits(
        lower: $0.lower + positionMargin, upper: $0.upper - positionMargin,
        maxVelocity: $0.maxVelocity * velocityScale, maxAcceleration: $0.maxAcceleration * accelerationScale)
    }
    self.period = period
    self.firstTargetTolerance = firstTargetTolerance
    // Default: five missed periods, but never below 50 ms (scheduling hiccups are not stalls).
    self.watchdogTimeout = watchdogTimeout ?? max(5 * period, 0.05)
    self.maximumStateAge = maximumStateAge
  }
}
