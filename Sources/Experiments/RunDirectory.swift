import ArmatureCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

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

extension RunDirectory {
  /// Takes the run's lock (`RUN/.lock`, an exclusive `flock`), so that two processes never train
  /// the same run folder at once; the lock lasts as long as the returned value.
  public func lock() throws -> RunLock { try RunLock(path: path + "/.lock") }
}

/// An exclusive lock on a run folder, released when it goes away (or the process ends).
public final class RunLock {
  private let descriptor: Int32

  init(path: String) throws {
    let fd = open(path, O_RDWR | O_CREAT, 0o644)
    guard fd >= 0 else { throw LocatedError(file: path, message: "cannot open the run's lock file: \(String(cString: strerror(errno)))") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw LocatedError(
        file: URL(fileURLWithPath: path).deletingLastPathComponent().path,
        message: "another armature process is training this run")
    }
    descriptor = fd
  }

  deinit { close(descriptor) }
}

/// The state of a run, in `run.json`.
public struct RunInfo: Hashable, Sendable, Codable {
  public enum Status: String, Codable, Sendable {
    /// Training (or killed while training).
    case running
    /// Stopped by Ctrl-C after a checkpoint; resumable.
    case stopped
    /// Trained, the policy written and evaluated.
    case finished
  }

  public var formatVersion = 1
  public var status: Status
  /// The experiment file the run was started from.
  public var experimentFile: String
  public var seed: UInt64
  public var threads: Int
  public var created: String
  public var updated: String

  public init(status: Status, experimentFile: String, seed: UInt64, threads: Int, now: Date = Date()) {
    self.status = status
    self.experimentFile = experimentFile
    self.seed = seed
    self.threads = threads
    created = Self.timestamp(now)
    updated = created
  }

  static func timestamp(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: date)
  }

  /// Writes the file atomically, stamping `updated`.
  public mutating func write(to path: String, now: Date = Date()) throws {
    updated = Self.timestamp(now)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(self), to: path)
  }

  public static func read(_ path: String) throws -> RunInfo {
    do { return try JSONDecoder().decode(RunInfo.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
      throw LocatedError(file: path, message: "cannot be read (\(error))")
    }
  }
}
