import Foundation

/// The result of running a command.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// The folder holding the running test binary, which is where SwiftPM puts the package's
/// executables too (`.build/<triple>/<configuration>/`).
public func buildProductsDirectory() -> URL {
  let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
  // Test bundles may sit inside an .xctest folder.
  while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" || url.lastPathComponent == "MacOS" {
    url.deleteLastPathComponent()
  }
  return url
}

/// The repository root, found from a test source file's path (`#filePath`).
public func repositoryRoot(from file: String = #filePath) -> URL {
  var url = URL(fileURLWithPath: file).deletingLastPathComponent()
  while url.path != "/" {
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    url.deleteLastPathComponent()
  }
  fatalError("no Package.swift above \(file)")
}

/// The built `armature` executable. Build it first (`swift build -c release`); a missing binary is
/// an error that says so.
public func armatureExecutable() throws -> URL {
  let url = buildProductsDirectory().appendingPathComponent("armature")
  guard FileManager.default.isExecutableFile(atPath: url.path) else {
    throw CommandError("the armature binary is not built at \(url.path); run `swift build` for this configuration first")
  }
  return url
}

/// A failure to run a command.
public struct CommandError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Runs an executable with arguments in `directory`, collecting its output.
public func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil)
  throws -> CommandResult
{
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = directory }
  if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  // Read both pipes while the process runs so that neither fills up.
  let group = DispatchGroup()
  nonisolated(unsafe) var outData = Data()
  nonisolated(unsafe) var errData = Data()
  group.enter()
  DispatchQueue.global().async {
    outData = out.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  errData = err.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the built `armature` with arguments from the repository root.
public func runArmature(_ arguments: [String], file: String = #filePath) throws -> CommandResult {
  try run(armatureExecutable(), arguments, in: repositoryRoot(from: file))
}
