import NN
import SceneDescription

/// The shape of a learning-rate schedule over the training budget.
public enum ScheduleKind: String, ConfigEnum {
  case constant, linear, cosine

  /// The schedule from `initial` to `final` (constant ignores `final`).
  public func schedule(initial: Double, final: Double) -> LearningRateSchedule {
    switch self {
    case .constant: return .constant(Float(initial))
    case .linear: return .linear(initial: Float(initial), final: Float(final))
    case .cosine: return .cosine(initial: Float(initial), final: Float(final))
    }
  }
}

/// The hidden-layer nonlinearity of a policy or value network.
public enum NetworkActivation: String, ConfigEnum {
  case tanh, relu, elu
  public var activation: Activation {
    switch self {
    case .tanh: return .tanh
    case .relu: return .relu
    case .elu: return .elu
    }
  }
}

/// The behaviour-cloning loss.
public enum BCLoss: String, ConfigEnum {
  /// Mean squared error of the mean action (a deterministic policy).
  case mse
  /// Negative log-likelihood of the demonstrated actions under the Gaussian policy (also learns
  /// the log-stds).
  case gaussianNLL = "gaussian-nll"
}
