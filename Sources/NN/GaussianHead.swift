import ArmatureCore
import Foundation

/// How a Gaussian head gets its log standard deviations.
public enum LogStdMode: String, Hashable, Sendable, Codable, CaseIterable {
  /// One learned log-std per action dimension, shared by every state (PPO's usual choice).
  case stateIndependent
  /// The network outputs a log-std per action dimension next to the mean (SAC's choice).
  case stateDependent
}

/// A diagonal Gaussian action distribution on top of a network's outputs, optionally squashed by
/// tanh into (−1, 1) with the change-of-variables correction of the log-probability (Haarnoja
/// et al. 2018, appendix C).
///
/// The network's outputs per sample are the `actionCount` means, followed by as many log-stds in
/// the state-dependent mode. The pre-squash sample u is the *latent*; the trainer stores it so
/// that log-probabilities of old actions can be recomputed exactly.
public struct GaussianHead: Hashable, Sendable, Codable {
  public var actionCount: Int
  public var logStdMode: LogStdMode
  public var squash: Bool
  public var initialLogStd: Float
  /// Log-stds are clamped into this range (and get no gradient outside it).
  public var minLogStd: Float
  public var maxLogStd: Float

  public init(
    actionCount: Int, logStdMode: LogStdMode = .stateIndependent, squash: Bool = false, initialLogStd: Float = 0,
    minLogStd: Float = -5, maxLogStd: Float = 2
  ) {
    self.actionCount = actionCount
    self.logStdMode = logStdMode
    self.squash = squash
    self.initialLogStd = initialLogStd
    self.minLogStd = minLogStd
    self.maxLogStd = maxLogStd
  }

  /// Network outputs the head reads per sample.
  public var inputCount: Int { logStdMode == .stateDependent ? 2 * actionCount : actionCount }
  /// Parameters the head owns (the shared log-stds).
  public var parameterCount: Int { logStdMode == .stateIndependent ? actionCount : 0 }
  /// The head's initial parameters.
  public func initialParameters() -> [Float] { [Float](repeating: initialLogStd, count: parameterCount) }

  static let halfLogTwoPi = Float(0.5 * Foundation.log(2 * Double.pi))

  @inline(__always)
  func rawLogStd(_ outputs: UnsafePointer<Float>, _ parameters: UnsafePointer<Float>, row: Int, _ a: Int) -> Float {
    logStdMode == .stateIndependent ? parameters[a] : outputs[row * inputCount + actionCount + a]
  }

  @inline(__always)
  func logStd(_ outputs: UnsafePointer<Float>, _ parameters: UnsafePointer<Float>, row: Int, _ a: Int) -> Float {
    min(maxLogStd, max(minLogStd, rawLogStd(outputs, parameters, row: row, a)))
  }

  /// log(1 − tanh²u) = 2·(log 2 − u − softplus(−2u)), stable for large |u|.
  @inline(__always)
  static func logSquashDerivative(_ u: Float) -> Float {
    let x = -2 * u
    let softplus = max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x)))
    return 2 * (Float(M_LN2) - u - softplus)
  }

  /// Draws one action per sample: u ~ N(mean, σ²), action = tanh(u) when squashed, else u.
  /// Writes the latents u, the actions and their log-probabilities.
  public func sample(
    _ outputs: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>, using rng: inout RandomStream,
    latents: UnsafeMutablePointer<Float>, actions: UnsafeMutablePointer<Float>,
    logProbabilities: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<batch {
      var logp: Float = 0
      for a in 0..<actionCount {
        let ls = logStd(outputs, parameters, row: r, a)
        let z = Float(rng.normal())
        let u = outputs[r * inputCount + a] + Foundation.exp(ls) * z
        latents[r * actionCount + a] = u
        actions[r * actionCount + a] = squash ? VectorMath.tanh(u) : u
        logp += -0.5 * z * z - ls - Self.halfLogTwoPi
        if squash { logp -= Self.logSquashDerivative(u) }
      }
      logProbabilities[r] = logp
    }
  }

  /// The most likely action of each sample (the mean, squashed when the head squashes).
  public func mode(_ outputs: UnsafePointer<Float>, batch: Int, actions: UnsafeMutablePointer<Float>) {
    for r in 0..<batch {
      for a in 0..<actionCount {
        let m = outputs[r * inputCount + a]
        actions[r * actionCount + a] = squash ? VectorMath.tanh(m) : m
      }
    }
  }

  /// log π(u) for given latents (including the squash correction when squashed).
  public func logProbability(
    _ outputs: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>, latents: UnsafePointer<Float>,
    into logProbabilities: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<batch {
      var logp: Float = 0
      for a in 0..<actionCount {
        let ls = logStd(outputs, parameters, row: r, a)
        let u = latents[r * actionCount + a]
        let z = (u - outputs[r * inputCount + a]) * Foundation.exp(-ls)
        logp += -0.5 * z * z - ls - Self.halfLogTwoPi
        if squash { logp -= Self.logSquashDerivative(u) }
      }
      logProbabilities[r] = logp
    }
  }

  /// The entropy of each sample's Gaussian over latents, Σ (log σ + ½ log 2πe). (With squashing
  /// the entropy of the action has no closed form; this is the usual stand-in.)
  public func entropy(_ outputs: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>, into entropies: UnsafeMutablePointer<Float>) {
    for r in 0..<batch {
      var h: Float = 0
      for a in 0..<actionCount { h += logStd(outputs, parameters, row: r, a) + 0.5 + Self.halfLogTwoPi }
      entropies[r] = h
    }
  }

  /// The gradient of L = Σᵣ wᵣ·log π(uᵣ) + e·Σᵣ H(r): overwrites `outputGradient`
  /// (`batch × inputCount`) and adds to `parameterGradient` (the shared log-stds).
  public func backward(
    _ outputs: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>, latents: UnsafePointer<Float>,
    logProbabilityWeights w: UnsafePointer<Float>, entropyWeight e: Float,
    outputGradient: UnsafeMutablePointer<Float>, parameterGradient: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<batch {
      for a in 0..<actionCount {
        let raw = rawLogStd(outputs, parameters, row: r, a)
        let ls = min(maxLogStd, max(minLogStd, raw))
        let inside: Float = (raw >= minLogStd && raw <= maxLogStd) ? 1 : 0
        let invVar = Foundation.exp(-2 * ls)
        let d = latents[r * actionCount + a] - outputs[r * inputCount + a]
        // ∂log π/∂μ = (u − μ)/σ², ∂log π/∂log σ = (u − μ)²/σ² − 1, ∂H/∂log σ = 1.
        outputGradient[r * inputCount + a] = w[r] * d * invVar
        let dLogStd = inside * (w[r] * (d * d * invVar - 1) + e)
        if logStdMode == .stateDependent {
          outputGradient[r * inputCount + actionCount + a] = dLogStd
        } else {
          parameterGradient[a] += dLogStd
        }
      }
    }
  }
}
