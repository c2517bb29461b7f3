/// A set-up recipe: the id the controller assigned and the names and types of its fields, in
/// order. It encodes and decodes the fields of data packages.
public struct RTDERecipe: Hashable, Sendable {
  public var id: UInt8
  public var names: [String]
  public var types: [RTDEFieldType]

  public init(id: UInt8, names: [String], types: [RTDEFieldType]) {
    precondition(names.count == types.count, "a recipe has one type per name")
    self.id = id
    self.names = names
    self.types = types
  }

  /// Bytes of the fields in a data package (without the recipe id byte).
  public var fieldsSize: Int { types.reduce(0) { $0 + $1.size } }

  /// The index of `name`, nil when the recipe does not carry it.
  public func index(of name: String) -> Int? { names.firstIndex(of: name) }

  /// The field bytes for `values`, which must match the recipe's types one to one.
  public func encode(_ values: [RTDEValue]) throws -> [UInt8] {
    guard values.count == types.count else {
      throw RTDEError.recipeMismatch(recipeID: id, reason: "\(values.count) values for \(types.count) fields")
    }
    var w = BigEndianWriter(capacity: fieldsSize)
    for (i, value) in values.enumerated() {
      guard value.type == types[i], value.hasValidShape else {
        throw RTDEError.recipeMismatch(
          recipeID: id, reason: "field '\(names[i])' is \(types[i].rawValue), got \(value.type.rawValue) \(value)")
      }
      value.write(to: &w)
    }
    return w.bytes
  }

  /// The values in a data package's field bytes; the byte count must match exactly.
  public func decode(_ fields: [UInt8]) throws -> [RTDEValue] {
    guard fields.count == fieldsSize else {
      throw RTDEError.wrongPayloadSize(context: "DATA_PACKAGE recipe \(id)", expected: fieldsSize, actual: fields.count)
    }
    var r = BigEndianReader(fields, context: "DATA_PACKAGE recipe \(id)")
    return try types.map { try RTDEValue.read($0, from: &r) }
  }
}
