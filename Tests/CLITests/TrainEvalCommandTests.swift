import ArmatureCore
import Experiments
import Foundation
import Rendering
import Testing
import _TestSupport

/// The run folder a `train` command printed.
private func runFolder(_ result: CommandResult) throws -> String {
  let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("run folder: ") }, "\(result.stdout)\(result.stderr)")
  return String(line.dropFirst("run folder: ".count))
}

/// The metrics lines of a run, as text without their wall-clock fields (the last two keys), so
/// that comparisons are of the exact bits written.
private func curve(_ folder: String) throws -> [String] {
  let text = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
  return try text.split(separator: "\n").map { line in
    let cut = try #require(line.range(of: ",\"stepsPerSecond\":"), "\(line)")
    return String(line[..<cut.lowerBound])
  }
}

/// The metrics rows of a run, parsed.
private func rows(_ folder: String) throws -> [[String: JSONScalar]] {
  let text = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
  return try text.split(separator: "\n").map { try JSONDecoder().decode(JSONScalar.self, from: Data($0.utf8)).flattened() }
}

private func jsonObject(_ path: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
}

/// A JSON value read with `JSONDecoder`, which parses numbers exactly (Foundation's
/// `JSONSerialization` may be off by one unit in the last place).
private indirect enum JSONScalar: Decodable, Equatable {
  case null, bool(Bool), number(Double), string(String), object([String: JSONScalar])

  init(from decoder: any Decoder) throws {
    if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
      var members: [String: JSONScalar] = [:]
      for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONScalar.self, forKey: key) }
      self = .object(members)
      return
    }
    let single = try decoder.singleValueContainer()
    if single.decodeNil() {
      self = .null
    } else if let b = try? single.decode(Bool.self) {
      self = .bool(b)
    } else if let d = try? single.decode(Double.self) {
      self = .number(d)
    } else {
      self = .string(try single.decode(String.self))
    }
  }

  /// `key.sub` → value for nested objects.
  func flattened(prefix: String = "") -> [String: JSONScalar] {
    guard case .object(let members) = self else { return [prefix: self] }
    var out: [String: JSONScalar] = [:]
    for (k, v) in members { out.merge(v.flattened(prefix: prefix.isEmpty ? k : prefix + "." + k)) { a, _ in a } }
    return out
  }

  var number: Double? { if case .number(let d) = self { return d } else { return nil } }
}

private struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

@Suite(.serialized) struct TrainEvalCommandTests {
  @Test func trainingWritesTheRunAndItsPolicySucceeds() throws {
    let runs = try temporaryDirectory("train")
    defer { try? FileManager.default.removeItem(atPath: runs) }
    let result = try runArmature(["train", "Experiments/point-reach.yaml", "--runs", runs, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let folder = try runFolder(result)
    #expect(folder.hasPrefix(runs + "/point-reach-"))
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
    #expect(
      files.isSuperset(of: [
        "experiment.yaml", "run.json", "metrics.jsonl", "metrics.csv", "checkpoint.json", "checkpoints", "policy.armature",
        "evaluation.json",
      ]), "\(files)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/checkpoints") == ["trainer-000048.ckpt"])
    #expect(try jsonObject(folder + "/run.json")["status"] as? String == "finished")
    let checkpoint = try jsonObject(folder + "/checkpoint.json")
    #expect(checkpoint["iteration"] as? Int == 48 && checkpoint["trainingComplete"] as? Bool == true)

    // JSON lines and CSV hold the same rows.
    let jsonLines = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
    let csvLines = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8).split(separator: "\n")
    #expect(jsonLines.count == 48 && csvLines.count == 49)
    let header = csvLines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    for (object, row) in zip(try rows(folder), csvLines.dropFirst()) {
      let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      #expect(cells.count == header.count && Set(object.keys) == Set(header))
      for (name, cell) in zip(header, cells) {
        if object[name] == .null {
          #expect(cell.isEmpty, "\(name)")
        } else {
          #expect(Double(cell) == object[name]?.number, "\(name): \(cell) vs \(String(describing: object[name]))")
        }
      }
    }
    #expect(header.contains("losses.policy") && header.contains("approximateKL") && header.contains("adrEntropy"))
    #expect(header.contains("evaluationSuccessRate") && header.contains("stepsPerSecond"))
    // Periodic evaluations every 8192 steps: after iterations 8, 16, …, 48.
    let parsed = try rows(folder)
    let evaluated = parsed.filter { $0["evaluationSuccessRate"] != .null }.compactMap { $0["iteration"]?.number }
    #expect(evaluated == [8, 16, 24, 32, 40, 48])
    #expect((parsed.last!["successRate"]?.number ?? 0) >= 0.9)
    #expect((parsed.first!["successRate"]?.number ?? 1) < 0.5)

