import Experiments
import Foundation
import Testing
import _TestSupport

@Suite struct TrainingRunTests {
  /// ES hands candidates to threads in contiguous blocks and ADR applies episode results copy by
  /// copy, so with ADR too the run is the same on one thread and on two.
  @Test func esUnderADRIsIdenticalOnOneAndTwoThreads() throws {
    let folder = try temporaryDirectory("run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try """
      task: {name: point-reach}
      randomization:
        parameters:
          - {name: actuator.gain, distribution: uniform, range: [0.2, 3], adr: true, adrStep: 0.1}
        adr: {bufferSize: 3, boundaryProbability: 1, lowThreshold: 0, highThreshold: 0.3}
      algorithm: es
      es: {iterations: 30, populationPairs: 8, episodesPerCandidate: 1}
      evaluation: {everySteps: null, finalEpisodes: 10}
      """.write(toFile: folder + "/es-adr.yaml", atomically: true, encoding: .utf8)
    var curves: [[String]] = []
    for threads in [1, 2] {
      let run = try TrainingRun.start(experimentFile: folder + "/es-adr.yaml", threads: threads, runsRoot: folder + "/runs")
      run.showProgress = false
      guard case .finished(let evaluation) = try run.train() else {
        Issue.record("the run did not finish")
        return
      }
      #expect(evaluation?.episodes == 10)
      let text = try String(contentsOfFile: run.directory.path + "/metrics.jsonl", encoding: .utf8)
      curves.append(text.split(separator: "\n").map { String($0[..<$0.range(of: ",\"stepsPerSecond\"")!.lowerBound]) })
    }
    #expect(curves[0].count == 30 && curves[0] == curves[1])
    // Every episode is pinned to a boundary, and a third of successes widens it: the range moves
    // (out on success, back in on failure), and the log shows it.
    let entropies = curves[0].map { line in
      Double(line.split(separator: ",").first { $0.hasPrefix("\"adrEntropy\":") }!.dropFirst("\"adrEntropy\":".count))!
    }
    #expect(Set(entropies).count > 1 && entropies.max()! > entropies.min()! + 1, "\(entropies)")
  }

  @Test func aRunFolderIsTrainedByOneProcessAtATime() throws {
    let folder = try temporaryDirectory("lock")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "task: {name: point-reach}\n".write(toFile: folder + "/e.yaml", atomically: true, encoding: .utf8)
    var first: TrainingRun? = try TrainingRun.start(experimentFile: folder + "/e.yaml", runsRoot: folder + "/runs")
    let path = first!.directory.path
    do {
      _ = try TrainingRun.resume(path)
      Issue.record("a second run object took a locked run folder")
    } catch {
      #expect(String(describing: error) == "\(path): another armature process is training this run")
    }
    first = nil
    #expect(try TrainingRun.resume(path).directory.path == path)
  }
}
