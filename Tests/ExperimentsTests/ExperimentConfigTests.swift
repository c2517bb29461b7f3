import ArmatureCore
import Experiments
import Foundation
import RL
import Randomization
import Tasks
import Testing
import _TestSupport

/// The text of the error `body` throws (an issue is recorded when it throws none).
private func errorText(_ body: () throws -> Void) -> String {
  do {
    try body()
    Issue.record("expected an error")
    return ""
  } catch {
    return String(describing: error)
  }
}

@Suite struct ExperimentConfigTests {
  @Test func aMinimalFileTakesEveryDefault() throws {
    let config = try ExperimentConfig.decode(yaml: "task:\n  name: point-reach\n")
    #expect(config == ExperimentConfig())
    #expect(config.algorithm == .ppo && config.randomization == .taskDefault)
    #expect(config.ppo == PPOConfig())
    #expect(config.budget.environmentSteps == RLDefaults.totalEnvironmentSteps)
    #expect(config.environmentStepBudget == RLDefaults.totalEnvironmentSteps)
    #expect(config.evaluation.everySteps == ExperimentDefaults.evaluationEverySteps)
    #expect(config.evaluation.finalEpisodes == 200 && config.threads == nil && config.seed == 0)
  }

  @Test func writtenExperimentsReadBackEqual() throws {
    var es = ExperimentConfig()
    es.algorithm = .es
    es.es.iterations = 17
    es.budget = BudgetSettings(environmentSteps: nil, wallSeconds: 12.5)
    es.randomization = .inline(
      RandomizationSpec(parameters: [
        ParameterRandomization(name: "actuator.gain", distribution: .uniform(low: 0.5, high: 1.5), adr: true, adrStep: 0.1)
      ]))
    var bc = ExperimentConfig()
    bc.algorithm = .bc
    bc.budget.environmentSteps = nil
    bc.evaluation.everySteps = nil
    bc.demonstrations = DemonstrationSettings(episodes: 30, onlySuccessful: false)
    var ppo = ExperimentConfig.example
    ppo.ppo.targetKL = nil  // null must survive the round trip, not become the default
    ppo.ppo.valueClipRange = 0.3
    ppo.task.episodeSteps = 30
    ppo.evaluation.everySteps = nil
    ppo.threads = 3
    ppo.randomization = .none
    for config in [ExperimentConfig.example, es, bc, ppo] {
      let yaml = try config.yaml()
      #expect(try ExperimentConfig.decode(yaml: yaml) == config, "\(yaml)")
    }
    // The example spells out every key.
    let example = try ExperimentConfig.example.yaml()
    for key in ["targetKL:", "valueClipRange: null", "wallSeconds: null", "everySteps:", "finalEpisodes:", "everyIterations:"] {
      #expect(example.contains(key), "dump-config lacks \(key)")
    }
  }

