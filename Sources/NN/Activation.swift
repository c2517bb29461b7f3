/// An elementwise nonlinearity.
public enum Activation: String, Hashable, Sendable, Codable, CaseIterable {
  case identity, tanh, relu, elu

  /// y = f(x) for `count` values.
  func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    switch self {
    case .identity:
      if UnsafePointer(y) != x { y.update(from: x, count: count) }
    case .tanh:
      for i in 0..<count { y[i] = VectorMath.tanh(x[i]) }
    case .relu:
      for i in 0..<count { y[i] = Swift.max(x[i], 0) }
    case .elu:
      for i in 0..<count {
        let v = x[i]
        y[i] = v > 0 ? v : VectorMath.exp(v) - 1
      }
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
