import Foundation
import ArgumentParser
import ArmatureCore
import NN

struct BenchNN: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nn", abstract: "Forward and backward time of an MLP on one thread (OpenBLAS, single-threaded).")

  @Option(help: "Samples per batch.") var batch: Int = 4096
  @Option(help: "Input features.") var inputs: Int = 64
  @Option(help: "Hidden layer widths, comma-separated.") var hidden: String = "256,256"
  @Option(help: "Output features.") var outputs: Int = 16
  @Option(help: "Timed repetitions; the median is reported.") var repeats: Int = 20
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    do {
      let widths = hidden.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 }), batch > 0, inputs > 0, outputs > 0, repeats > 0 else {
        throw ValidationError("--hidden needs positive widths such as 256,256; sizes and --repeats must be positive")
      }
      let net = try Network.mlp(inputs: inputs, hidden: widths, outputs: outputs, activation: .tanh)
      var rng = RandomStream(seed: 0)
      let parameters = net.initialParameters(using: &rng)
      let x = (0..<(batch * inputs)).map { _ in Float(rng.normal()) }
      let dy = (0..<(batch * outputs)).map { _ in Float(rng.normal()) }
      var gradients = [Float](repeating: 0, count: net.parameterCount)
      let ws = net.makeWorkspace(capacity: batch)
      var forwardTimes: [Double] = []
      var totalTimes: [Double] = []
      parameters.withUnsafeBufferPointer { p in
        x.withUnsafeBufferPointer { xb in
          dy.withUnsafeBufferPointer { dyb in
            gradients.withUnsafeMutableBufferPointer { g in
              for r in 0..<(repeats + 1) {
                let clock = Stopwatch()
                net.forward(xb.baseAddress!, batch: batch, parameters: p.baseAddress!, workspace: ws)
                let f = clock.elapsed
                net.backward(outputGradient: dyb.baseAddress!, parameters: p.baseAddress!, gradients: g.baseAddress!, workspace: ws)
                let t = clock.elapsed
                if r > 0 {  // the first run warms caches
                  forwardTimes.append(f)
                  totalTimes.append(t)
                }
              }
            }
          }
        }
      }
      forwardTimes.sort()
      totalTimes.sort()
      let forward = forwardTimes[forwardTimes.count / 2]
      let total = totalTimes[totalTimes.count / 2]
      // Multiply-adds: forward x·W per layer; backward xᵀ·dy per layer and dy·Wᵀ for all but the first.
      let sizes = [inputs] + widths + [outputs]
      var forwardFlops = 0.0
      var backwardFlops = 0.0
      for l in 0..<(sizes.count - 1) {
        let f = 2.0 * Double(batch * sizes[l] * sizes[l + 1])
        forwardFlops += f
        backwardFlops += l == 0 ? f : 2 * f
      }
      let gflops = (forwardFlops + backwardFlops) / total / 1e9
      let shape = ([inputs] + widths + [outputs]).map(String.init).joined(separator: "-")
      if json {
        print(
          JSONValue.object([
            ("network", .string(shape)), ("activation", .string("tanh")), ("batch", .integer(batch)),
            ("parameters", .integer(net.parameterCount)), ("forwardMilliseconds", .number((forward * 1e5).rounded() / 100)),
            ("forwardBackwardMilliseconds", .number((total * 1e5).rounded() / 100)),
            ("samplesPerSecond", .number((Double(batch) / total).rounded())), ("gflops", .number((gflops * 10).rounded() / 10)),
            ("repeats", .integer(repeats)), ("minMilliseconds", .number((totalTimes.first! * 1e5).rounded() / 100)),
            ("maxMilliseconds", .number((totalTimes.last! * 1e5).rounded() / 100)),
          ]).serialized())
      } else {
        print(
          "MLP \(shape) tanh, batch \(batch): forward \(String(format: "%.2f", forward * 1e3)) ms, forward+backward "
            + "\(String(format: "%.2f", total * 1e3)) ms (median of \(repeats)), \(String(format: "%.1f", gflops)) GFLOP/s, "
            + "\(Int(Double(batch) / total)) samples/s")
      }
    } catch let e as ValidationError {
      throw e
    } catch {
      throw fail(error)
    }
  }
}
