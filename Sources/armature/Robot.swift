import ArgumentParser
import ArmatureCore
import Foundation
import Kinematics
import SceneDescription

struct Robot: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Inspect URDF robots and compute their kinematics.",
    subcommands: [RobotInspect.self, RobotFK.self, RobotIK.self])
}

/// Options every `robot` subcommand takes.
struct RobotFileOptions: ParsableArguments {
  @Argument(help: "The URDF file.") var urdf: String

  @Option(
    name: .customLong("package-path"),
    help: ArgumentHelp(
      "A folder that holds ROS packages named in package:// URIs (repeatable); searched before ARMATURE_PACKAGE_PATH and the URDF's own folder.",
      valueName: "dir"))
  var packagePaths: [String] = []

  /// Loads the URDF, printing its warnings on standard error.
  func load() throws -> RobotDescription {
    let robot = try URDFLoader.load(file: urdf, packagePath: .withEnvironment(packagePaths))
    var stderr = StandardError()
    for w in robot.warnings { print("warning: \(w)", to: &stderr) }
    return robot
  }
}

/// Parses `a,b,c` into numbers, naming the option in the error.
func parseNumbers(_ text: String, option: String) throws -> [Double] {
  let words = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
  return try words.map { w in
    guard let v = Double(w), v.isFinite else {
      throw ValidationError("\(option): '\(w)' is not a number (expected comma-separated numbers)")
    }
    return v
  }
}

struct RobotInspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect", abstract: "Links, movable joints with their limits, and total mass of a URDF robot.")

  @OptionGroup var file: RobotFileOptions
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    do {
      let robot = try file.load()
      print(json ? RobotReport.json(robot).serialized() : RobotReport.text(robot))
    } catch {
      throw fail(error)
    }
  }
}

struct RobotFK: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fk", abstract: "The pose of every link of a URDF robot, relative to its root link.")

  @OptionGroup var file: RobotFileOptions
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Joint positions, comma-separated, in the URDF order of movable joints (mimic joints may be left out); zero if not given.",
      valueName: "v1,v2,…"))
  var q: String?
  @Flag(help: "Print JSON: {\"links\":{NAME:{\"position\":[x,y,z],\"quaternion\":[x,y,z,w]}}}.") var json = false

  func run() throws {
    do {
      let robot = try file.load()
      let model = try KinematicModel(robot)
      let values = try q.map { try parseNumbers($0, option: "--q") } ?? [Double](repeating: 0, count: model.dof)
      let coordinates = try RobotReport.coordinates(values, robot: robot, model: model)
      let poses = model.linkPoses(coordinates)
      if json {
        let links = model.linkNames.enumerated().map { i, name in
          (
            name,
            JSONValue.object([
              ("position", .numbers(poses[i].position.array)), ("quaternion", .numbers(poses[i].orientation.array)),
            ])
          )
        }
        print(JSONValue.object([("links", .object(links))]).serialized())
      } else {
        let width = model.linkNames.map(\.count).max() ?? 4
        for (i, name) in model.linkNames.enumerated() {
          let p = poses[i].position.array.map { String(format: "%+.6f", $0) }.joined(separator: " ")
          let o = poses[i].orientation.array.map { String(format: "%+.6f", $0) }.joined(separator: " ")
          print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  position \(p)  quaternion \(o)")
        }
      }
    } catch {
      throw fail(error)
    }
  }
}

