import Foundation

/// Finds the project's data folders (`Scenes/`, `Policies/`, `Experiments/`) for code that ships
/// with them, such as the tasks' scenes and robots.
///
/// Looks in `$ARMATURE_HOME`, then the current folder and its ancestors, then the folders above
/// the running executable (`.build/<triple>/<configuration>/armature` sits inside the checkout).
public enum ResourceLocator {
  /// The absolute path of `relative` (e.g. `Scenes/tasks/reach.yaml`), or an error listing where
  /// it was looked for.
  public static func path(_ relative: String) throws -> String {
    var tried: [String] = []
    for root in roots() {
      let candidate = (root as NSString).appendingPathComponent(relative)
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      tried.append(root)
    }
    throw LocatedError(
      file: relative,
      message: "not found under ARMATURE_HOME, the current folder, or the executable's folders (looked in "
        + tried.joined(separator: ", ") + "); set ARMATURE_HOME to the Armature checkout")
  }

  private static func roots() -> [String] {
    var roots: [String] = []
    if let home = ProcessInfo.processInfo.environment["ARMATURE_HOME"], !home.isEmpty { roots.append(home) }
    func ancestors(of path: String) -> [String] {
      var out: [String] = []
      var url = URL(fileURLWithPath: path)
      while true {
        out.append(url.path)
        let parent = url.deletingLastPathComponent()
        if parent.path == url.path { break }
        url = parent
      }
      return out
    }
    roots += ancestors(of: FileManager.default.currentDirectoryPath)
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    roots += ancestors(of: URL(fileURLWithPath: exe).deletingLastPathComponent().path)
    var seen: Set<String> = []
    return roots.filter { seen.insert($0).inserted }
  }
}
