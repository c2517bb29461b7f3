import Foundation

/// A plot axis: a value range widened to round numbers, with tick marks at a step of 1, 2 or 5
/// times a power of ten (Heckbert's "nice numbers", Graphics Gems 1990).
public struct AxisScale: Hashable, Sendable {
  public let low: Double
  public let high: Double
  public let step: Double

  /// An axis covering `low…high` with about `ticks` tick marks. An empty or degenerate range is
  /// widened around its value; non-finite bounds give 0…1.
  public init(covering low: Double, _ high: Double, ticks: Int = 5) {
    precondition(ticks >= 2, "an axis needs at least two ticks")
    var (a, b) = (Swift.min(low, high), Swift.max(low, high))
    if !a.isFinite || !b.isFinite { (a, b) = (0, 1) }
    if a == b { (a, b) = a == 0 ? (-1, 1) : (a - abs(a) / 2, a + abs(a) / 2) }
    let step = Self.niceNumber((b - a) / Double(ticks - 1))
    // A little slack so that bounds already on a tick (0.31 / 0.01 = 30.999…) stay there.
    self.low = (a / step + 1e-9).rounded(.down) * step
    self.high = (b / step - 1e-9).rounded(.up) * step
    self.step = step
  }

  /// An axis with fixed bounds and step (success rates: 0…1 by 0.2).
  public init(low: Double, high: Double, step: Double) {
    precondition(high > low && step > 0, "an axis needs high > low and a positive step")
    self.low = low
    self.high = high
    self.step = step
  }

  /// 1, 2 or 5 times a power of ten, the nearest to `x` > 0.
  static func niceNumber(_ x: Double) -> Double {
    let exponent = Foundation.floor(Foundation.log10(x))
    let power = Foundation.pow(10, exponent)
    let fraction = x / power
    let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    return nice * power
  }

  /// The tick values from `low` to `high`.
  public var ticks: [Double] {
    let count = Int(((high - low) / step).rounded()) + 1
    return (0..<count).map { low + Double($0) * step }
  }

  /// Where `value` falls, 0 at `low` and 1 at `high`.
  public func fraction(_ value: Double) -> Double { (value - low) / (high - low) }

  /// A tick's label: as few digits as the step needs, thousands as `k`, millions as `M`.
  public func label(_ value: Double) -> String {
    if abs(value) < step * 1e-9 { return "0" }
    let magnitude = Swift.max(abs(low), abs(high))
    if magnitude >= 1e6 && step >= 1e5 { return Self.trim(value / 1e6, decimals: decimals(step / 1e6)) + "M" }
    if magnitude >= 1e4 && step >= 100 { return Self.trim(value / 1e3, decimals: decimals(step / 1e3)) + "k" }
    return Self.trim(value, decimals: decimals(step))
  }

  private func decimals(_ step: Double) -> Int { Swift.max(0, Int(-Foundation.floor(Foundation.log10(step) + 1e-9))) }

  private static func trim(_ x: Double, decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", x)
    return text == "-0" ? "0" : text
  }
}
