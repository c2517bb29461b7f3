import EnvInterface

/// How network outputs become environment actions. Networks act in the unit box [−1, 1]ⁿ; a
/// bounded action space maps it linearly onto its bounds (values outside the box are clipped
/// first), an unbounded one takes the values as they are. Trainers and policies share this one
/// rule so a trained policy acts exactly as it did in training.
public enum ActionMapping {
  /// The environment action for a unit-box action.
  public static func environmentAction(_ unit: [Double], space: BoxSpace) -> [Double] {
    space.isBounded ? space.fromUnitBox(unit) : unit
  }

  /// Same, from Float32 network outputs.
  public static func environmentAction(_ unit: UnsafeBufferPointer<Float>, space: BoxSpace) -> [Double] {
    environmentAction(unit.map(Double.init), space: space)
  }
}
