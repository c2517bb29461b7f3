/// Everything that happened in one control tick.
public struct TickRecord: Hashable, Sendable {
  public var index: Int
  /// When the tick was due, relative to the first tick's due time (s): index × period.
  public var scheduled: Double
  /// When the tick started and finished, on the same clock (s).
  public var started: Double
  public var finished: Double
  /// The state the decision was based on.
  public var state: ArmState
  /// The policy's observation and raw action (nil for trajectories).
  public var observation: [Double]?
  public var action: [Double]?
  /// The command requested, the one sent after the safety layer, and any refusal.
  public var outcome: CommandOutcome
  /// Safety events logged during this tick (refusals, watchdog, safety stops).
  public var safetyEvents: [SafetyEvent]

  /// How late the tick started (s).
  public var lateness: Double { started - scheduled }
  /// Whether the tick finished after the next tick was due.
  public func missedDeadline(period: Double) -> Bool { finished > scheduled + period }
}

/// Timing of a control run.
public struct LoopTiming: Hashable, Sendable {
  public var period: Double
  public var ticks: Int
  /// Start lateness |started − scheduled| percentiles and maximum (s).
  public var jitterP50: Double
  public var jitterP99: Double
  public var jitterMax: Double
  /// Per-tick work time (state read, decision, send) percentiles (s).
  public var workP50: Double
  public var workP99: Double
  /// Ticks that finished after the next tick was due.
  public var missedDeadlines: Int
  /// Ticks dropped from the schedule because the loop fell more than a period behind.
  public var skippedTicks: Int
  /// Ticks per second over the run.
  public var achievedRate: Double

  /// Summarizes tick records.
  public init(period: Double, records: [TickRecord], skippedTicks: Int) {
    self.period = period
    ticks = records.count
    let jitter = records.map { abs($0.lateness) }.sorted()
    let work = records.map { $0.finished - $0.started }.sorted()
    jitterP50 = percentile(jitter, 0.5)
    jitterP99 = percentile(jitter, 0.99)
    jitterMax = jitter.last ?? 0
    workP50 = percentile(work, 0.5)
    workP99 = percentile(work, 0.99)
    missedDeadlines = records.filter { $0.missedDeadline(period: period) }.count
    self.skippedTicks = skippedTicks
    if let first = records.first, let last = records.last, records.count > 1, last.started > first.started {
      achievedRate = Double(records.count - 1) / (last.started - first.started)
    } else {
      achievedRate = 0
    }
  }
}

/// The `p` quantile (0…1) of sorted values by the nearest-rank method; 0 for no values.
public func percentile(_ sorted: [Double], _ p: Double) -> Double {
  guard !sorted.isEmpty else { return 0 }
  let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
  return sorted[min(sorted.count - 1, max(0, rank))]
}
