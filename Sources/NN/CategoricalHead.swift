import ArmatureCore
import Foundation

/// A categorical distribution over `categories` choices from a network's logits.
public struct CategoricalHead: Hashable, Sendable, Codable {
  public var categories: Int
  public init(categories: Int) { self.categories = categories }

  /// Log-softmax of one row of logits, computed stably.
  public func logProbabilities(_ logits: ArraySlice<Float>) -> [Float] {
    let m = logits.max() ?? 0
    var sum: Float = 0
    for l in logits { sum += Foundation.exp(l - m) }
    let lse = m + Foundation.log(sum)
    return logits.map { $0 - lse }
  }

  /// One draw per row of `logits` (`[batch, categories]`), with its log-probability.
  public func sample(_ logits: Tensor, using rng: inout RandomStream) -> (choices: [Int], logProbabilities: [Float]) {
    precondition(logits.columns == categories, "expected \(categories) logits per row, got \(logits.columns)")
    var choices: [Int] = []
    var logps: [Float] = []
    for r in 0..<logits.rows {
      let lp = logProbabilities(logits.row(r))
      let u = rng.uniform()
      var cumulative = 0.0
      var choice = categories - 1
      for k in 0..<categories {
        cumulative += Double(Foundation.exp(lp[k]))
        if u < cumulative {
          choice = k
          break
        }
      }
      choices.append(choice)
      logps.append(lp[choice])
    }
    return (choices, logps)
  }

  /// The most likely choice per row.
  public func mode(_ logits: Tensor) -> [Int] {
    (0..<logits.rows).map { r in
      let row = Array(logits.row(r))
      return row.indices.max { row[$0] < row[$1] }!
    }
  }

  /// log π(choice) per row.
  public func logProbability(_ logits: Tensor, choices: [Int]) -> [Float] {
    (0..<logits.rows).map { logProbabilities(logits.row($0))[choices[$0]] }
  }

  /// The entropy −Σ p log p per row.
  public func entropy(_ logits: Tensor) -> [Float] {
    (0..<logits.rows).map { r in
      let lp = logProbabilities(logits.row(r))
      return -lp.reduce(0) { $0 + Foundation.exp($1) * $1 }
    }
  }

  /// The gradient with respect to the logits of L = Σᵣ wᵣ·log π(choiceᵣ) + e·Σᵣ H(r).
  public func backward(_ logits: Tensor, choices: [Int], logProbabilityWeights w: [Float], entropyWeight e: Float) -> Tensor {
    var g = Tensor(shape: logits.shape)
    for r in 0..<logits.rows {
      let lp = logProbabilities(logits.row(r))
      let h = -lp.reduce(0) { $0 + Foundation.exp($1) * $1 }
      for k in 0..<categories {
        let p = Foundation.exp(lp[k])
        // ∂log p_c/∂l_k = 1[k = c] − p_k;  ∂H/∂l_k = −p_k (log p_k + H).
        g[r, k] = w[r] * ((k == choices[r] ? 1 : 0) - p) + e * (-p * (lp[k] + h))
      }
    }
    return g
  }
}