  @Test func everyProblemIsReportedWithItsLineAndKeyPath() throws {
    let yaml = """
      version: 1
      task:
        name: point-reach
        episodeSteps: 0
      algorithm: ppo
      ppo:
        learningRate: 2
        learningRat: 0.1
      es:
        iterations: 3
      seed: 1
      budget:
        wallSeconds: -4
      evaluation:
        episodes: 0
      """
    let text = errorText { _ = try ExperimentConfig.decode(yaml: yaml, file: "x.yaml") }
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 6, "\(text)")
    #expect(lines.contains("x.yaml:4: task.episodeSteps: expected a positive integer or null, got 0"), "\(text)")
    #expect(lines.contains("x.yaml:7: ppo.learningRate: expected a number in (0, 1], got 2"), "\(text)")
    #expect(lines.contains { $0.hasPrefix("x.yaml:8: ppo.learningRat: unknown key 'learningRat'; expected one of:") }, "\(text)")
    #expect(lines.contains("x.yaml:9: es: settings for 'es', but the algorithm is 'ppo'"), "\(text)")
    #expect(lines.contains("x.yaml:13: budget.wallSeconds: expected a positive number or null, got -4"), "\(text)")
    #expect(lines.contains("x.yaml:15: evaluation.episodes: expected a positive integer, got 0"), "\(text)")
  }

  @Test func cameraImagesAreConfiguredInTheTaskSection() throws {
    let yaml = "task:\n  name: cube-push\n  cameras: [task, wrist]\n  images: [rgb, segmentation]\n  imageWidth: 64\n  imageHeight: 48\n"
    let config = try ExperimentConfig.decode(yaml: yaml)
    #expect(config.task.cameras == ["task", "wrist"] && config.task.images == [.rgb, .segmentation])
    #expect(try ExperimentConfig.decode(yaml: try config.yaml()) == config)
    let options = config.task.options(randomization: nil)
    #expect(options.cameras == ["task", "wrist"] && options.imageKinds == [.rgb, .segmentation])
    #expect(options.imageWidth == 64 && options.imageHeight == 48)
    let bad = errorText {
      _ = try ExperimentConfig.decode(
        yaml: "task:\n  name: cube-push\n  cameras: [task]\n  images: [rgb, colour]\n  imageWidth: 0\n", file: "c.yaml")
    }
    #expect(bad.contains("c.yaml:4: task.images") && bad.contains("colour"), "\(bad)")
    #expect(bad.contains("c.yaml:5: task.imageWidth: expected 1…4096 pixels or null, got 0"), "\(bad)")
  }

  @Test func randomizationFilesThatDoNotFitTheTaskNameFileAndEntry() throws {
    let folder = try temporaryDirectory("randomization")
    let file = folder + "/latency.yaml"
    let body = "version: 1\nparameters:\n  - name: table.friction\n    range: [0.5, 1.5]\n  - name: action.latency\n    range: [0, 3]\n"
    try body.write(toFile: file, atomically: true, encoding: .utf8)
    let reach = try TaskRegistry.entry("reach").description
    let scaled = errorText { _ = try RandomizationChoice.file(file).spec(for: reach) }
    #expect(scaled.hasPrefix(file + ":5: parameters[1]: randomization parameter 'action.latency' has nominal value 0"), "\(scaled)")
    #expect(scaled.contains("apply: offset"), "\(scaled)")
    let unknown = errorText { _ = try RandomizationChoice.file(file).spec(for: TaskRegistry.entry("point-reach").description) }
    #expect(unknown.hasPrefix(file + ":3: parameters[0]: unknown randomization parameter 'table.friction'"), "\(unknown)")
    // An experiment that names the file reports it in the file, too.
    let experiment = folder + "/reach.yaml"
    try "task: {name: reach}\nrandomization: latency.yaml\n".write(toFile: experiment, atomically: true, encoding: .utf8)
    let fromExperiment = errorText { _ = try ExperimentConfig.load(file: experiment) }
    #expect(fromExperiment.hasPrefix(file + ":5: parameters[1]: randomization parameter 'action.latency'"), "\(fromExperiment)")
    try body.replacingOccurrences(of: "range: [0, 3]", with: "range: [0, 3]\n    apply: offset").write(
      toFile: file, atomically: true, encoding: .utf8)
    #expect(try RandomizationChoice.file(file).spec(for: reach).parameters[1].apply == .offset)
    #expect(try ExperimentConfig.load(file: experiment).randomizationSpec().parameters[1].apply == .offset)
  }

  @Test func inlineRandomizationsThatDoNotFitTheTaskNameTheExperimentFileAndLine() throws {
    let folder = try temporaryDirectory("inline-randomization")
    let file = folder + "/push.yaml"
    let body = """
      task: {name: point-reach}
      randomization:
        version: 1
        parameters:
          - name: table.friction
            range: [0.5, 1.5]
      """
    try body.write(toFile: file, atomically: true, encoding: .utf8)
    let unknown = errorText { _ = try ExperimentConfig.load(file: file) }
    #expect(unknown.hasPrefix(file + ":5: randomization.parameters[0]: unknown randomization parameter 'table.friction'"), "\(unknown)")
    try body.replacingOccurrences(of: "point-reach", with: "reach").write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try ExperimentConfig.load(file: file).randomizationSpec().parameters.map(\.name) == ["table.friction"])
  }

  @Test func unknownTasksAlgorithmsAndConflictingBudgetsAreNamed() throws {
    let unknownTask = errorText { _ = try ExperimentConfig.decode(yaml: "task: {name: reech}\n", file: "t.yaml") }
    #expect(unknownTask.contains("t.yaml:1: task.name: unknown task 'reech'; the tasks are: point-reach"), "\(unknownTask)")
    let algorithm = errorText { _ = try ExperimentConfig.decode(yaml: "task: {name: point-reach}\nalgorithm: sac\n", file: "a.yaml") }
    #expect(algorithm.contains("a.yaml:2: algorithm: expected one of ppo, es, bc, got 'sac'"), "\(algorithm)")
    let missing = errorText { _ = try ExperimentConfig.decode(yaml: "seed: 3\n", file: "m.yaml") }
    #expect(missing.contains("m.yaml") && missing.contains("missing required key 'task'"), "\(missing)")
    let budget = errorText {
      _ = try ExperimentConfig.decode(
        yaml: "task: {name: point-reach}\nppo:\n  totalEnvironmentSteps: 5000\nbudget:\n  environmentSteps: 6000\n", file: "b.yaml")
    }
    #expect(budget.contains("b.yaml:5: budget.environmentSteps: 6000 differs from ppo.totalEnvironmentSteps (5000)"), "\(budget)")
    // One budget given either way is fine, and the trainer's total follows it.
    let a = try ExperimentConfig.decode(yaml: "task: {name: point-reach}\nbudget: {environmentSteps: 6000}\n")
    let b = try ExperimentConfig.decode(yaml: "task: {name: point-reach}\nppo: {totalEnvironmentSteps: 6000}\n")
    #expect(a == b && a.ppo.totalEnvironmentSteps == 6000 && a.environmentStepBudget == 6000)
    let bc = errorText {
      _ = try ExperimentConfig.decode(
        yaml: "task: {name: point-reach}\nalgorithm: bc\nevaluation: {everySteps: 100}\ndemonstrations: {episodes: 5}\n", file: "c.yaml")
    }
    #expect(bc.contains("c.yaml:3: evaluation.everySteps: behaviour cloning evaluates at the end only"), "\(bc)")
    let demonstrations = errorText {
      _ = try ExperimentConfig.decode(yaml: "task: {name: point-reach}\ndemonstrations: {episodes: 5}\n", file: "d.yaml")
    }
    #expect(demonstrations.contains("d.yaml:2: demonstrations: demonstrations are for algorithm 'bc'"), "\(demonstrations)")
  }

  @Test func randomizationFromAFileIsReadRelativeToTheExperimentAndErrorsNameTheirFile() throws {
    let folder = try temporaryDirectory("randomization")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/dr", withIntermediateDirectories: true)
    try """
      parameters:
        - name: actuator.gain
          distribution: uniform
          range: [0.5, 1.5]
      """.write(toFile: folder + "/dr/gain.yaml", atomically: true, encoding: .utf8)
    try "task: {name: point-reach}\nrandomization: dr/gain.yaml\n".write(toFile: folder + "/e.yaml", atomically: true, encoding: .utf8)
    let config = try ExperimentConfig.load(file: folder + "/e.yaml")
    guard case .inline(let spec) = config.randomization else {
      Issue.record("the file's randomization was not inlined: \(config.randomization)")
      return
    }
    #expect(spec.parameters.map(\.name) == ["actuator.gain"])
    #expect(spec.parameters[0].distribution == .uniform(low: 0.5, high: 1.5))
    // A missing file is named with the experiment's line; a bad one with its own file and key path.
    try "task: {name: point-reach}\nseed: 2\nrandomization: dr/none.yaml\n".write(
      toFile: folder + "/missing.yaml", atomically: true, encoding: .utf8)
    let missing = errorText { _ = try ExperimentConfig.load(file: folder + "/missing.yaml") }
    #expect(missing.contains(folder + "/missing.yaml:3: randomization: no such file '\(folder)/dr/none.yaml'"), "\(missing)")
    try "parameters:\n  - name: actuator.gain\n    distribution: uniform\n    range: [2, 1]\n".write(
      toFile: folder + "/dr/bad.yaml", atomically: true, encoding: .utf8)
    try "task: {name: point-reach}\nrandomization: dr/bad.yaml\n".write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
    let bad = errorText { _ = try ExperimentConfig.load(file: folder + "/bad.yaml") }
    #expect(bad.contains(folder + "/dr/bad.yaml:3: parameters[0].distribution:"), "\(bad)")
    // An inline spec is checked in place, with the experiment's key path.
    let inline = errorText {
      _ = try ExperimentConfig.decode(
        yaml: "task: {name: point-reach}\nrandomization:\n  parameters:\n    - name: actuator.gain\n      distribution: normal\n      std: 0.1\n      adr: true\n",
        file: "i.yaml")
    }
    #expect(inline.contains("i.yaml:7: randomization.parameters[0].adr: ADR widens uniform or log-uniform ranges only"), "\(inline)")
  }

  @Test func resolvingInlinesTheTaskDefaultAndFillsSeedAndThreads() throws {
    let config = try ExperimentConfig.decode(yaml: "task: {name: point-reach}\n")
    let resolved = try config.resolved(name: "file-name", seed: 42, threads: 3)
    #expect(resolved.name == "file-name" && resolved.seed == 42 && resolved.threads == 3)
    #expect(resolved.randomization == .inline(PointReachEnvironment.defaultRandomization))
    // The hash follows what determines results, not the name or thread count.
    var renamed = resolved
    renamed.name = "other"
    renamed.threads = 1
    #expect(renamed.hash == resolved.hash)
    var reseeded = resolved
    reseeded.seed = 43
    #expect(reseeded.hash != resolved.hash)
  }
}
