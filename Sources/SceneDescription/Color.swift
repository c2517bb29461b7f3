import ArmatureCore

/// An RGBA color with components in [0, 1]. Written as `[r, g, b]`, `[r, g, b, a]`, `"#rrggbb"` or
/// a name (`red`, `green`, `blue`, `yellow`, `orange`, `white`, `black`, `gray`, `purple`, `cyan`).
public struct Color: Hashable, Sendable, Codable {
  public var red: Double
  public var green: Double
  public var blue: Double
  public var alpha: Double

  public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
    self.red = red
    self.green = green
    self.blue = blue
    self.alpha = alpha
  }

  public static let named: [String: Color] = [
    "red": Color(red: 0.85, green: 0.1, blue: 0.1), "green": Color(red: 0.1, green: 0.7, blue: 0.2),
    "blue": Color(red: 0.1, green: 0.25, blue: 0.85), "yellow": Color(red: 0.95, green: 0.85, blue: 0.1),
    "orange": Color(red: 0.95, green: 0.5, blue: 0.05), "white": Color(red: 0.95, green: 0.95, blue: 0.95),
    "black": Color(red: 0.05, green: 0.05, blue: 0.05), "gray": Color(red: 0.5, green: 0.5, blue: 0.5),
    "purple": Color(red: 0.5, green: 0.15, blue: 0.7), "cyan": Color(red: 0.1, green: 0.75, blue: 0.85),
  ]

  /// The components as `[r, g, b, a]`.
  public var array: [Double] { [red, green, blue, alpha] }

  public init(from decoder: any Decoder) throws {
    let single = try decoder.singleValueContainer()
    if let text = try? single.decode(String.self) {
      if let c = Color.named[text.lowercased()] {
        self = c
        return
      }
      if text.hasPrefix("#"), text.count == 7, let v = UInt32(text.dropFirst(), radix: 16) {
        self.init(
          red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255, blue: Double(v & 0xFF) / 255)
        return
      }
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "expected a color ([r, g, b], [r, g, b, a], \"#rrggbb\" or a name), got '\(text)'"))
    }
    let values = try single.decode([Double].self)
    guard values.count == 3 || values.count == 4, values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "expected 3 or 4 numbers in [0, 1], got \(describeValue(values))"))
    }
    self.init(red: values[0], green: values[1], blue: values[2], alpha: values.count == 4 ? values[3] : 1)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(alpha == 1 ? [red, green, blue] : array)
  }
}
