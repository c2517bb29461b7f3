import Foundation

/// The package's root folder (where Package.swift is), found from this file's path.
public let packageRoot: String = {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()

/// A path inside the package (`Scenes/ur5e-table.yaml`).
public func packagePath(_ relative: String) -> String { packageRoot + "/" + relative }

/// Errors of the test helpers, with what to do about them.
public struct TestSetupError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The `shared` folder beside the project (real robot descriptions, peer benchmarks): the
/// environment variable `ARMATURE_SHARED` if set, else `../shared` or `../../shared` from the
/// package root (a worktree sits one level deeper than the main checkout). Throws, saying how to
/// fix it, when none exists: a missing folder fails the tests that need it, never skips them.
public func sharedDirectory() throws -> String {
  var candidates: [String] = []
  if let given = ProcessInfo.processInfo.environment["ARMATURE_SHARED"] { candidates.append(given) }
  let root = URL(fileURLWithPath: packageRoot)
  candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared").path)
  candidates.append(root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path)
  for c in candidates where FileManager.default.fileExists(atPath: c + "/robots") { return c }
  throw TestSetupError(
    "the shared folder with robots/ was not found (looked at \(candidates.joined(separator: ", "))); set ARMATURE_SHARED to its path")
}

/// A fresh temporary folder for one test.
public func temporaryDirectory(_ label: String) throws -> String {
  let path = NSTemporaryDirectory() + "armature-\(label)-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}
