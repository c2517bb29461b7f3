import ArmatureCore
import EnvInterface
import NN
import Policies

/// PPO's model: an actor MLP with a Gaussian head and a separate critic MLP, their parameters
/// laid out in one flat vector [actor | head log-stds | critic].
struct ActorCritic: Hashable, Sendable {
  let actor: Network
  let head: GaussianHead
  let critic: Network

  init(observationCount: Int, actionCount: Int, config: PPOConfig) throws {
    let f = config.activation.activation
    actor = try Network.mlp(
      inputs: observationCount, hidden: config.hiddenLayers, outputs: actionCount, activation: f, layerNorm: config.layerNorm)
    head = GaussianHead(
      actionCount: actionCount, logStdMode: .stateIndependent, squash: config.squashActions,
      initialLogStd: Float(config.initialLogStd))
    critic = try Network.mlp(
      inputs: observationCount, hidden: config.hiddenLayers, outputs: 1, activation: f, layerNorm: config.layerNorm)
  }

  var headOffset: Int { actor.parameterCount }
  var criticOffset: Int { actor.parameterCount + head.parameterCount }
  var parameterCount: Int { criticOffset + critic.parameterCount }

  /// Orthogonal initialization as in the PPO implementation details (Huang et al. 2022): gain √2
  /// in hidden layers, 0.01 on the policy output, 1 on the value output.
  func initialParameters(using rng: inout RandomStream) -> [Float] {
    var actorRNG = rng.derived("actor")
    var criticRNG = rng.derived("critic")
    return actor.initialParameters(outputGain: 0.01, using: &actorRNG) + head.initialParameters()
      + critic.initialParameters(outputGain: 1, using: &criticRNG)
  }
}
