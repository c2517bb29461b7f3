import ArgumentParser
import ArmatureCore
import Experiments
import Foundation

struct RenderEpisode: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render-episode",
    abstract: "Write a contact sheet of one episode seen from the task camera.")

  @Option(help: "The task.") var task: String
  @Option(help: "A policy file, or 'expert' for the task's scripted expert.") var policy: String = "expert"
  @Option(help: "The episode's seed (evaluation seeding, as armature eval --seed).") var seed: UInt64 = ExperimentDefaults.evaluationSeed
  @Option(help: "Randomization: 'default', 'none', or a randomization file.") var randomization: String = "default"
  @Option(help: "Most frames on the sheet (evenly spaced steps).") var maxFrames: Int = 16
  @Option(help: "The PNG file to write.") var out: String

  func validate() throws {
    guard maxFrames >= 1 else { throw ValidationError("--max-frames must be at least 1") }
  }

  func run() throws {
    do {
      let evaluation = PolicyEvaluation(
        task: task, policy: PolicySource(policy), randomization: RandomizationChoice(words: randomization), episodeSteps: nil,
        episodes: 1, seed: seed, threads: 1)
      let (evaluator, makePolicy) = try evaluation.prepare()
      let sheet = try EpisodeContactSheet.make(evaluator: evaluator, policy: makePolicy(), seed: seed, maxFrames: maxFrames)
      try EpisodeContactSheet.write(sheet, to: out)
      print("wrote \(out) (\(sheet.width) × \(sheet.height))")
    } catch {
      throw fail(error)
    }
  }
}
