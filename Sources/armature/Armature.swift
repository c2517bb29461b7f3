import ArgumentParser
import ArmatureCore
import Foundation

@main
struct Armature: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "armature",
    abstract: "Robot-learning simulation: physics, tasks, training, evaluation and hardware replay.",
    subcommands: [
      Sim.self, Validate.self, DumpConfig.self, Bench.self, TasksCommand.self, Robot.self, Render.self, TwinCommand.self, ReplayCommand.self, Train.self, Eval.self, RenderEpisode.self,
    ])
}

/// Prints located errors one per line on standard error and exits with status 1.
func fail(_ error: any Error) -> ExitCode {
  var stderr = StandardError()
  print(String(describing: error), to: &stderr)
  return ExitCode(1)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
