import ArgumentParser
import ArmatureCore
import Foundation
import EnvInterface
import Randomization
import Tasks

struct TasksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tasks", abstract: "List the registered tasks with their spaces and instructions.")

  @Flag(help: "Print JSON: {\"tasks\":[{name, summary, episodeSteps, controlRate, successCondition, initialState, instruction, observation:[{name,size}], action:[{name,size}], cameras:[...], randomizable:[...], parameters:[{name, nominal, valid:[low,high], summary}]}]} (null bounds are unbounded).")
  var json = false

  func run() throws {
    do {
      var entries: [JSONValue] = []
      var text: [String] = []
      for entry in TaskRegistry.entries {
        let d = entry.description
        let env = try entry.make(TaskOptions())
        _ = try env.reset(seed: 0)
        func components(_ space: BoxSpace) -> JSONValue {
          .array(space.components.map { .object([("name", .string($0.name)), ("size", .integer($0.range.count))]) })
        }
        entries.append(
          .object([
            ("name", .string(d.name)), ("summary", .string(d.summary)), ("episodeSteps", .integer(d.episodeSteps)),
            ("controlRate", .number(d.controlRate)), ("successCondition", .string(d.successCondition)),
            ("initialState", .string(d.initialState)), ("instruction", .string(env.instruction)),
            ("observation", components(env.observationSpace)), ("action", components(env.actionSpace)),
            ("cameras", .array(env.cameraNames.map { .string($0) })),
            ("randomizable", .array(env.randomizableParameters.map { .string($0.name) })),
            ("parameters", .array(env.randomizableParameters.map(parameterJSON))),
          ]))
        let obs = env.observationSpace.components.map { "\($0.name)[\($0.range.count)]" }.joined(separator: " ")
        let act = env.actionSpace.components.map { "\($0.name)[\($0.range.count)]" }.joined(separator: " ")
        text.append(
          """
          \(d.name): \(d.summary)
            episodes: \(d.episodeSteps) steps at \(JSONValue.number(d.controlRate).serialized()) Hz; success: \(d.successCondition)
            initial state: \(d.initialState)
            observation (\(env.observationSpace.count)): \(obs)
            action (\(env.actionSpace.count)): \(act)
            instruction, e.g.: "\(env.instruction)"
            cameras: \(env.cameraNames.isEmpty ? "none" : env.cameraNames.joined(separator: ", "))
            randomizable: \(env.randomizableParameters.map(\.name).joined(separator: " "))
          """)
      }
      print(json ? JSONValue.object([("tasks", .array(entries))]).serialized() : text.joined(separator: "\n\n"))
    } catch {
      throw fail(error)
    }
  }
}

/// One randomizable parameter as JSON: name, nominal value(s), valid range, meaning.
private func parameterJSON(_ p: RandomizableParameter) -> JSONValue {
  func bound(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
  return .object([
    ("name", .string(p.name)), ("nominal", .array(p.nominal.map { .number($0) })),
    ("valid", .array([bound(p.valid.lowerBound), bound(p.valid.upperBound)])), ("summary", .string(p.summary)),
  ])
}