    // `armature eval` on the policy repeats the run's own final evaluation (same seed, episodes).
    let eval = try runArmature(["eval", "--policy", folder + "/policy.armature", "--episodes", "200", "--json", "--quiet"])
    #expect(eval.status == 0, "\(eval.stderr)")
    let measured = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
    let final = try jsonObject(folder + "/evaluation.json")
    for key in ["successes", "successRate", "meanReturn", "meanEpisodeLength", "confidenceInterval"] {
      #expect(NSDictionary(dictionary: measured).value(forKey: key) as? NSObject == NSDictionary(dictionary: final).value(forKey: key) as? NSObject, "\(key)")
    }
    let rate = try #require(measured["successRate"] as? Double)
    #expect(rate >= 0.9, "eval success \(rate)")
  }

  @Test func sameSeedSameCurveAndAKilledInterruptedResumedRunLosesNothing() throws {
    let runs = try temporaryDirectory("resume")
    defer { try? FileManager.default.removeItem(atPath: runs) }
    let straight = try runArmature(["train", "Experiments/point-reach.yaml", "--runs", runs + "/straight", "--threads", "1", "--quiet"])
    #expect(straight.status == 0, "\(straight.stderr)")
    let straightFolder = try runFolder(straight)

    // kill -9 after iteration 11: the checkpoint of iteration 8 survives, rows 9–11 are extra.
    let killed = try runArmature(["train", "Experiments/point-reach.yaml", "--runs", runs + "/resumed", "--threads", "2", "--quiet", "--test-kill-after", "11"])
    #expect(killed.status == 9, "\(killed.stderr)")
    let folder = try runFolder(killed)
    #expect(try curve(folder).count == 11)
    #expect(try jsonObject(folder + "/checkpoint.json")["iteration"] as? Int == 8)
    // Ctrl-C after iteration 20: finishes the iteration, writes a checkpoint, exits 130.
    let interrupted = try runArmature(["train", "--resume", folder, "--quiet", "--test-interrupt-after", "20"])
    #expect(interrupted.status == 130, "\(interrupted.stderr)")
    #expect(interrupted.stderr.contains("stopped after iteration 20") && interrupted.stderr.contains("--resume \(folder)"))
    #expect(try jsonObject(folder + "/run.json")["status"] as? String == "stopped")
    #expect(try jsonObject(folder + "/checkpoint.json")["iteration"] as? Int == 20)
    #expect(try curve(folder).count == 20)
    // Resume to the end (with the experiment file named too, which must match).
    let resumed = try runArmature(["train", "Experiments/point-reach.yaml", "--resume", folder, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try curve(folder) == curve(straightFolder))
    // The learning curve is drawn from the deterministic fields: the same picture, byte for byte.
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: folder + "/learning-curve.png"))
        == Data(contentsOf: URL(fileURLWithPath: straightFolder + "/learning-curve.png")))
    #expect(try PNG.read(file: folder + "/learning-curve.png").height == 2 * 260)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: folder + "/policy.armature"))
        == Data(contentsOf: URL(fileURLWithPath: straightFolder + "/policy.armature")))
    // A finished run has nothing left to do; another experiment cannot resume it.
    let again = try runArmature(["train", "--resume", folder, "--quiet"])
    #expect(again.status == 0 && again.stdout.contains("nothing to do"))
    let other = try runArmature(["train", "Experiments/point-reach-adr.yaml", "--resume", folder, "--quiet"])
    #expect(other.status == 1 && other.stderr.contains("is not the experiment of the run"), "\(other.stderr)")
  }

  @Test func adrEntropyIsLoggedAndTheRangesSurviveAResume() throws {
    let folder = try temporaryDirectory("adr")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let experiment = folder + "/adr.yaml"
    try """
      task: {name: point-reach}
      randomization:
        parameters:
          - {name: actuator.gain, distribution: uniform, range: [0.3, 2], adr: true, adrStep: 0.05}
          - {name: point.response, distribution: uniform, range: [0.4, 1.6], adr: true, adrStep: 0.05}
        adr: {bufferSize: 5, boundaryProbability: 0.5}
      ppo: {environments: 8, rolloutSteps: 64, minibatchSize: 128}
      budget: {environmentSteps: 15360}
      evaluation: {everySteps: 5120, episodes: 10, finalEpisodes: 20}
      checkpoints: {everyIterations: 5}
      """.write(toFile: experiment, atomically: true, encoding: .utf8)
    let straight = try run(armatureExecutable(), ["train", experiment, "--runs", folder + "/a", "--quiet"])
    #expect(straight.status == 0, "\(straight.stderr)")
    let a = try runFolder(straight)
    let killed = try run(armatureExecutable(), ["train", experiment, "--runs", folder + "/b", "--quiet", "--test-kill-after", "13"])
    #expect(killed.status == 9)
    let b = try runFolder(killed)
    let resumed = try run(armatureExecutable(), ["train", "--resume", b, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try curve(a).count == 30)
    #expect(try curve(b) == curve(a))
    // The entropy starts from the point ranges and rises as the policy succeeds at the ends.
    let entropy = try rows(a).map { $0["adrEntropy"]?.number ?? .nan }
    #expect(entropy.allSatisfy { $0.isFinite })
    #expect(entropy.last! > entropy.first! + 1, "\(entropy)")
    // Both runs end with the same ADR ranges and score buffers.
    let adrA = try #require(try jsonObject(a + "/checkpoint.json")["adr"] as? [String: Any])
    let adrB = try #require(try jsonObject(b + "/checkpoint.json")["adr"] as? [String: Any])
    #expect(NSDictionary(dictionary: adrA) == NSDictionary(dictionary: adrB))
    // Three panels with ADR, identical bytes.
    let png = try Data(contentsOf: URL(fileURLWithPath: a + "/learning-curve.png"))
    #expect(png == (try Data(contentsOf: URL(fileURLWithPath: b + "/learning-curve.png"))))
    #expect(try PNG.decode(png).height == 3 * 260)
  }

  @Test func esAndBehaviourCloningRunsFinishAndResume() throws {
    let folder = try temporaryDirectory("es-bc")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try """
      task: {name: point-reach}
      algorithm: es
      es: {iterations: 8, populationPairs: 8, episodesPerCandidate: 1}
      evaluation: {everySteps: 1000, episodes: 10, finalEpisodes: 10}
      checkpoints: {everyIterations: 3}
      """.write(toFile: folder + "/es.yaml", atomically: true, encoding: .utf8)
    let straight = try run(armatureExecutable(), ["train", folder + "/es.yaml", "--runs", folder + "/a", "--quiet", "--threads", "2"])
    #expect(straight.status == 0, "\(straight.stderr)")
    let killed = try run(armatureExecutable(), ["train", folder + "/es.yaml", "--runs", folder + "/b", "--quiet", "--test-kill-after", "5", "--threads", "1"])
    #expect(killed.status == 9)
    let resumed = try run(armatureExecutable(), ["train", "--resume", try runFolder(killed), "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try curve(runFolder(straight)).count == 8)
    #expect(try curve(runFolder(straight)) == curve(runFolder(killed)))

    try """
      task: {name: point-reach}
      algorithm: bc
      bc: {epochs: 40}
      demonstrations: {episodes: 100}
      evaluation: {finalEpisodes: 100}
      """.write(toFile: folder + "/bc.yaml", atomically: true, encoding: .utf8)
    let bc = try run(armatureExecutable(), ["train", folder + "/bc.yaml", "--runs", folder + "/c", "--quiet"])
    #expect(bc.status == 0, "\(bc.stderr)")
    let evaluation = try jsonObject(try runFolder(bc) + "/evaluation.json")
    #expect(((evaluation["successRate"] as? Double) ?? 0) >= 0.9, "\(evaluation)")
    #expect(try curve(runFolder(bc)).count == 40)
  }

  @Test func aWallClockBudgetEndsTheRunWithAPolicy() throws {
    let folder = try temporaryDirectory("wall")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try """
      task: {name: point-reach}
      budget: {environmentSteps: 100000000, wallSeconds: 0.5}
      evaluation: {everySteps: null, finalEpisodes: 10}
      """.write(toFile: folder + "/wall.yaml", atomically: true, encoding: .utf8)
    let result = try run(armatureExecutable(), ["train", folder + "/wall.yaml", "--runs", folder, "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let run = try runFolder(result)
    #expect(try jsonObject(run + "/run.json")["status"] as? String == "finished")
    #expect(FileManager.default.fileExists(atPath: run + "/policy.armature"))
    let last = try #require(try rows(run).last)
    #expect((last["elapsedSeconds"]?.number ?? 0) >= 0.5)
    #expect((last["environmentSteps"]?.number ?? .infinity) < 100_000_000)
  }

  @Test func evalJSONHasTheDocumentedShapeAndWilsonInterval() throws {
    let one = try runArmature(["eval", "--policy", "expert", "--task", "point-reach", "--episodes", "40", "--json", "--threads", "1", "--quiet"])
    let two = try runArmature(["eval", "--policy", "expert", "--task", "point-reach", "--episodes", "40", "--json", "--threads", "2", "--quiet"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout == two.stdout)
    #expect(one.stdout.hasPrefix("{\"task\":\"point-reach\",\"policy\":\"expert\",\"episodes\":40,\"successes\":"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
    #expect(Set(json.keys) == ["task", "policy", "episodes", "successes", "successRate", "confidenceInterval", "meanReturn", "meanEpisodeLength", "seed"])
    let successes = try #require(json["successes"] as? Int)
    #expect(successes >= 39)
    let expected = ConfidenceInterval.wilson(successes: successes, trials: 40)
    let interval = "\"confidenceInterval\":{\"level\":0.95,\"low\":\(JSONValue.number(expected.low).serialized()),"
      + "\"high\":\(JSONValue.number(expected.high).serialized()),\"method\":\"wilson\"}"
    #expect(one.stdout.contains(interval), "\(one.stdout) lacks \(interval)")
    // The text form says the same.
    let text = try runArmature(["eval", "--policy", "expert", "--task", "point-reach", "--episodes", "40", "--quiet"])
    #expect(text.stdout.hasPrefix("point-reach: success ") && text.stdout.contains("95% CI ["), "\(text.stdout)")
  }

  @Test func framesWriteAContactSheetOfTheFirstEvaluationEpisode() throws {
    let folder = try temporaryDirectory("frames")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runArmature(["eval", "--policy", "expert", "--task", "point-reach", "--episodes", "3", "--frames", folder + "/sheet.png", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    let sheet = try PNG.read(file: folder + "/sheet.png")
    // 160 × 120 frames with a 12-pixel label row, 4 pixels apart, up to 8 to a row: one row of n.
    let n = (sheet.width - 4) / 164
    #expect(n >= 2 && n <= 8 && sheet.width == n * 164 + 4 && sheet.height == 140, "\(sheet.width) × \(sheet.height)")
    // The same frames whatever the thread count.
    let again = try runArmature(["eval", "--policy", "expert", "--task", "point-reach", "--episodes", "3", "--threads", "1", "--frames", folder + "/again.png", "--quiet"])
    #expect(again.status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/sheet.png")) == Data(contentsOf: URL(fileURLWithPath: folder + "/again.png")))
  }

  @Test func badInputGetsClearErrors() throws {
    let folder = try temporaryDirectory("errors")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "task: {name: point-reach}\nppo:\n  epochs: -1\n".write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
    let bad = try runArmature(["train", folder + "/bad.yaml", "--runs", folder + "/runs"])
    #expect(bad.status == 1 && bad.stderr.contains(folder + "/bad.yaml:3: ppo.epochs: expected a positive integer, got -1"), "\(bad.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/runs"))
    let notRun = try runArmature(["train", "--resume", folder])
    #expect(notRun.status == 1 && notRun.stderr.contains("is not a run folder"), "\(notRun.stderr)")
    let noTask = try runArmature(["eval", "--policy", "expert"])
    #expect(noTask.status != 0 && noTask.stderr.contains("--task is required"), "\(noTask.stderr)")
    let unknown = try runArmature(["eval", "--policy", "expert", "--task", "reech"])
    #expect(unknown.status == 1 && unknown.stderr.contains("unknown task 'reech'; the tasks are: point-reach"), "\(unknown.stderr)")
    let missing = try runArmature(["eval", "--policy", folder + "/none.armature", "--task", "point-reach"])
    #expect(missing.status == 1 && missing.stderr.contains(folder + "/none.armature"), "\(missing.stderr)")
  }

  @Test func dumpConfigPrintsADefaultedExperimentThatReadsBack() throws {
    let result = try runArmature(["dump-config", "experiment"])
    #expect(result.status == 0)
    #expect(try ExperimentConfig.decode(yaml: result.stdout) == ExperimentConfig.example)
    #expect(result.stdout.contains("algorithm: ppo") && result.stdout.contains("targetKL: 0.05"))
    // Every shipped experiment file is valid, the template included.
    let folder = repositoryRoot().appendingPathComponent("Experiments")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.contains("TEMPLATE.yaml") && files.contains("cube-push.yaml"), "\(files)")
    for file in files {
      _ = try ExperimentConfig.load(file: folder.appendingPathComponent(file).path)
    }
  }
}

@Suite struct ShippedPolicyTests {
  /// Every row of Policies/README.md: the policy file exists, and `armature eval` measures
  /// exactly the stated successes on the stated task.
  @Test func everyShippedPolicyScoresWhatItsReadmeLineSays() throws {
    let readme = try String(contentsOf: repositoryRoot().appendingPathComponent("Policies/README.md"), encoding: .utf8)
    let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
    #expect(!rows.isEmpty)
    for row in rows {
      let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let file = "Policies/" + cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let task = cells[1]
      let claim = try #require(cells[2].firstMatch(of: /\((\d+)\/(\d+)\)/), "\(row)")
      let result = try runArmature(["eval", "--policy", file, "--task", task, "--episodes", String(claim.2), "--json", "--quiet"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.contains("\"episodes\":\(claim.2),\"successes\":\(claim.1),"), "\(file): \(result.stdout)")
      let experiment = try #require(cells[3].firstMatch(of: /armature train (\S+\.yaml)/), "\(row)")
      #expect(FileManager.default.fileExists(atPath: repositoryRoot().appendingPathComponent(String(experiment.1)).path))
    }
  }
}
