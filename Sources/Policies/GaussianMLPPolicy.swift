import ArmatureCore
import EnvInterface
import Foundation
import NN

/// Whether a stochastic policy samples or takes its most likely action.
public enum ActionSelection: Hashable, Sendable {
  /// The mean (squashed when the head squashes): for evaluation and deployment.
  case deterministic
  /// A draw from the action distribution, from a stream started with this seed when the
  /// selection is set (it continues across `reset()`, so episodes differ).
  case stochastic(seed: UInt64)
}

/// Observation normalization frozen into a policy: (x − mean)/√(variance + ε), clipped.
public struct ObservationNormalization: Hashable, Sendable, Codable {
  public var statistics: RunningMeanStd
  public var clip: Double
  public var epsilon: Double
  public init(statistics: RunningMeanStd, clip: Double = 10, epsilon: Double = 1e-8) {
    self.statistics = statistics
    self.clip = clip
    self.epsilon = epsilon
  }
  /// The normalized vector as Float32 network input.
  public func apply(_ x: [Double], into out: UnsafeMutablePointer<Float>) {
    let v = statistics.variance
    for i in 0..<x.count {
      let z = (x[i] - statistics.mean[i]) / (v[i] + epsilon).squareRoot()
      out[i] = Float(Swift.min(clip, Swift.max(-clip, z)))
    }
  }
}

/// What a policy file records about where a policy came from.
public struct PolicyProvenance: Hashable, Sendable, Codable {
  /// The task it was trained on (a task registry name).
  public var task: String
  /// A hash of the full training configuration.
  public var configHash: String
  public var seed: UInt64
  /// The algorithm that trained it (`ppo`, `es`, `bc`).
  public var trainer: String
  /// Environment steps of training.
  public var environmentSteps: Int

  public init(task: String, configHash: String, seed: UInt64, trainer: String, environmentSteps: Int) {
    self.task = task
    self.configHash = configHash
    self.seed = seed
    self.trainer = trainer
    self.environmentSteps = environmentSteps
  }
}

/// A state-based policy: observation vector → (normalization) → MLP → Gaussian head → action.
///
/// The parameter vector holds the network's parameters followed by the head's (the shared
/// log-stds). Evaluation uses `.deterministic` (the mean action); training samples.
public final class GaussianMLPPolicy: Policy {
  public let network: Network
  public let head: GaussianHead
  public var parameters: [Float]
  public var normalization: ObservationNormalization?
  public let observationSpace: BoxSpace
  public let actionSpace: BoxSpace
  public var provenance: PolicyProvenance
  public var selection: ActionSelection {
    didSet { restartStream() }
  }
  private var rng = RandomStream(seed: 0)
  private let workspace: Workspace
  private var input: [Float]
  private var scratch: [Float]

  public init(
    network: Network, head: GaussianHead, parameters: [Float], normalization: ObservationNormalization?,
    observationSpace: BoxSpace, actionSpace: BoxSpace, provenance: PolicyProvenance,
    selection: ActionSelection = .deterministic
  ) {
    precondition(network.inputSize == observationSpace.count, "network input does not match the observation space")
    precondition(network.outputSize == head.inputCount, "network output does not match the head")
    precondition(head.actionCount == actionSpace.count, "head does not match the action space")
    precondition(parameters.count == network.parameterCount + head.parameterCount, "wrong parameter count")
    self.network = network
    self.head = head
    self.parameters = parameters
    self.normalization = normalization
    self.observationSpace = observationSpace
    self.actionSpace = actionSpace
    self.provenance = provenance
    self.selection = selection
    workspace = network.makeWorkspace(capacity: 1)
    input = [Float](repeating: 0, count: network.inputSize)
    scratch = [Float](repeating: 0, count: 3 * head.actionCount + 1)
    restartStream()
  }

  private func restartStream() {
    if case .stochastic(let seed) = selection { rng = RandomStream(seed: seed) }
  }

  /// Nothing to clear between episodes (the policy is feed-forward); the sampling stream goes on.
  public func reset() {}

  /// The action for an observation vector, in the environment's action space.
  public func action(for vector: [Double]) -> [Double] {
    precondition(vector.count == observationSpace.count, "expected \(observationSpace.count) observation values, got \(vector.count)")
    let a = head.actionCount
    input.withUnsafeMutableBufferPointer { x in
      if let normalization {
        normalization.apply(vector, into: x.baseAddress!)
      } else {
        for i in 0..<vector.count { x[i] = Float(vector[i]) }
      }
    }
    let n = network.parameterCount
    let selection = selection
    parameters.withUnsafeBufferPointer { p in
      input.withUnsafeBufferPointer { x in
        scratch.withUnsafeMutableBufferPointer { s in
          let out = network.forward(x.baseAddress!, batch: 1, parameters: p.baseAddress!, workspace: workspace)
          switch selection {
          case .deterministic:
            head.mode(out, batch: 1, actions: s.baseAddress!)
          case .stochastic:
            head.sample(
              out, batch: 1, parameters: p.baseAddress! + n, using: &rng, latents: s.baseAddress! + a,
              actions: s.baseAddress!, logProbabilities: s.baseAddress! + 2 * a)
          }
        }
      }
    }
    return scratch.withUnsafeBufferPointer { ActionMapping.environmentAction(UnsafeBufferPointer(rebasing: $0[0..<a]), space: actionSpace) }
  }

  public func act(_ input: PolicyInput) throws -> ActionChunk {
    guard input.vector.count == observationSpace.count else {
      throw PolicyError.observationSize(expected: observationSpace.count, got: input.vector.count)
    }
    return ActionChunk(single: action(for: input.vector))
  }
}

/// A policy used on input it cannot take.
public enum PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
  case observationSize(expected: Int, got: Int)
  public var description: String {
    switch self {
    case .observationSize(let e, let g): return "the policy expects \(e) observation values, got \(g)"
    }
  }
}