struct RobotIK: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ik",
    abstract: "Joint positions that bring a link to a position (and orientation), by damped least squares within the joint limits; exits 1 if it does not converge.")

  @OptionGroup var file: RobotFileOptions
  @Option(help: "The link to place.") var link: String
  @Option(parsing: .unconditional, help: ArgumentHelp("Target position relative to the root link, metres.", valueName: "x,y,z"))
  var position: String
  @Option(parsing: .unconditional, help: ArgumentHelp("Target orientation as a quaternion.", valueName: "qx,qy,qz,qw"))
  var orientation: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("Start configuration (zero by default).", valueName: "v1,v2,…"))
  var initial: String?
  @Option(help: "Seed of the random restarts.") var seed: UInt64 = 0
  @Flag(help: "Print JSON: {\"converged\",\"joints\":{NAME:value},\"positionError\",\"orientationError\",\"iterations\",\"restarts\"}.")
  var json = false

  func run() throws {
    do {
      let robot = try file.load()
      let model = try KinematicModel(robot)
      guard let linkIndex = model.linkIndex(link) else {
        throw ValidationError("--link: the robot has no link '\(link)' (links: \(model.linkNames.joined(separator: ", ")))")
      }
      let p = try parseNumbers(position, option: "--position")
      guard p.count == 3 else { throw ValidationError("--position: expected 3 numbers, got \(p.count)") }
      var target = IKTarget.position(Vector3(p[0], p[1], p[2]))
      if let orientation {
        let o = try parseNumbers(orientation, option: "--orientation")
        guard o.count == 4, o.map({ $0 * $0 }).reduce(0, +) > 1e-12 else {
          throw ValidationError("--orientation: expected a nonzero quaternion qx,qy,qz,qw")
        }
        target = .pose(Pose(position: Vector3(p[0], p[1], p[2]), orientation: Quaternion(x: o[0], y: o[1], z: o[2], w: o[3]).normalized))
      }
      let start = try initial.map { try RobotReport.coordinates(parseNumbers($0, option: "--initial"), robot: robot, model: model) }
      var random = RandomStream(seed: seed)
      let result = try model.inverseKinematics(link: linkIndex, target: target, initial: start, random: &random)
      if json {
        print(
          JSONValue.object([
            ("converged", .bool(result.converged)),
            ("joints", .object(zip(model.variableNames, result.positions).map { ($0, .number($1)) })),
            ("positionError", .number(result.positionError)), ("orientationError", .number(result.orientationError)),
            ("iterations", .integer(result.iterations)), ("restarts", .integer(result.restarts)),
          ]).serialized())
      } else {
        let width = model.variableNames.map(\.count).max() ?? 4
        for (name, v) in zip(model.variableNames, result.positions) {
          print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%+.6f", v))
        }
        print(
          "\(result.converged ? "converged" : "did not converge"): position error \(String(format: "%.3g", result.positionError)) m, orientation error \(String(format: "%.3g", result.orientationError)) rad, \(result.iterations) iterations, \(result.restarts) restarts"
        )
      }
      if !result.converged { throw ExitCode(1) }
    } catch let e as ExitCode {
      throw e
    } catch {
      throw fail(error)
    }
  }
}

/// Text and JSON views of a robot description.
enum RobotReport {
  /// The independent coordinates from values given for them, or for every movable joint (mimic
  /// joints included, which must then agree with their leaders).
  static func coordinates(_ values: [Double], robot: RobotDescription, model: KinematicModel) throws -> [Double] {
    if values.count == model.dof { return values }
    let movable = robot.movableJoints
    guard values.count == movable.count else {
      throw ValidationError(
        "expected \(model.dof) joint positions (\(model.variableNames.joined(separator: ", ")))"
          + (movable.count != model.dof ? " or \(movable.count) with the mimic joints" : "") + ", got \(values.count)")
    }
    let byName = Dictionary(zip(movable.map(\.name), values), uniquingKeysWith: { a, _ in a })
    for j in movable {
      guard let m = j.mimic, let leader = byName[m.joint], let given = byName[j.name] else { continue }
      let expected = m.multiplier * leader + m.offset
      guard abs(given - expected) <= 1e-9 * max(1, abs(expected)) else {
        throw ValidationError(
          "joint '\(j.name)' mimics '\(m.joint)': its position must be \(expected), got \(given) (or leave mimic joints out)")
      }
    }
    return model.variableNames.map { byName[$0]! }
  }

