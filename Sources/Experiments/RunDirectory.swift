import ArmatureCore
import Foundation

/// A training run's folder, `runs/NAME-YYYYMMDD-HHMMSS/`:
///
/// - `experiment.yaml`: the resolved experiment (randomization inlined, seed and threads given);
///   a resumed run reads it back.
/// - `run.json`: status (`running`, `stopped`, `finished`), seed, threads, the experiment file
///   and the times.
/// - `metrics.jsonl`, `metrics.csv`: the learning curve (`MetricsLog`).
/// - `learning-curve.png`: the curve drawn (`LearningCurve`), redrawn at every checkpoint (PPO
///   and ES; behaviour cloning logs losses only).
/// - `checkpoint.json`: the latest checkpoint (`RunCheckpoint`), written atomically after the
///   trainer state it names in `checkpoints/`; a run resumes from it.
/// - `policy.armature`: the trained policy (`PolicyFile`), at the end.
/// - `evaluation.json`: the final evaluation, at the end.
/// - `.lock`: held by the process training the run (`lock()`).
public struct RunDirectory: Hashable, Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  public var experiment: String { path + "/experiment.yaml" }
  public var runInfo: String { path + "/run.json" }
  public var checkpoint: String { path + "/checkpoint.json" }
  public var checkpointsFolder: String { path + "/checkpoints" }
  public var policy: String { path + "/policy.armature" }
  public var evaluation: String { path + "/evaluation.json" }
  public var learningCurve: String { path + "/learning-curve.png" }

  /// The trainer checkpoint file of iteration `iteration`, relative to the run folder.
  public static func trainerCheckpointName(iteration: Int) -> String { "checkpoints/trainer-" + String(format: "%06d", iteration) + ".ckpt" }

  /// Makes a new run folder `ROOT/NAME-YYYYMMDD-HHMMSS` (UTC), with `-2`, `-3`, … appended when
  /// that name is taken.
  public static func create(root: String, name: String, date: Date = Date()) throws -> RunDirectory {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let base = root + "/" + name + "-" + formatter.string(from: date)
    let fm = FileManager.default
    try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
    var candidate = base
    var n = 1
    while true {
      do {
        try fm.createDirectory(atPath: candidate, withIntermediateDirectories: false)
        break
      } catch {
        guard fm.fileExists(atPath: candidate) else { throw LocatedError(file: candidate, message: "cannot create the run folder (\(error.localizedDescription))") }
        n += 1
        candidate = base + "-\(n)"
      }
    }
    let dir = RunDirectory(path: candidate)
    try fm.createDirectory(atPath: dir.checkpointsFolder, withIntermediateDirectories: true)
    return dir
  }

  /// Checks that `path` is a run folder (it has the resolved experiment and run.json).
  public static func existing(_ path: String) throws -> RunDirectory {
    var trimmed = path
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    let dir = RunDirectory(path: trimmed)
    for file in [dir.experiment, dir.runInfo] where !FileManager.default.fileExists(atPath: file) {
      throw LocatedError(file: trimmed, message: "is not a run folder (it has no \(URL(fileURLWithPath: file).lastPathComponent))")
    }
    return dir
  }
}
