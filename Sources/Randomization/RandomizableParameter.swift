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
  public var description: String {
    "unknown randomization parameter '\(name)'; this task has: " + known.joined(separator: ", ")
  }
}
