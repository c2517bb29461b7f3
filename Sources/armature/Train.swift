import ArgumentParser
import ArmatureCore
import Experiments
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train an experiment in a new run folder, or resume a run.",
    discussion: """
      Makes runs/NAME-YYYYMMDD-HHMMSS/ with the resolved experiment, metrics (metrics.jsonl, metrics.csv), \
      checkpoints, the policy (policy.armature) and its evaluation (evaluation.json). Ctrl-C finishes the \
      iteration, writes a checkpoint and exits; --resume RUN_DIR continues with nothing lost (also after kill -9).
      """)

  @Argument(help: "The experiment file (YAML). Optional with --resume.") var experiment: String?
  @Option(help: "Seed (overrides the experiment's).") var seed: UInt64?
  @Option(help: "Threads (default: the experiment's, else every core). Results do not depend on it.") var threads: Int?
  @Option(help: "Continue the run in this folder from its last checkpoint.") var resume: String?
  @Option(help: "Folder in which to make the run folder.") var runs: String = ExperimentDefaults.runsDirectory
  @Flag(help: "No progress bar.") var quiet = false
  @Option(help: ArgumentHelp("Raise SIGINT after this iteration (tests).", visibility: .hidden)) var testInterruptAfter: Int?
  @Option(help: ArgumentHelp("Raise SIGKILL after this iteration (tests).", visibility: .hidden)) var testKillAfter: Int?

  func validate() throws {
    if resume == nil && experiment == nil { throw ValidationError("give an experiment file, or --resume RUN_DIR") }
    if resume != nil && seed != nil { throw ValidationError("--seed cannot change a run being resumed") }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
  }

  func run() throws {
    let run: TrainingRun
    do {
      if let resume {
        run = try TrainingRun.resume(resume, threads: threads)
        if let experiment { try run.checkSameExperiment(experimentFile: experiment) }
      } else {
        run = try TrainingRun.start(experimentFile: experiment!, seed: seed, threads: threads, runsRoot: runs)
      }
    } catch {
      throw fail(error)
    }
    print("run folder: \(run.directory.path)")
    fflush(nil)  // the folder name must reach a pipe even if the process is killed later
    run.showProgress = !quiet
    run.log = { message in
      var stderr = StandardError()
      print(message, to: &stderr)
    }
    let interruptAfter = testInterruptAfter
    let killAfter = testKillAfter
    run.afterIteration = { iteration in
      if iteration == interruptAfter { raise(SIGINT) }
      if iteration == killAfter { raise(SIGKILL) }
    }
    InterruptSignal.install()
    do {
      switch try run.train() {
      case .finished(let evaluation):
        if let p = run.lastProgress {
          print(
            "trained \(p.environmentSteps) \(p.algorithm == "bc" ? "samples" : "environment steps") in \(p.iteration) iterations, "
              + String(format: "%.1f s wall-clock (periodic evaluations included)", p.elapsedSeconds))
        }
        print("policy: \(run.directory.policy)")
        if let evaluation { print(evaluation.summary) }
      case .stopped(let iteration):
        var stderr = StandardError()
        let point = iteration.map { "after iteration \($0) (checkpoint written)" } ?? "(behaviour cloning restarts when resumed)"
        print("stopped \(point); continue with: armature train --resume \(run.directory.path)", to: &stderr)
        throw ExitCode(130)
      case .alreadyFinished:
        print("the run had finished; nothing to do")
      }
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw fail(error)
    }
  }
}