  static func limitsText(_ j: RobotJoint) -> String {
    var parts: [String] = []
    if let r = j.positionRange {
      parts.append("[\(fmt(r.lowerBound)), \(fmt(r.upperBound))]\(j.kind == .prismatic ? " m" : " rad")")
    } else if j.kind == .continuous {
      parts.append("unbounded")
    }
    if let v = j.limits?.velocity { parts.append("velocity \(fmt(v))\(j.kind == .prismatic ? " m/s" : " rad/s")") }
    if let e = j.limits?.effort { parts.append("effort \(fmt(e))\(j.kind == .prismatic ? " N" : " N·m")") }
    if j.dynamics.damping > 0 { parts.append("damping \(fmt(j.dynamics.damping))") }
    if j.dynamics.friction > 0 { parts.append("friction \(fmt(j.dynamics.friction))") }
    if let m = j.mimic { parts.append("mimics \(m.joint) ×\(fmt(m.multiplier)) \(m.offset >= 0 ? "+" : "−") \(fmt(abs(m.offset)))") }
    return parts.joined(separator: ", ")
  }

  static func fmt(_ x: Double) -> String { String(format: "%.6g", x) }

  static func text(_ robot: RobotDescription) -> String {
    var lines = ["robot '\(robot.name)' (\(robot.file ?? "-"))", "root link: \(robot.rootLink)"]
    lines.append("links (\(robot.links.count)):")
    let lw = robot.links.map(\.name.count).max() ?? 4
    for l in robot.links {
      lines.append(
        "  " + l.name.padding(toLength: lw, withPad: " ", startingAt: 0)
          + "  mass \(fmt(l.mass)) kg, \(l.visuals.count) visual, \(l.collisions.count) collision")
    }
    let movable = robot.movableJoints
    lines.append("movable joints (\(movable.count), \(robot.independentJoints.count) independent):")
    let jw = movable.map(\.name.count).max() ?? 4
    for j in movable {
      lines.append(
        "  " + j.name.padding(toLength: jw, withPad: " ", startingAt: 0)
          + "  \(j.kind.rawValue) \(j.parent) → \(j.child)  \(limitsText(j))")
    }
    lines.append("fixed joints: \(robot.joints.count - movable.count)")
    lines.append("total mass: \(fmt(robot.totalMass)) kg")
    return lines.joined(separator: "\n")
  }

  static func json(_ robot: RobotDescription) -> JSONValue {
    func optional(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
    return .object([
      ("name", .string(robot.name)),
      ("root", .string(robot.rootLink)),
      (
        "links",
        .array(
          robot.links.map { l in
            .object([
              ("name", .string(l.name)), ("mass", .number(l.mass)), ("visuals", .integer(l.visuals.count)),
              ("collisions", .integer(l.collisions.count)),
            ])
          })
      ),
      (
        "joints",
        .array(
          robot.movableJoints.map { j in
            .object([
              ("name", .string(j.name)), ("type", .string(j.kind.rawValue)), ("parent", .string(j.parent)),
              ("child", .string(j.child)), ("lower", optional(j.positionRange?.lowerBound)),
              ("upper", optional(j.positionRange?.upperBound)), ("velocity", optional(j.limits?.velocity)),
              ("effort", optional(j.limits?.effort)), ("damping", .number(j.dynamics.damping)),
              ("friction", .number(j.dynamics.friction)),
              (
                "mimic",
                j.mimic.map { m in
                  .object([("joint", .string(m.joint)), ("multiplier", .number(m.multiplier)), ("offset", .number(m.offset))])
                } ?? .null
              ),
            ])
          })
      ),
      ("fixedJoints", .integer(robot.joints.count - robot.movableJoints.count)),
      ("totalMass", .number(robot.totalMass)),
      ("warnings", .array(robot.warnings.map { .string($0.description) })),
    ])
  }
}
