import ArmatureCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A run's learning curve on disk, as JSON lines (`metrics.jsonl`, one `MetricsRow.json` per
/// iteration) and as CSV (`metrics.csv`, the same rows with nested keys flattened to
/// `losses.policy`, the same number texts, and empty cells for nulls).
///
/// Rows are appended as they come. A resumed run first cuts both files back to the rows of its
/// checkpoint (`truncate(keepingIterations:)`), dropping what a crash left after it, including
/// a torn last line, and then appends the re-produced rows.
public final class MetricsLog {
  public let jsonPath: String
  public let csvPath: String
  /// The CSV columns, fixed by the first row.
  public private(set) var columns: [String]?
  /// The plotted values of every row so far.
  public private(set) var points: [CurvePoint] = []
  private var json: FileHandle?
  private var csv: FileHandle?

  public init(folder: String) {
    jsonPath = folder + "/metrics.jsonl"
    csvPath = folder + "/metrics.csv"
  }

  deinit {
    try? json?.close()
    try? csv?.close()
  }

  /// Appends one row to both files.
  public func append(_ row: MetricsRow) throws {
    let value = row.json
    let flat = Self.flatten(value)
    if columns == nil {
      columns = flat.map(\.0)
      try write(columns!.map(Self.csvField).joined(separator: ",") + "\n", to: csvPath, handle: &csv)
    }
    let byName = Dictionary(flat, uniquingKeysWith: { a, _ in a })
    let cells = columns!.map { byName[$0].map(Self.csvCell) ?? "" }
    try write(value.serialized() + "\n", to: jsonPath, handle: &json)
    try write(cells.joined(separator: ",") + "\n", to: csvPath, handle: &csv)
    points.append(row.curvePoint)
  }

  /// Flushes both files to disk (before a checkpoint refers to their rows).
  public func synchronize() throws {
    try json?.synchronize()
    try csv?.synchronize()
  }

  /// Cuts both files back to the rows of iterations 1…`iterations` (rows are written in
  /// iteration order, one per iteration) and reads those rows' plotted values back. Missing
  /// files count as empty.
  public func truncate(keepingIterations iterations: Int) throws {
    try? json?.close()
    try? csv?.close()
    json = nil
    csv = nil
    let jsonText = (try? String(contentsOfFile: jsonPath, encoding: .utf8)) ?? ""
    var kept: [String] = []
    var keptPoints: [CurvePoint] = []
    for line in jsonText.split(separator: "\n", omittingEmptySubsequences: true) {
      guard kept.count < iterations, let point = try? JSONDecoder().decode(CurvePoint.self, from: Data(line.utf8)),
        point.iteration == kept.count + 1
      else { break }
      kept.append(String(line))
      keptPoints.append(point)
    }
    guard kept.count == iterations else {
      throw LocatedError(
        file: jsonPath, message: "holds \(kept.count) complete rows before the checkpoint at iteration \(iterations); the run folder is damaged")
    }
    let csvLines = ((try? String(contentsOfFile: csvPath, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
    if iterations > 0 {
      guard csvLines.count >= iterations + 1 else {
        throw LocatedError(file: csvPath, message: "holds fewer rows than the checkpoint at iteration \(iterations); the run folder is damaged")
      }
      columns = Self.parseHeader(String(csvLines[0]))
      try AtomicFile.write(csvLines[0...iterations].joined(separator: "\n") + "\n", to: csvPath)
      try AtomicFile.write(kept.joined(separator: "\n") + "\n", to: jsonPath)
    } else {
      columns = nil
      try? FileManager.default.removeItem(atPath: csvPath)
      try? FileManager.default.removeItem(atPath: jsonPath)
    }
    points = keptPoints
  }

  private func write(_ text: String, to path: String, handle: inout FileHandle?) throws {
    if handle == nil {
      if !FileManager.default.fileExists(atPath: path) {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
          throw LocatedError(file: path, message: "cannot be created")
        }
      }
      let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      try h.seekToEnd()
      handle = h
    }
    try handle!.write(contentsOf: Data(text.utf8))
  }

  /// Scalars of a row with nested object keys joined by dots, in order.
  static func flatten(_ value: JSONValue, prefix: String = "") -> [(String, JSONValue)] {
    guard case .object(let members) = value else { return [(prefix, value)] }
    var out: [(String, JSONValue)] = []
    for (key, member) in members {
      let name = prefix.isEmpty ? key : prefix + "." + key
      if case .object = member { out += flatten(member, prefix: name) } else { out.append((name, member)) }
    }
    return out
  }

  /// A CSV cell: the JSON text of a number, `true`/`false`, the bare text of a string (quoted
  /// when needed), empty for null.
  static func csvCell(_ value: JSONValue) -> String {
    switch value {
    case .null: return ""
    case .string(let s): return csvField(s)
    default: return value.serialized()
    }
  }

  static func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  static func parseHeader(_ line: String) -> [String] { line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
