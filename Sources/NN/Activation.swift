/// An elementwise nonlinearity.
public enum Activation: String, Hashable, Sendable, Codable, CaseIterable {
  case identity, tanh, relu, elu

  /// y = f(x) for `count` values.
  func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    typealias V = SIMD8<Float>
    switch self {
    case .identity:
      if UnsafePointer(y) != x { y.update(from: x, count: count) }
    case .tanh:
      VectorMath.map(x, y, count: count) { VectorMath.tanh($0) }
    case .relu:
      VectorMath.map(x, y, count: count) { $0.replacing(with: 0, where: $0 .< 0) }
    case .elu:
      VectorMath.map(x, y, count: count) { v in v.replacing(with: VectorMath.exp(v) - 1, where: v .< 0) }
    }
  }

  /// dx = dy·f′(x), computed from the output y (and x where needed), for `count` values.
  func backward(
    x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    switch self {
    case .identity:
      if UnsafePointer(dx) != dy { dx.update(from: dy, count: count) }
    case .tanh:
      for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    case .relu:
      for i in 0..<count { dx[i] = x[i] > 0 ? dy[i] : 0 }
    case .elu:
      // For x < 0, f′(x) = eˣ = y + 1.
      for i in 0..<count { dx[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + 1) }
    }
  }
}
