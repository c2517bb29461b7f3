import ArgumentParser
import ArmatureCore
import EnvInterface
import Experiments
import Foundation
import Tasks

struct BenchEnv: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "env",
    abstract: "Environment steps per second of a task under seeded random actions (resets included), and memory per environment.")

  @Option(help: "The task.") var task: String = "cube-push"
  @Option(help: "Environment steps to time (over all copies).") var steps: Int = 20_000
  @Option(help: "Threads, one environment copy each.") var threads: Int = 1
  @Option(help: "Timed repetitions; the median is reported.") var repeats: Int = 3
  @Option(help: "Randomization: 'default' (the task's), 'none', or a randomization file.") var randomization: String = "default"
  @Option(help: "A scene camera whose images go into every observation (repeat for more).") var camera: [String] = []
  @Option(help: "Images per camera: rgb, depth, segmentation (repeat for more; default rgb).") var image: [ImageKind] = []
  @Option(help: "Image width in pixels (default: the scene camera's).") var width: Int?
  @Option(help: "Image height in pixels (default: the scene camera's).") var height: Int?
  @Flag(help: "Print JSON.") var json = false
  @Flag(help: "Print a record line in the peers' format (../shared/peers/common.py).") var records = false

  func validate() throws {
    guard steps > 0, threads > 0, repeats > 0 else { throw ValidationError("--steps, --threads and --repeats must be positive") }
  }

  /// The environment options: images from `--camera` at `--width` × `--height`.
  private func options() throws -> TaskOptions {
    TaskOptions(
      randomization: try RandomizationChoice(words: randomization).spec(for: TaskRegistry.entry(task).description),
      cameras: camera, imageKinds: image.isEmpty ? [.rgb] : image, imageWidth: width, imageHeight: height)
  }

  /// How images were asked for, for the report.
  private var imageNote: String {
    guard !camera.isEmpty else { return "" }
    let kinds = (image.isEmpty ? [.rgb] : image).map(\.rawValue).joined(separator: "+")
    let size = width.map { w in height.map { "\(w)x\($0)" } ?? "\(w)x-" } ?? "scene size"
    return "; images: \(camera.joined(separator: ",")) \(kinds) at \(size), randomization \(randomization)"
  }

  func run() throws {
    do {
      let options = try options()
      // Memory: resident size before and after making a batch of environments.
      let probeCount = 8
      let before = residentBytes()
      var probes: [any TaskEnvironment] = []
      for _ in 0..<probeCount {
        let env = try TaskRegistry.make(task, options: options)
        _ = try env.reset(seed: 0)
        probes.append(env)
      }
      let perEnvironment = Double(residentBytes() - before) / Double(probeCount)
      probes.removeAll()

      let environments = try (0..<threads).map { _ in try TaskRegistry.make(task, options: options) }
      let executor = ParallelExecutor(threads: threads)
      let perCopy = steps / threads
      var rates: [Double] = []
      for r in 0..<(repeats + 1) {
        let failures = FailureBox()
        let clock = Stopwatch()
        executor.forEach(threads) { i in
          do {
            let env = environments[i]
            var rng = RandomStream(seed: UInt64(i)).derived("bench-actions")
            _ = try env.reset(seed: UInt64(1000 * r + i))
            for _ in 0..<perCopy {
              let result = try env.step(env.actionSpace.sample(using: &rng))
              if result.terminated || result.truncated { _ = try env.reset(seed: nil) }
            }
          } catch {
            failures.record(error)
          }
        }
        if let error = failures.first { throw error }
        if r > 0 { rates.append(Double(perCopy * threads) / clock.elapsed) }
      }
      let record = BenchmarkRecord(
        group: "envs", name: "armature \(task) env.step, \(threads) thread\(threads == 1 ? "" : "s")", unit: "steps/s",
        runs: rates,
        note: "random actions, resets included, 25 Hz control with 20 x 2 ms substeps; \(Int(perEnvironment / 1024)) KiB per environment\(imageNote)")
      if records {
        print(record.json.serialized())
      } else if json {
        print(
          JSONValue.object([
            ("stepsPerSecond", .number(record.value.rounded())), ("task", .string(task)), ("threads", .integer(threads)),
            ("steps", .integer(perCopy * threads)), ("repeats", .integer(repeats)),
            ("min", .number(rates.min()!.rounded())), ("max", .number(rates.max()!.rounded())),
            ("bytesPerEnvironment", .number(perEnvironment.rounded())),
            ("cameras", .array(camera.map { .string($0) })), ("randomization", .string(randomization)),
          ]).serialized())
      } else {
        print(
          "\(task): \(Int(record.value)) env steps/s on \(threads) thread(s) (median of \(repeats); \(Int(rates.min()!))–\(Int(rates.max()!))); \(Int(perEnvironment / 1024)) KiB per environment\(imageNote)")
      }
    } catch {
      throw fail(error)
    }
  }

  private func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}

/// The first error thrown by parallel work.
final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var first: (any Error)?
  func record(_ error: any Error) {
    lock.lock()
    if first == nil { first = error }
    lock.unlock()
  }
}

extension ImageKind: ExpressibleByArgument {}
