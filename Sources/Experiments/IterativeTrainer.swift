import Policies
import RL

/// What a run needs from an iterative trainer (PPO, ES): one iteration at a time, checkpoints,
/// and the current policy.
protocol IterativeTrainer: AnyObject {
  var isFinished: Bool { get }
  var iteration: Int { get }
  var environmentSteps: Int { get }
  func iterate() throws -> TrainingProgress
  func saveCheckpoint(to path: String) throws
  func policy(task: String, configHash: String?) -> GaussianMLPPolicy
}

extension PPOTrainer: IterativeTrainer {}
extension ESTrainer: IterativeTrainer {}
