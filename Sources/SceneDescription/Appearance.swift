import ArmatureCore

/// How a surface looks beyond its color: a texture image, or a color and a label per face of a box
/// (the Dactyl cube). Only the renderer reads it; physics ignores it.
///
/// ```yaml
/// - name: cube
///   shape: box
///   size: [0.065, 0.065, 0.065]
///   faceColors: [red, green, blue, yellow, orange, purple]   # +x, -x, +y, -y, +z, -z
///   faceLabels: [A, B, C, D, E, F]
///   labelColor: white
/// - name: floor
///   shape: plane
///   texture: textures/wood.png      # relative to the scene file
///   textureScale: 0.5               # metres per repeat on planes
/// ```
public struct Appearance: Hashable, Sendable {
  /// A PNG file, relative to the scene file, mapped onto the shape.
  public var texture: String?
  /// On planes, metres of surface per repeat of the texture.
  public var textureScale: Double
  /// Box only: the colors of the faces whose outward normals are +x, −x, +y, −y, +z, −z.
  public var faceColors: [Color]?
  /// Box only: a label per face, same order as `faceColors`: up to 3 printable ASCII characters,
  /// empty for none. Labels read upright with +z up on the side faces and +y up on the top and
  /// bottom faces.
  public var faceLabels: [String]?
  /// The color labels are drawn in.
  public var labelColor: Color

  public init(
    texture: String? = nil, textureScale: Double = SceneDefaults.textureScale, faceColors: [Color]? = nil,
    faceLabels: [String]? = nil, labelColor: Color = SceneDefaults.labelColor
  ) {
    self.texture = texture
    self.textureScale = textureScale
    self.faceColors = faceColors
    self.faceLabels = faceLabels
    self.labelColor = labelColor
  }

  /// No texture, no per-face colors or labels.
  public static let plain = Appearance()

  /// Whether the surface is plain (its color alone).
  public var isPlain: Bool { texture == nil && faceColors == nil && faceLabels == nil }

  /// The most characters a face label may have.
  public static let maxLabelLength = 3
}

/// Coding keys of a type that holds an appearance inline.
public protocol AppearanceCodingKeys: CodingKey {
  static var texture: Self { get }
  static var textureScale: Self { get }
  static var faceColors: Self { get }
  static var faceLabels: Self { get }
  static var labelColor: Self { get }
}

extension Appearance {
  /// Decodes the appearance keys beside a shape, recording every problem with its key.
  public static func decode<K: AppearanceCodingKeys>(from c: ConfigContainer<K>, shape: Shape?) throws -> Appearance {
    var a = Appearance()
    a.texture = try c.optional(String.self, .texture)
    if let t = a.texture, t.isEmpty { try c.problem(.texture, "expected a PNG file name, got ''") }
    a.textureScale = try c.value(
      .textureScale, default: SceneDefaults.textureScale, expected: "metres per repeat > 0"
    ) { $0 > 0 && $0.isFinite }
    a.faceColors = try c.optional([Color].self, .faceColors)
    if let colors = a.faceColors, colors.count != 6 {
      try c.problem(.faceColors, "expected 6 colors (+x, -x, +y, -y, +z, -z), got \(colors.count)")
      a.faceColors = nil
    }
    a.faceLabels = try c.optional([String].self, .faceLabels)
    if let labels = a.faceLabels {
      if labels.count != 6 {
        try c.problem(.faceLabels, "expected 6 labels (+x, -x, +y, -y, +z, -z), got \(labels.count)")
        a.faceLabels = nil
      } else if let bad = labels.firstIndex(where: { !isValidLabel($0) }) {
        try c.problem(
          .faceLabels,
          "label \(bad) '\(labels[bad])': expected up to \(maxLabelLength) printable ASCII characters")
        a.faceLabels = nil
      }
    }
    a.labelColor = try c.value(.labelColor, default: SceneDefaults.labelColor)
    if c.contains(.labelColor) && !c.contains(.faceLabels) {
      try c.problem(.labelColor, "'labelColor' needs 'faceLabels'")
    }
    let perFace = c.contains(.faceColors) || c.contains(.faceLabels)
    if perFace, let shape, shape.kind != .box {
      let key: K = c.contains(.faceColors) ? .faceColors : .faceLabels
      try c.problem(key, "per-face colors and labels need a box, not a \(shape.kind.rawValue)")
    }
    if perFace && a.texture != nil {
      try c.problem(.texture, "give either 'texture' or per-face colors and labels, not both")
    }
    if c.contains(.textureScale) && !c.contains(.texture) {
      try c.problem(.textureScale, "'textureScale' needs 'texture'")
    }
    return a
  }

  /// Whether a label is short printable ASCII.
  public static func isValidLabel(_ label: String) -> Bool {
    label.unicodeScalars.count <= maxLabelLength && label.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
  }

  /// Encodes the keys that differ from a plain appearance.
  public func encode<K: AppearanceCodingKeys>(to c: inout KeyedEncodingContainer<K>) throws {
    try c.encodeIfPresent(texture, forKey: .texture)
    if texture != nil && textureScale != SceneDefaults.textureScale { try c.encode(textureScale, forKey: .textureScale) }
    try c.encodeIfPresent(faceColors, forKey: .faceColors)
    try c.encodeIfPresent(faceLabels, forKey: .faceLabels)
    if faceLabels != nil && labelColor != SceneDefaults.labelColor { try c.encode(labelColor, forKey: .labelColor) }
  }
}
