import ArmatureCore

/// A named slice of a flat vector: `joint_positions` at elements 0..<6, say.
public struct SpaceComponent: Hashable, Sendable, Codable {
  public var name: String
  public var range: Range<Int>
  public init(name: String, range: Range<Int>) {
    self.name = name
    self.range = range
  }
}

/// A box in ℝⁿ: per-element bounds (possibly infinite), split into named components.
/// Observations and actions are flat vectors in such spaces.
public struct BoxSpace: Hashable, Sendable, Codable {
  public var low: [Double]
  public var high: [Double]
  public var components: [SpaceComponent]

  /// Builds a space from its components in order, each with its bounds.
  public init(_ parts: [(name: String, low: [Double], high: [Double])]) {
    var low: [Double] = []
    var high: [Double] = []
    var components: [SpaceComponent] = []
    for part in parts {
      precondition(part.low.count == part.high.count, "component '\(part.name)': bounds differ in length")
      components.append(SpaceComponent(name: part.name, range: low.count..<(low.count + part.low.count)))
      low += part.low
      high += part.high
    }
    self.low = low
    self.high = high
    self.components = components
  }

  /// A single-component space with the same bounds on every element.
  public init(name: String, count: Int, low: Double, high: Double) {
    self.init([(name, [Double](repeating: low, count: count), [Double](repeating: high, count: count))])
  }

  /// Number of elements.
  public var count: Int { low.count }

  /// The slice of `vector` named `name`.
  public func component(_ name: String, of vector: [Double]) -> ArraySlice<Double>? {
    components.first { $0.name == name }.map { vector[$0.range] }
  }

  /// The range of the component named `name`.
  public func range(of name: String) -> Range<Int>? { components.first { $0.name == name }?.range }

  /// Whether `vector` has the right length and lies within the bounds.
  public func contains(_ vector: [Double]) -> Bool {
    guard vector.count == count else { return false }
    for i in 0..<count where !(vector[i] >= low[i] && vector[i] <= high[i]) { return false }
    return true
  }

  /// Clamps every element into the bounds.
  public func clamp(_ vector: [Double]) -> [Double] {
    (0..<count).map { Swift.min(high[$0], Swift.max(low[$0], vector[$0])) }
  }

  /// A uniform sample; unbounded elements are drawn from a standard normal instead.
  public func sample(using rng: inout RandomStream) -> [Double] {
    (0..<count).map { i in
      low[i].isFinite && high[i].isFinite ? rng.uniform(low[i], high[i]) : rng.normal()
    }
  }
}
