import ArmatureCore
import Foundation

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
