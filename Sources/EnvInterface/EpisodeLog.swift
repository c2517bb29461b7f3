import ArmatureCore
import Foundation

/// The record of one episode, the same for simulated and real runs, so sim and real can be
/// compared step by step: what the policy saw, what it asked for, what was actually applied
/// (after safety limits or action noise), and what came of it.
///
/// Stored as JSON lines: a header line, then one line per control step (`EpisodeLog.write`).
public struct EpisodeLog: Hashable, Sendable, Codable {
  /// Where the episode ran.
  public enum Source: String, Sendable, Codable { case simulation, hardware }

  /// What the episode was.
  public struct Header: Hashable, Sendable, Codable {
    public var version = 1
    public var task: String
    public var policy: String
    public var source: Source
    public var seed: UInt64?
    /// Control rate in Hz.
    public var controlRate: Double
    public var instruction: String
    public var observationComponents: [SpaceComponent]
    public var actionComponents: [SpaceComponent]
    /// Free-form facts: robot address, randomization file, software versions.
    public var notes: [String: String]

    public init(
      task: String, policy: String, source: Source, seed: UInt64?, controlRate: Double, instruction: String,
      observationComponents: [SpaceComponent], actionComponents: [SpaceComponent], notes: [String: String] = [:]
    ) {
      self.task = task
      self.policy = policy
      self.source = source
      self.seed = seed
      self.controlRate = controlRate
      self.instruction = instruction
      self.observationComponents = observationComponents
      self.actionComponents = actionComponents
      self.notes = notes
    }
  }

  /// One control step.
  public struct Step: Hashable, Sendable, Codable {
    /// Seconds since the episode started (wall clock on hardware, simulated time in sim).
    public var time: Double
    public var observation: [Double]
    /// The action the policy asked for.
    public var requested: [Double]
    /// The action that was applied (after clipping, safety limits, noise or latency).
    public var applied: [Double]
    public var reward: Double
    public var rewardTerms: [String: Double]
    public var success: Bool
    /// Why the applied action differs from the requested one, if it does.
    public var note: String?

    public init(
      time: Double, observation: [Double], requested: [Double], applied: [Double], reward: Double = 0,
      rewardTerms: [String: Double] = [:], success: Bool = false, note: String? = nil
    ) {
      self.time = time
      self.observation = observation
      self.requested = requested
      self.applied = applied
      self.reward = reward
      self.rewardTerms = rewardTerms
      self.success = success
      self.note = note
    }
  }

  public var header: Header
  public var steps: [Step]

  public init(header: Header, steps: [Step] = []) {
    self.header = header
    self.steps = steps
  }

  /// Whether any step succeeded.
  public var succeeded: Bool { steps.contains { $0.success } }
  /// The sum of rewards.
  public var totalReward: Double { steps.reduce(0) { $0 + $1.reward } }

  /// The JSON-lines text: the header, then one step per line.
  public func jsonLines() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var lines = [String(decoding: try encoder.encode(header), as: UTF8.self)]
    for step in steps { lines.append(String(decoding: try encoder.encode(step), as: UTF8.self)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the log atomically.
  public func write(to path: String) throws { try AtomicFile.write(jsonLines(), to: path) }

  /// Reads a log, naming the file and line of anything malformed.
  public static func read(from path: String) throws -> EpisodeLog {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedError(file: path, message: "cannot be read")
    }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
    guard let first = lines.first else { throw LocatedError(file: path, message: "the episode log is empty") }
    let decoder = JSONDecoder()
    let header: Header
    do {
      header = try decoder.decode(Header.self, from: Data(first.utf8))
    } catch {
      throw LocatedError(file: path, line: 1, context: "header", message: "malformed episode header: \(error)")
    }
    var steps: [Step] = []
    for (i, line) in lines.dropFirst().enumerated() {
      do {
        steps.append(try decoder.decode(Step.self, from: Data(line.utf8)))
      } catch {
        throw LocatedError(file: path, line: i + 2, context: "step \(i)", message: "malformed step: \(error)")
      }
    }
    return EpisodeLog(header: header, steps: steps)
  }
}
