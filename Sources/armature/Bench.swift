import ArgumentParser
import ArmatureCore
import Physics
import SceneDescription

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks (build with -c release).",
    subcommands: [BenchPhysics.self, BenchEnv.self, BenchNN.self, BenchRender.self, BenchRTDE.self])
}

struct BenchPhysics: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "physics", abstract: "Physics steps per second of a scene on one thread.")

  @Option(help: "The scene file.") var scene: String = "Scenes/cube-drop.yaml"
  @Option(help: "Physics steps to time.") var steps: Int = 200_000
  @Option(help: "Timed repetitions; the median is reported.") var repeats: Int = 5
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Print a record line in the peers' format (../shared/peers/common.py).") var records = false

  func run() throws {
    do {
      let description = try Scene.load(file: scene)
      var rates: [Double] = []
      for r in 0..<(repeats + 1) {
        let world = try World(scene: description, seed: 0)
        let clock = Stopwatch()
        try world.step(count: steps)
        if r > 0 { rates.append(Double(steps) / clock.elapsed) }  // the first run warms caches
      }
      let record = BenchmarkRecord(
        group: "physics", name: "armature \(description.name) (\(description.world.solver.rawValue))", unit: "steps/s",
        runs: rates, note: "\(steps) steps per run, timestep \(description.world.timestep) s")
      rates.sort()
      let median = record.value
      if records {
        print(record.json.serialized())
      } else if json {
        print(
          JSONValue.object([
            ("stepsPerSecond", .number(median.rounded())), ("scene", .string(scene)), ("steps", .integer(steps)),
            ("repeats", .integer(repeats)), ("min", .number(rates.first!.rounded())),
            ("max", .number(rates.last!.rounded())),
          ]).serialized())
      } else {
        print("\(scene): \(Int(median)) steps/s (median of \(repeats), \(Int(rates.first!))–\(Int(rates.last!)))")
      }
    } catch {
      throw fail(error)
    }
  }
}
