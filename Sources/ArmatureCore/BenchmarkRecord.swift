/// One benchmark result in the record format of the peer scripts (`../shared/peers/common.py`):
/// `{"group", "name", "value", "unit", "runs", "note"}`, so Armature's figures and MuJoCo's or
/// PyBullet's can be laid side by side by `peers/table.py`.
public struct BenchmarkRecord: Sendable {
  public var group: String
  public var name: String
  /// The median of `runs`.
  public var value: Double
  public var unit: String
  public var runs: [Double]
  public var note: String

  /// A record whose value is the median of `runs`.
  public init(group: String, name: String, unit: String, runs: [Double], note: String = "") {
    self.group = group
    self.name = name
    self.unit = unit
    self.runs = runs
    self.note = note
    let sorted = runs.sorted()
    value = sorted.isEmpty ? .nan : (sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
  }

  public var json: JSONValue {
    .object([
      ("group", .string(group)), ("name", .string(name)), ("value", .number(value)), ("unit", .string(unit)),
      ("runs", .numbers(runs)), ("note", .string(note)),
    ])
  }
}
