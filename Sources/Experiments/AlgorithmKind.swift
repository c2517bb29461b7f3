import SceneDescription

/// The training algorithm of an experiment.
public enum AlgorithmKind: String, ConfigEnum {
  /// Proximal policy optimization (`PPOTrainer`).
  case ppo
  /// OpenAI evolution strategies (`ESTrainer`).
  case es
  /// Behaviour cloning of the task's scripted expert (`BehaviourCloning`).
  case bc
}
