import ArmatureCore

/// The names behind segmentation ids: id 0 is the background, then one id per object, static
/// geometry or robot link, in the order they were added to the model.
public struct SegmentationTable: Hashable, Sendable {
  /// The name of id `i` is `names[i]`.
  public private(set) var names: [String] = [SegmentationTable.backgroundName]
  private var ids: [String: UInt16] = [:]

  /// The name of id 0.
  public static let backgroundName = "background"

  public init() {}

  /// The id of `name`, if it was added.
  public func id(of name: String) -> UInt16? { ids[name] }

  /// The name behind `id`, if any.
  public func name(of id: UInt16) -> String? { Int(id) < names.count ? names[Int(id)] : nil }

  /// The id for `name`, added when new; nil when all 65535 ids are taken.
  mutating func claim(_ name: String) -> UInt16? {
    if let id = ids[name] { return id }
    guard names.count <= Int(UInt16.max) else { return nil }
    let id = UInt16(names.count)
    names.append(name)
    ids[name] = id
    return id
  }

  /// The table as JSON: `{"0": "background", "1": "ground", …}`, ids in increasing order.
  public var json: JSONValue { .object(names.enumerated().map { (String($0.offset), .string($0.element)) }) }
}
