import Foundation

/// Adam (Kingma and Ba 2015) with bias correction, over one flat parameter vector. Its state
/// (moments and step count) is a value, saved and restored with checkpoints.
public struct Adam: Hashable, Sendable, Codable {
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  /// First and second moment estimates.
  public internal(set) var firstMoment: [Float]
  public internal(set) var secondMoment: [Float]
  /// Updates taken so far.
  public internal(set) var step: Int

  public init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    firstMoment = [Float](repeating: 0, count: parameterCount)
    secondMoment = [Float](repeating: 0, count: parameterCount)
    step = 0
  }

  /// Restores moments and step count (from a checkpoint).
  public init(beta1: Float, beta2: Float, epsilon: Float, firstMoment: [Float], secondMoment: [Float], step: Int) {
    precondition(firstMoment.count == secondMoment.count, "Adam moments differ in length")
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.firstMoment = firstMoment
    self.secondMoment = secondMoment
    self.step = step
  }

  /// θ ← θ − lr·m̂/(√v̂ + ε), with m̂ and v̂ the bias-corrected moments.
  public mutating func update(_ parameters: inout [Float], gradients: [Float], learningRate: Float) {
    precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count, "Adam: size mismatch")
    step += 1
    let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
    let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    let stepSize = learningRate / c1
    let invC2 = 1 / c2
    firstMoment.withUnsafeMutableBufferPointer { m in
      secondMoment.withUnsafeMutableBufferPointer { v in
        parameters.withUnsafeMutableBufferPointer { p in
          gradients.withUnsafeBufferPointer { g in
            for i in 0..<p.count {
              m[i] = b1 * m[i] + (1 - b1) * g[i]
              v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
              p[i] -= stepSize * m[i] / ((v[i] * invC2).squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}

/// The Euclidean norm of all gradients together, summed in Double in index order.
public func globalNorm(_ gradients: [Float]) -> Float {
  var s = 0.0
  for g in gradients { s += Double(g) * Double(g) }
  return Float(s.squareRoot())
}

/// Scales `gradients` so their global norm is at most `maxNorm`; returns the norm before clipping.
@discardableResult
public func clipByGlobalNorm(_ gradients: inout [Float], maxNorm: Float) -> Float {
  let norm = globalNorm(gradients)
  if norm > maxNorm, norm > 0 {
    let scale = maxNorm / norm
    for i in gradients.indices { gradients[i] *= scale }
  }
  return norm
}
