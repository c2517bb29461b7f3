import ArmatureCore
import Foundation
import Randomization

/// A run's latest checkpoint, `checkpoint.json`: which iteration it holds, the trainer state
/// file, and the run's own state (the ADR ranges). It is written atomically after the trainer
/// file, so it always names a complete one; a run resumes from it.
struct RunCheckpoint: Codable {
  static let currentVersion = 1
  var formatVersion = currentVersion
  /// Iterations done; the metrics log keeps exactly this many rows on resume.
  var iteration: Int
  var environmentSteps: Int
  /// The trainer checkpoint, relative to the run folder (nil: behaviour cloning, which restarts).
  var trainerCheckpoint: String?
  var adr: ADRState?
  /// Training ended (budget spent); what remains is writing and evaluating the policy.
  var trainingComplete: Bool
  /// `ExperimentConfig.hash` of the run, to catch an edited experiment.yaml.
  var experimentHash: String

  func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: path)
  }

  static func read(_ path: String) throws -> RunCheckpoint {
    let c: RunCheckpoint
    do { c = try JSONDecoder().decode(RunCheckpoint.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
      throw LocatedError(file: path, message: "cannot be read (\(error))")
    }
    guard c.formatVersion == currentVersion else {
      throw LocatedError(file: path, context: "formatVersion", message: "run checkpoint version \(c.formatVersion) is not supported (this build reads \(currentVersion))")
    }
    return c
  }
}
