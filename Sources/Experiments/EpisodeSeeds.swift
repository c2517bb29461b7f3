import ArmatureCore
import EnvInterface
import Foundation

/// Keeps evaluation episodes apart from training episodes by construction: every seed that
/// reaches a training environment has its top bit clear (`TrainingSeedDomain`), every
/// evaluation episode seed has it set. So no evaluation episode is ever one the policy trained
/// on, whatever the seeds.
public enum EpisodeSeeds {
  static let evaluationBit: UInt64 = 1 << 63

  /// The seed of evaluation episode `episode` of an evaluation seeded with `seed`.
  public static func evaluation(_ seed: UInt64, episode: Int) -> UInt64 {
    var stream = RandomStream(seed: seed).derived("evaluation").derived(UInt64(episode))
    return stream.next() | evaluationBit
  }

  /// A training seed, moved into the training half of the seed space.
  public static func training(_ seed: UInt64) -> UInt64 { seed & ~evaluationBit }

  /// Whether a seed belongs to evaluation episodes.
  public static func isEvaluation(_ seed: UInt64) -> Bool { seed & evaluationBit != 0 }
}

/// Passes every seed through `EpisodeSeeds.training` on its way to the environment it wraps;
/// training environments are made inside it. Saves and restores through to the environment.
public final class TrainingSeedDomain: RestorableEnvironment {
  public let inner: any RestorableEnvironment

  public init(_ inner: any RestorableEnvironment) { self.inner = inner }

  public var observationSpace: BoxSpace { inner.observationSpace }
  public var actionSpace: BoxSpace { inner.actionSpace }
  public var instruction: String { inner.instruction }
  public func reset(seed: UInt64?) throws -> (Observation, StepInfo) { try inner.reset(seed: seed.map(EpisodeSeeds.training)) }
  public func step(_ action: [Double]) throws -> StepResult { try inner.step(action) }
  public func saveState() -> Data? { inner.saveState() }
  public func restoreState(_ state: Data) throws { try inner.restoreState(state) }
}
