import Foundation

/// Where mesh files named in a URDF are looked for.
///
/// A `package://PKG/path` URI resolves to `DIR/PKG/path` for the first `DIR` of the search path
/// where that file exists; failing that, to `ANCESTOR/path` for the nearest folder called `PKG`
/// above the URDF file (the usual layout, `PKG/urdf/robot.urdf`). A relative path resolves
/// against the URDF's folder first, then against each search folder. `file://` URIs and absolute
/// paths are used as they are.
///
/// The search path is the folders given with `--package-path` (in order), then those of the
/// environment variable `ARMATURE_PACKAGE_PATH` (colon-separated).
public struct PackageSearchPath: Hashable, Sendable {
  /// The environment variable that lists package folders, colon-separated.
  public static let environmentVariable = "ARMATURE_PACKAGE_PATH"

  /// Search folders, in order.
  public var directories: [String]

  public init(_ directories: [String] = []) { self.directories = directories }

  /// The given folders followed by those of `ARMATURE_PACKAGE_PATH`.
  public static func withEnvironment(
    _ directories: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> PackageSearchPath {
    let fromEnvironment = (environment[environmentVariable] ?? "").split(separator: ":").map(String.init)
    return PackageSearchPath(directories + fromEnvironment.filter { !$0.isEmpty })
  }

  /// The outcome of resolving a URI: the file found, or every place that was tried.
  public enum Resolution: Hashable, Sendable {
    case found(String)
    case notFound(tried: [String])
  }

  /// Resolves a URI written in the URDF at `urdfFile`.
  public func resolve(_ uri: String, urdfFile: String) -> Resolution {
    let urdfFolder = URL(fileURLWithPath: urdfFile).deletingLastPathComponent().standardizedFileURL.path
    var tried: [String] = []
    func check(_ path: String) -> String? {
      let p = URL(fileURLWithPath: path).standardizedFileURL.path
      tried.append(p)
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) && !isDirectory.boolValue ? p : nil
    }
    if uri.hasPrefix("package://") {
      let rest = String(uri.dropFirst("package://".count))
      guard let slash = rest.firstIndex(of: "/") else { return .notFound(tried: []) }
      let package = String(rest[..<slash])
      let inner = String(rest[rest.index(after: slash)...])
      for dir in directories {
        if let p = check(dir + "/" + package + "/" + inner) { return .found(p) }
      }
      var folder = URL(fileURLWithPath: urdfFolder)
      while folder.path != "/" && !folder.path.isEmpty {
        if folder.lastPathComponent == package, let p = check(folder.path + "/" + inner) { return .found(p) }
        folder = folder.deletingLastPathComponent()
      }
      return .notFound(tried: tried)
    }
    if uri.hasPrefix("file://") {
      let path = String(uri.dropFirst("file://".count))
      return check(path).map(Resolution.found) ?? .notFound(tried: tried)
    }
    if uri.hasPrefix("/") {
      return check(uri).map(Resolution.found) ?? .notFound(tried: tried)
    }
    if let p = check(urdfFolder + "/" + uri) { return .found(p) }
    for dir in directories {
      if let p = check(dir + "/" + uri) { return .found(p) }
    }
    return .notFound(tried: tried)
  }
}
