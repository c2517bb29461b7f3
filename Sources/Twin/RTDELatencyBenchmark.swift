import Hardware

/// Measures a servo target's round trip through the adapter, the twin and the state stream:
/// `URRTDEArm` sends a servo target carrying a sequence number; the twin's controller takes it
/// on its next cycle and `armature_control` echoes the number in `output_int_register_1`; the
/// round trip ends when the state package with that echo reaches the adapter's reader thread.
public enum RTDELatencyBenchmark {
  public struct Result: Sendable {
    public var rate: Double
    public var samples: Int
    /// Round-trip times (s), in send order.
    public var roundTrips: [Double]
    public var p50: Double
    public var p99: Double
    public var max: Double
    /// Round trips longer than one period.
    public var overPeriod: Int
    /// Targets whose echo never came within 0.1 s (lost).
    public var lost: Int
  }

  /// Starts a twin on `host`, connects an adapter, streams `samples` servo targets at `rate` Hz
  /// (a slow 0.05 rad sine on the wrist, after a 0.5 s warm-up), and measures each round trip.
  public static func run(host: String, rate: Double = 500, samples: Int = 5000) throws -> Result {
    precondition(rate > 0 && samples > 0)
    let twin = TwinServer(configuration: TwinConfiguration(host: host))
    try twin.start()
    defer { twin.stop() }
    var configuration = URRTDEArm.Configuration(host: host)
    configuration.servoTime = 1 / rate
    let arm = URRTDEArm(configuration)
    try arm.connect()
    defer { arm.disconnect() }
    let start = try arm.state().jointPositions
    let period = 1 / rate
    let warmup = Int(0.5 * rate)
    var trips: [Double] = []
    var lost = 0
    var next = MonotonicClock.now
    for k in 0..<(warmup + samples) {
      MonotonicClock.sleep(until: next)
      var q = start
      q[5] += 0.05 * (2 * Double.pi * 0.5 * Double(k) * period).sin
      let sent = MonotonicClock.now
      _ = try arm.servo(q)
      let sequence = arm.lastSequence
      if let echo = try arm.waitForEcho(of: sequence, timeout: 0.1) {
        if k >= warmup { trips.append(echo.arm.receivedAt - sent) }
      } else if k >= warmup {
        lost += 1
      }
      next += period
      if MonotonicClock.now > next + period { next = MonotonicClock.now }
    }
    _ = try arm.stop()
    let sorted = trips.sorted()
    return Result(
      rate: rate, samples: trips.count, roundTrips: trips, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
      max: sorted.last ?? 0, overPeriod: trips.filter { $0 > period }.count, lost: lost)
  }
}
