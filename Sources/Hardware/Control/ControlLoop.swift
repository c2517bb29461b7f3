/// Runs a command source against an arm at a fixed rate and records every tick.
///
/// Each tick: wait until it is due, read the newest state, ask the source, send the command
/// (through whatever safety layer the arm has), record. Ticks are due every `period` from the
/// first; a tick that starts late runs at once, and when the loop falls more than a period
/// behind the ticks in between are skipped (counted) rather than run in a burst.
public final class ControlLoop {
  public struct Settings: Sendable {
    /// Ticks per second.
    public var rate: Double
    /// Stop after this many ticks (nil: until the source finishes).
    public var maximumTicks: Int?
    /// Stop after this many seconds (nil: no limit).
    public var maximumDuration: Double?
    /// End the run at the first refused command.
    public var endOnRefusal = true
    /// Send `stop` when the run ends.
    public var stopAtEnd = true

    public init(rate: Double, maximumTicks: Int? = nil, maximumDuration: Double? = nil) {
      precondition(rate > 0, "a positive rate")
      self.rate = rate
      self.maximumTicks = maximumTicks
      self.maximumDuration = maximumDuration
    }

    public var period: Double { 1 / rate }
  }

  /// Why a run ended.
  public enum EndReason: Hashable, Sendable {
    case sourceFinished
    case tickLimit
    case timeLimit
    case refused(SafetyViolation)
    case failed(String)
  }

  /// A finished run.
  public struct Run: Sendable {
    public var source: String
    public var settings: Settings
    public var ticks: [TickRecord]
    public var timing: LoopTiming
    public var endReason: EndReason
    /// Safety events of the whole run, including those after the last tick (the final stop).
    public var safetyEvents: [SafetyEvent]
  }

  public let arm: any ArmController
  public let settings: Settings
  /// The safety log whose events are attached to the ticks (the `SafetyLayer`'s, if any).
  public let safetyLog: SafetyLog?

  public init(arm: any ArmController, settings: Settings, safetyLog: SafetyLog? = nil) {
    self.arm = arm
    self.settings = settings
    self.safetyLog = safetyLog ?? (arm as? SafetyLayer)?.log
  }

  /// Runs `source` until it finishes or a limit is reached. `onTick` sees each record as it is
  /// made (for progress display); it runs on the loop's thread, so keep it short.
  public func run(_ source: any CommandSource, onTick: ((TickRecord) -> Void)? = nil) -> Run {
    let period = settings.period
    var records: [TickRecord] = []
    var skipped = 0
    let firstMark = safetyLog?.count ?? 0
    var mark = firstMark
    var endReason = EndReason.sourceFinished
    do {
      let initial = try arm.state()
      try source.begin(initial)
      let origin = MonotonicClock.now
      var index = 0
      while true {
        if let limit = settings.maximumTicks, index >= limit {
          endReason = .tickLimit
          break
        }
        let scheduled = Double(index) * period
        if let limit = settings.maximumDuration, scheduled > limit {
          endReason = .timeLimit
          break
        }
        MonotonicClock.sleep(until: origin + scheduled)
        let started = MonotonicClock.now - origin
        let state = try arm.state()
        guard let decision = try source.decide(tick: index, time: scheduled, state: state) else {
          endReason = .sourceFinished
          break
        }
        let outcome = try arm.send(decision.command)
        let finished = MonotonicClock.now - origin
        let events = safetyLog.map { log -> [SafetyEvent] in
          let new = log.since(mark)
          mark += new.count
          return new
        } ?? []
        let record = TickRecord(
          index: index, scheduled: scheduled, started: started, finished: finished, state: state,
          observation: decision.observation, action: decision.action, outcome: outcome, safetyEvents: events)
        records.append(record)
        onTick?(record)
        if let refusal = outcome.refusal, settings.endOnRefusal {
          endReason = .refused(refusal)
          break
        }
        index += 1
        // Behind by more than a period: skip the ticks that are already past.
        let behind = MonotonicClock.now - origin - Double(index) * period
        if behind > period {
          let skip = Int(behind / period)
          skipped += skip
          index += skip
        }
      }
    } catch {
      endReason = .failed(String(describing: error))
    }
    if settings.stopAtEnd { _ = try? arm.send(.stop) }
    return Run(
      source: source.label, settings: settings, ticks: records,
      timing: LoopTiming(period: period, records: records, skippedTicks: skipped),
      endReason: endReason, safetyEvents: safetyLog?.since(firstMark) ?? [])
  }
}
