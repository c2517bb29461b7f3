import ArmatureCore
import Yams

/// Writes configuration as people write it: numbers in plain shortest form (`0.002`, not
/// `2e-3`) and short lists of numbers on one line (`[0, 0, -9.81]`).
public enum YAMLOutput {
  public static func string<T: Encodable>(_ value: T) throws -> String {
    let text = try YAMLEncoder().encode(value)
    guard let node = try Yams.compose(yaml: text) else { return text }
    return try Yams.serialize(node: tidy(node))
  }

  private static func tidy(_ node: Node) -> Node {
    switch node {
    case .scalar(var scalar):
      if scalar.style == .plain, let d = Double(scalar.string), scalar.string.contains(where: { $0 == "e" || $0 == "." }) {
        scalar.string = JSONValue.number(d).serialized()
      }
      return .scalar(scalar)
    case .sequence(var sequence):
      let items = sequence.map(tidy)
      let allScalars = items.allSatisfy { $0.scalar != nil } && items.count <= 8
      sequence = Node.Sequence(items, sequence.tag, allScalars ? .flow : sequence.style)
      return .sequence(sequence)
    case .mapping(let mapping):
      return .mapping(Node.Mapping(mapping.map { (tidy($0.key), tidy($0.value)) }, mapping.tag, mapping.style))
    case .alias:
      return node
    }
  }
}
