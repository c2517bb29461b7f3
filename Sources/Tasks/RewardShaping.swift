import ArmatureCore

/// Reward shapes shared by the tasks.
public enum RewardShaping {
  /// 1 inside `bounds`, falling smoothly to `valueAtMargin` at distance `margin` outside them
  /// (a Gaussian shape, as dm_control's `rewards.tolerance`); 0 margin gives a step.
  public static func tolerance(
    _ x: Double, bounds: ClosedRange<Double>, margin: Double, valueAtMargin: Double = 0.1
  ) -> Double {
    if bounds.contains(x) { return 1 }
    guard margin > 0 else { return 0 }
    let d = (x < bounds.lowerBound ? bounds.lowerBound - x : x - bounds.upperBound) / margin
    // exp(−(d·s)²) with s chosen so that d = 1 gives valueAtMargin.
    let s = (-valueAtMargin.log).squareRoot()
    return (-(d * s) * (d * s)).exp
  }
}
