import Foundation
import Hardware
import Synchronization

/// Measures a servo target's round trip through the adapter, the twin and the state stream:
/// `URRTDEArm` sends a servo target carrying a sequence number; the twin's controller takes it
/// on its next cycle and `armature_control` echoes the number in `output_int_register_1`; the
/// round trip ends when the first state package with that echo (or a later one) reaches the
/// adapter's reader thread.
///
/// Targets go out on a fixed schedule from one thread while another watches the states. A
/// target waits for the controller's next cycle, so the round trip depends on when in the cycle
/// it is sent; a client whose clock ran in step with the controller's would always hit the same
/// phase. This one's period is longer by 1/samples, so over the run its send times slide once
/// through the whole cycle, as an unsynchronized client's do.
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
    /// Targets whose echo never came (superseded before the controller took them, or lost).
    public var lost: Int
    /// The controller cycle's own computation time (s; motion layer, arm, snapshot), median and
    /// 99th percentile over the states the adapter received.
    public var cycleP50: Double
    public var cycleP99: Double
  }

  /// Starts a twin on `host`, connects an adapter, streams `samples` servo targets at `rate` Hz
  /// (a slow 0.05 rad sine on the wrist, after a 0.5 s warm-up), and measures each round trip.
  /// `arm` chooses the twin's arm (the physics arm in `Scenes/ur5e-table.yaml`).
  public static func run(host: String, rate: Double = 500, samples: Int = 5000, arm: TwinArmKind = .ideal) throws -> Result {
    precondition(rate > 0 && samples > 0)
    let twinConfiguration = TwinConfiguration(host: host)
    let twin = TwinServer(
      controller: TwinController(
        configuration: twinConfiguration, arm: try arm.makeArm(configuration: twinConfiguration, scene: nil, file: nil)))
    try twin.start()
    defer { twin.stop() }
    var configuration = URRTDEArm.Configuration(host: host)
    configuration.servoTime = 1 / rate
    let arm = URRTDEArm(configuration)
    try arm.connect()
    defer { arm.disconnect() }
    let start = try arm.urState()
    let period = 1 / rate * (1 + 1 / Double(samples))
    let warmup = Int(0.5 * rate)
    let total = warmup + samples
    let first = arm.lastSequence + 1
    let sendTimes = Mutex([Double](repeating: .nan, count: total))
    let arrivals = Mutex([Double](repeating: .nan, count: total))
    let done = Atomic<Bool>(false)
    let cycles = Mutex([Double]())
    let controller = twin.controller
    let watcher = Thread {
      var index = start.index
      var echoed = first - 1
      while !done.load(ordering: .acquiring) {
        guard let state = try? arm.nextURState(after: index, timeout: 0.1) else { continue }
        index = state.index
        if case .double(let ms)? = try? controller.readOutputs(["actual_execution_time"]).first {
          cycles.withLock { $0.append(ms / 1000) }
        }
        guard state.echoedSequence > echoed else { continue }
        arrivals.withLock { a in
          for s in (echoed + 1)...state.echoedSequence where Int(s - first) < total && s >= first {
            a[Int(s - first)] = state.arm.receivedAt
          }
        }
        echoed = state.echoedSequence
      }
    }
    watcher.start()
    var next = MonotonicClock.now
    for k in 0..<total {
      MonotonicClock.sleep(until: next)
      var q = start.arm.jointPositions
      q[5] += 0.05 * (2 * Double.pi * 0.5 * Double(k) / rate).sin
      let sent = MonotonicClock.now
      _ = try arm.servo(q)
      sendTimes.withLock { $0[k] = sent }
      next += period
    }
    MonotonicClock.sleep(seconds: 0.05)
    done.store(true, ordering: .releasing)
    _ = try arm.stop()
    let sends = sendTimes.withLock { $0 }
    let arrived = arrivals.withLock { $0 }
    let trips = (warmup..<total).map { arrived[$0] - sends[$0] }.filter { !$0.isNaN }
    let sorted = trips.sorted()
    let cycleTimes = cycles.withLock { $0 }.sorted()
    return Result(
      rate: rate, samples: trips.count, roundTrips: trips, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
      max: sorted.last ?? 0, overPeriod: trips.filter { $0 > 1 / rate }.count, lost: samples - trips.count,
      cycleP50: percentile(cycleTimes, 0.5), cycleP99: percentile(cycleTimes, 0.99))
  }
}
