import Hardware

/// Shapes a stream of servo targets to the rules the `SafetyLayer` enforces, with a margin, so
/// that a policy's targets are never refused for a step the arm can simply take more slowly: the
/// first target of a stream within the first-target tolerance of the measured position, every
/// step's implied speed within the speed limit, every change of that speed within the
/// acceleration limit, every target inside the joint range.
///
/// Simulation does not apply these limits (the simulated drives only saturate their torques), so
/// a policy that asks for faster moves than the UR allows moves more slowly on the arm; each
/// tick that was shaped is counted and noted in the episode log.
public struct JointStepLimiter: Sendable {
  public let limits: SafetyLimits
  /// Fraction of each limit used (below 1 so that timing noise never trips the safety layer).
  public let margin: Double
  private var lastTarget: [Double]?
  private var lastVelocity: [Double]?

  public init(limits: SafetyLimits, margin: Double = 0.9) {
    precondition(margin > 0 && margin <= 1)
    self.limits = limits
    self.margin = margin
  }

  /// Starts a new stream (after a stop).
  public mutating func reset() {
    lastTarget = nil
    lastVelocity = nil
  }

  /// The target to send for `target` given the measured `state`, and whether it had to change.
  public mutating func limit(_ target: [Double], state: ArmState) -> (target: [Double], changed: Bool) {
    let reference = lastTarget ?? state.jointPositions
    let previous = lastVelocity ?? state.jointVelocities
    let period = limits.period
    var out = target
    for (j, l) in limits.joints.enumerated() {
      var q = min(max(target[j], l.lower), l.upper)
      if lastTarget == nil {
        let reach = margin * limits.firstTargetTolerance
        q = min(max(q, state.jointPositions[j] - reach), state.jointPositions[j] + reach)
      }
      let vmax = margin * l.maxVelocity
      let dv = margin * l.maxAcceleration * period
      var v = (q - reference[j]) / period
      v = min(max(v, previous[j] - dv), previous[j] + dv)
      v = min(max(v, -vmax), vmax)
      q = min(max(reference[j] + v * period, l.lower), l.upper)
      out[j] = q
    }
    lastVelocity = zip(out, reference).map { ($0 - $1) / period }
    lastTarget = out
    let changed = zip(out, target).contains { abs($0 - $1) > 1e-12 }
    return (out, changed)
  }
}
