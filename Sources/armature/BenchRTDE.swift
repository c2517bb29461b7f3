import ArgumentParser
import ArmatureCore
import Twin

struct BenchRTDE: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rtde",
    abstract: "Round trip of a servo target through the UR adapter, the twin and the state stream.",
    discussion: """
      Starts a simulated UR5e (e-Series) on --host, connects the RTDE adapter, streams servo targets
      at --rate, and times each from send to the state package that echoes its sequence number.
      """)

  @Option(help: "Loopback address for the twin (its ports are fixed).") var host = "127.0.0.77"
  @Option(help: "Servo targets per second.") var rate: Double = 500
  @Option(help: "Timed targets (after a 0.5 s warm-up).") var samples = 5000
  @Option(help: "The twin's arm: ideal or physics (the ODE UR5e).") var arm: TwinArmKind = .ideal
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    guard rate > 0, rate <= 500 else { throw ValidationError("--rate must be in (0, 500]") }
    guard samples > 0 else { throw ValidationError("--samples must be positive") }
  }

  func run() throws {
    do {
      let r = try RTDELatencyBenchmark.run(host: host, rate: rate, samples: samples, arm: arm)
      func ms(_ s: Double) -> Double { (s * 1e6).rounded() / 1e3 }
      if json {
        print(
          JSONValue.object([
            ("benchmark", .string("rtde")), ("rate", .number(r.rate)), ("samples", .integer(r.samples)),
            ("p50_ms", .number(ms(r.p50))), ("p99_ms", .number(ms(r.p99))), ("max_ms", .number(ms(r.max))),
            ("over_period", .integer(r.overPeriod)), ("lost", .integer(r.lost)), ("host", .string(host)),
            ("arm", .string(arm.rawValue)), ("cycle_p50_ms", .number(ms(r.cycleP50))),
            ("cycle_p99_ms", .number(ms(r.cycleP99))),
          ]).serialized())
      } else {
        print(
          "servo round trip at \(Int(r.rate)) Hz over \(r.samples) targets: p50 \(ms(r.p50)) ms, "
            + "p99 \(ms(r.p99)) ms, max \(ms(r.max)) ms; \(r.overPeriod) over one period, \(r.lost) lost; "
            + "\(arm.rawValue) arm, controller cycle p50 \(ms(r.cycleP50)) ms, p99 \(ms(r.cycleP99)) ms")
      }
    } catch {
      throw fail(error)
    }
  }
}
