import ArmatureCore

/// Writes a control run's full record, for timing and safety analysis: JSON Lines, one object
/// per line. (The task-level record shared with simulated episodes is `EnvInterface.EpisodeLog`,
/// made by `ControlLoop.Run.episodeLog`.)
///
/// Line 1, the header: `{"format":"armature-control-run","version":1,"arm":…,"joints":[…],
/// "source":…,"rate":…,"period":…}`. Then one line per tick: `{"tick","scheduled","started",
/// "finished","timestamp","q","qd","target_q","tcp","robot_mode","safety_mode","observation",
/// "action","requested","sent","refusal","events"}` (times in seconds, angles in radians;
/// `observation`, `action`, `sent` and `refusal` may be null). The last line is the summary:
/// `{"end","timing":{…},"safety_events":[…]}`.
public enum ControlRunLog {
  public static let format = "armature-control-run"
  public static let version = 1

  /// The log text of `run` on an arm described by `model`.
  public static func text(of run: ControlLoop.Run, model: ArmModel) -> String {
    var lines: [String] = []
    lines.append(
      JSONValue.object([
        ("format", .string(format)), ("version", .integer(version)), ("arm", .string(model.name)),
        ("joints", .array(model.jointNames.map(JSONValue.string))), ("source", .string(run.source)),
        ("rate", .number(run.settings.rate)), ("period", .number(run.settings.period)),
      ]).serialized())
    for tick in run.ticks { lines.append(json(tick).serialized()) }
    lines.append(
      JSONValue.object([
        ("end", .string(endCode(run.endReason))), ("end_detail", .string(endDetail(run.endReason))),
        ("timing", json(run.timing)), ("safety_events", .array(run.safetyEvents.map(json))),
      ]).serialized())
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the log of `run` to `path` atomically.
  public static func write(_ run: ControlLoop.Run, model: ArmModel, to path: String) throws {
    try AtomicFile.write(text(of: run, model: model), to: path)
  }

  static func json(_ t: TickRecord) -> JSONValue {
    .object([
      ("tick", .integer(t.index)), ("scheduled", .number(t.scheduled)), ("started", .number(t.started)),
      ("finished", .number(t.finished)), ("timestamp", .number(t.state.timestamp)),
      ("q", .numbers(t.state.jointPositions)), ("qd", .numbers(t.state.jointVelocities)),
      ("target_q", .numbers(t.state.targetJointPositions)), ("tcp", .numbers(t.state.tcpPose)),
      ("robot_mode", .string(t.state.robotMode.rawValue)), ("safety_mode", .string(t.state.safetyMode.rawValue)),
      ("observation", t.observation.map(JSONValue.numbers) ?? .null), ("action", t.action.map(JSONValue.numbers) ?? .null),
      ("requested", json(t.outcome.requested)), ("sent", t.outcome.sent.map(json) ?? .null),
      ("refusal", t.outcome.refusal.map(json) ?? .null), ("events", .array(t.safetyEvents.map(json))),
    ])
  }

  static func json(_ c: ArmCommand) -> JSONValue {
    .object([("kind", .string(c.kind)), ("values", .numbers(c.values))])
  }

  static func json(_ v: SafetyViolation) -> JSONValue {
    .object([("code", .string(v.code)), ("message", .string(v.description))])
  }

  static func json(_ e: SafetyEvent) -> JSONValue {
    .object([
      ("time", .number(e.time)), ("kind", .string(e.kind.rawValue)), ("reason", e.reason.map(json) ?? .null),
      ("requested", e.requested.map(json) ?? .null), ("sent", e.sent.map(json) ?? .null),
    ])
  }

  static func json(_ t: LoopTiming) -> JSONValue {
    .object([
      ("period", .number(t.period)), ("ticks", .integer(t.ticks)), ("jitter_p50", .number(t.jitterP50)),
      ("jitter_p99", .number(t.jitterP99)), ("jitter_max", .number(t.jitterMax)), ("work_p50", .number(t.workP50)),
      ("work_p99", .number(t.workP99)), ("missed_deadlines", .integer(t.missedDeadlines)),
      ("skipped_ticks", .integer(t.skippedTicks)), ("achieved_rate", .number(t.achievedRate)),
    ])
  }

  /// A short code for why a run ended: `source_finished`, `tick_limit`, `time_limit`, `refused`, `failed`.
  public static func endCode(_ r: ControlLoop.EndReason) -> String {
    switch r {
    case .sourceFinished: return "source_finished"
    case .tickLimit: return "tick_limit"
    case .timeLimit: return "time_limit"
    case .refused: return "refused"
    case .failed: return "failed"
    }
  }

  /// Why a run ended, in words (the refusal or failure; empty otherwise).
  public static func endDetail(_ r: ControlLoop.EndReason) -> String {
    switch r {
    case .refused(let v): return v.description
    case .failed(let message): return message
    default: return ""
    }
  }
}
