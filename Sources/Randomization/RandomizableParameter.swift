import ArmatureCore

/// A parameter a task lets you randomize: its name, nominal value (one or more components), the
/// values that make physical sense, and what it means.
public struct RandomizableParameter: Hashable, Sendable {
  public var name: String
  /// Nominal value per component (friction has one, a camera position three).
  public var nominal: [Double]
  /// Every applied value is clamped into this range (friction ≥ 0, mass > 0, …).
  public var valid: ClosedRange<Double>
  public var summary: String

  public init(_ name: String, nominal: [Double], valid: ClosedRange<Double> = -Double.infinity...Double.infinity, _ summary: String) {
    self.name = name
    self.nominal = nominal
    self.valid = valid
    self.summary = summary
  }

  public init(_ name: String, nominal: Double, valid: ClosedRange<Double> = -Double.infinity...Double.infinity, _ summary: String) {
    self.init(name, nominal: [nominal], valid: valid, summary)
  }
}

/// A randomization that names a parameter the task does not have.
public struct UnknownParameterError: Error, CustomStringConvertible {
  public var name: String
  public var known: [String]
  /// The entry's index in the spec's `parameters`.
  public var index: Int
  /// What is wrong, without the entry's position.
  public var problem: String { "unknown randomization parameter '\(name)'; this task has: " + known.joined(separator: ", ") }
  public var description: String { "parameters[\(index)]: \(problem)" }
}

/// A randomization that scales a parameter whose nominal value is zero (latency, noise, a bias):
/// every draw would leave it at zero.
public struct IneffectiveRandomizationError: Error, CustomStringConvertible {
  public var name: String
  /// The entry's index in the spec's `parameters`.
  public var index: Int
  /// What is wrong, without the entry's position.
  public var problem: String {
    "randomization parameter '\(name)' has nominal value 0, so 'apply: scale' (the default) leaves it at 0; "
      + "write 'apply: offset' (value = 0 + draw) or 'apply: absolute' (value = draw)"
  }
  public var description: String { "parameters[\(index)]: \(problem)" }
}
