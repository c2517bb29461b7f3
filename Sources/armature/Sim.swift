import ArgumentParser
import ArmatureCore
import Physics
import SceneDescription

struct Sim: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a scene for a number of physics steps and print every free body's final state.")

  @Argument(help: "The scene file (YAML).") var scene: String
  @Option(help: "Number of physics steps.") var steps: Int = 500
  @Option(help: "Seed for ODE's random generator.") var seed: UInt64 = 0
  @Flag(help: "Print JSON: {\"steps\",\"time\",\"bodies\":{NAME:{position,quaternion,linearVelocity,angularVelocity}}}.")
  var json = false

  func validate() throws {
    guard steps >= 0 else { throw ValidationError("--steps must be ≥ 0") }
  }

  func run() throws {
    do {
      let description = try Scene.load(file: scene)
      let world = try World(scene: description, seed: seed)
      try world.step(count: steps)
      print(json ? report(world).serialized() : table(world))
    } catch {
      throw fail(error)
    }
  }

  private func report(_ world: World) -> JSONValue {
    .object([
      ("steps", .integer(world.stepCount)),
      ("time", .number(world.time)),
      (
        "bodies",
        .object(
          world.bodyIDs.map { id in
            let pose = world.pose(of: id)
            return (
              world.name(of: id),
              .object([
                ("position", .numbers(pose.position.array)),
                ("quaternion", .numbers(pose.orientation.array)),
                ("linearVelocity", .numbers(world.linearVelocity(of: id).array)),
                ("angularVelocity", .numbers(world.angularVelocity(of: id).array)),
              ])
            )
          })
      ),
    ])
  }

  private func table(_ world: World) -> String {
    func f(_ v: [Double]) -> String { v.map { String(format: "%+.5f", $0) }.joined(separator: " ") }
    var lines = ["\(world.stepCount) steps, t = \(String(format: "%.4f", world.time)) s"]
    for id in world.bodyIDs {
      let pose = world.pose(of: id)
      lines.append("\(world.name(of: id)):")
      lines.append("  position          \(f(pose.position.array))")
      lines.append("  quaternion        \(f(pose.orientation.array))")
      lines.append("  linear velocity   \(f(world.linearVelocity(of: id).array))")
      lines.append("  angular velocity  \(f(world.angularVelocity(of: id).array))")
    }
    return lines.joined(separator: "\n")
  }
}
