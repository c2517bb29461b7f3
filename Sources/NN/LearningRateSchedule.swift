import Foundation

/// A learning rate as a function of training progress (0 at the start, 1 at the end of the budget).
public enum LearningRateSchedule: Hashable, Sendable, Codable {
  case constant(Float)
  /// Straight from `initial` to `final`.
  case linear(initial: Float, final: Float)
  /// Half a cosine from `initial` down (or up) to `final` (Loshchilov and Hutter 2017, one cycle).
  case cosine(initial: Float, final: Float)

  /// The rate at `progress`, clamped into [0, 1].
  public func rate(at progress: Double) -> Float {
    let t = Float(min(1, max(0, progress)))
    switch self {
    case .constant(let lr): return lr
    case .linear(let a, let b): return a + (b - a) * t
    case .cosine(let a, let b): return b + (a - b) * 0.5 * (1 + Float(Foundation.cos(Double.pi * Double(t))))
    }
  }
}
