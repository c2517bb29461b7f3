extension BoxSpace {
  /// Whether every element has finite bounds.
  public var isBounded: Bool { zip(low, high).allSatisfy { $0.isFinite && $1.isFinite && $0 < $1 } }

  /// Maps a vector from [−1, 1]ⁿ linearly onto the bounds (−1 → low, 1 → high), clamping first.
  public func fromUnitBox(_ unit: [Double]) -> [Double] {
    precondition(unit.count == count, "expected \(count) values, got \(unit.count)")
    return (0..<count).map { i in
      let u: Double = Swift.min(1, Swift.max(-1, unit[i]))
      let width: Double = high[i] - low[i]
      return low[i] + (u + 1) * 0.5 * width
    }
  }

  /// Maps a vector within the bounds linearly onto [−1, 1]ⁿ (the inverse of `fromUnitBox`).
  public func toUnitBox(_ vector: [Double]) -> [Double] {
    precondition(vector.count == count, "expected \(count) values, got \(vector.count)")
    return (0..<count).map { i in
      let width: Double = high[i] - low[i]
      return 2 * (vector[i] - low[i]) / width - 1
    }
  }

  /// The space [−1, 1]ⁿ with the same named components.
  public var unitBox: BoxSpace {
    var space = self
    space.low = [Double](repeating: -1, count: count)
    space.high = [Double](repeating: 1, count: count)
    return space
  }
}
