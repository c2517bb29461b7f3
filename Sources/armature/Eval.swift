import ArgumentParser
import ArmatureCore
import Experiments
import Foundation

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a policy on seeded episodes: success rate with its 95% confidence interval (Wilson), mean return and episode length.",
    discussion: "Evaluation episodes never coincide with training episodes (their seeds live in another half of the seed space).")

  @Option(help: "A policy file, or 'expert' for the task's scripted expert.") var policy: String
  @Option(help: "The task (default: the one the policy was trained on).") var task: String?
  @Option(help: "Episodes.") var episodes: Int = ExperimentDefaults.finalEvaluationEpisodes
  @Option(help: "Randomization: 'default' (the task's), 'none', or a randomization file.") var randomization: String = "default"
  @Option(help: "Control steps per episode (default: the task's).") var episodeSteps: Int?
  @Option(help: "Seed of the evaluation episodes.") var seed: UInt64 = ExperimentDefaults.evaluationSeed
  @Option(help: "Threads (results do not depend on it).") var threads: Int?
  @Flag(help: "Print JSON: {task, policy, episodes, successes, successRate, confidenceInterval {level, low, high, method}, meanReturn, meanEpisodeLength, seed}.")
  var json = false
  @Flag(help: "No progress bar.") var quiet = false
  @Option(help: "Also write a contact sheet of evaluation episode 0 (task-camera frames) to this PNG file.")
  var frames: String?

  func validate() throws {
    if episodes < 1 { throw ValidationError("--episodes must be at least 1") }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    if let episodeSteps, episodeSteps < 1 { throw ValidationError("--episode-steps must be at least 1") }
  }

  func run() throws {
    do {
      let source = PolicySource(policy)
      guard let taskName = try task ?? source.trainedTask() else {
        throw ValidationError("--task is required with --policy expert")
      }
      let evaluation = PolicyEvaluation(
        task: taskName, policy: source, randomization: RandomizationChoice(words: randomization), episodeSteps: episodeSteps,
        episodes: episodes, seed: seed, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
      let (evaluator, makePolicy) = try evaluation.prepare()
      if let frames {
        // Before the long part, so that a task without a camera fails at once.
        let sheet = try EpisodeContactSheet.make(evaluator: evaluator, policy: makePolicy(), seed: seed)
        try EpisodeContactSheet.write(sheet, to: frames)
        var stderr = StandardError()
        print("wrote \(frames) (\(sheet.width) × \(sheet.height))", to: &stderr)
      }
      let bar = quiet ? nil : ProgressBar(total: Double(episodes), unit: "episodes")
      let result = try evaluator.evaluate(
        episodes: episodes, seed: seed, policyName: source.name, makePolicy: makePolicy,
        progress: bar.map { bar in { @Sendable done in bar.update(Double(done)) } })
      bar?.finish(Double(episodes))
      print(json ? result.json.serialized() : result.summary)
    } catch let e as ValidationError {
      throw e
    } catch {
      throw fail(error)
    }
  }
}
