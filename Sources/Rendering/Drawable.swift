import ArmatureCore
import SceneDescription

/// One thing to draw: a shape or a triangle mesh with a color (or texture, or per-face colors and
/// labels), placed relative to a named frame of the pose snapshot or fixed in the world.
///
/// A scene object gives one drawable per part; a robot gives one per URDF visual, named and
/// framed `ROBOT/LINK`. Drawables that share a `name` share a segmentation id.
public struct Drawable: Hashable, Sendable {
  /// What is drawn, in the drawable's own frame. Capsules and cylinders lie along z.
  public enum Geometry: Hashable, Sendable {
    case box(size: Vector3)
    case sphere(radius: Double)
    /// A cylinder with hemispherical caps; `length` excludes the caps.
    case capsule(radius: Double, length: Double)
    case cylinder(radius: Double, length: Double)
    /// The plane `normal · p = offset` in the world, drawn as a square of side
    /// `2 × RenderModel.Options.planeHalfExtent` centred on the point nearest the origin.
    case plane(normal: Vector3, offset: Double)
    /// Counter-clockwise triangles (seen from outside).
    case mesh(TriangleMesh)
  }

  /// The segmentation name: the object, `ROBOT/LINK`, or the static geometry's name.
  public var name: String
  /// The pose-snapshot frame the drawable rides on; nil for world-fixed geometry.
  public var frame: String?
  /// The drawable's pose in its frame (or in the world).
  public var pose: Pose
  public var geometry: Geometry
  public var color: Color
  /// A texture mapped onto the surface (boxes: the whole image on every face; spheres, capsules,
  /// cylinders: wrapped around z; planes: repeated every `textureScale` metres; meshes: projected
  /// along the axis nearest each triangle's normal, scaled to the mesh's bounds).
  public var texture: Texture?
  /// Metres of plane per repeat of the texture.
  public var textureScale: Double
  /// Box only: the colors of the faces +x, −x, +y, −y, +z, −z.
  public var faceColors: [Color]?
  /// Box only: a short label per face, same order, drawn with the built-in font.
  public var faceLabels: [String]?
  public var labelColor: Color
  /// Triangles seen from behind are skipped (true for closed surfaces). Open meshes with
  /// inconsistent winding need false; they are then lit from both sides.
  public var cullBackFaces: Bool
  /// Whether the drawable casts shadows on planes (when the renderer draws shadows).
  public var castsShadow: Bool

  public init(
    name: String, frame: String? = nil, pose: Pose = .identity, geometry: Geometry, color: Color = SceneDefaults.color,
    texture: Texture? = nil, textureScale: Double = SceneDefaults.textureScale, faceColors: [Color]? = nil,
    faceLabels: [String]? = nil, labelColor: Color = SceneDefaults.labelColor, cullBackFaces: Bool = true,
    castsShadow: Bool = true
  ) {
    self.name = name
    self.frame = frame
    self.pose = pose
    self.geometry = geometry
    self.color = color
    self.texture = texture
    self.textureScale = textureScale
    self.faceColors = faceColors
    self.faceLabels = faceLabels
    self.labelColor = labelColor
    self.cullBackFaces = cullBackFaces
    self.castsShadow = castsShadow
  }

  /// A robot link's visual: named and framed `ROBOT/LINK` (one segmentation id per link), placed
  /// at the visual's origin in the link frame. The pose snapshot must then hold `ROBOT/LINK`.
  public static func linkVisual(
    robot: String, link: String, origin: Pose = .identity, geometry: Geometry, color: Color = SceneDefaults.color
  ) -> Drawable {
    let name = robot + "/" + link
    return Drawable(name: name, frame: name, pose: origin, geometry: geometry, color: color)
  }

  /// What is wrong with the drawable, if anything.
  var problem: String? {
    switch geometry {
    case .box(let s): if !(s.min() > 0 && s.isFinite) { return "box sizes must be positive" }
    case .sphere(let r): if !(r > 0 && r.isFinite) { return "the radius must be positive" }
    case .capsule(let r, let l), .cylinder(let r, let l):
      if !(r > 0 && r.isFinite && l > 0 && l.isFinite) { return "radius and length must be positive" }
    case .plane(let n, let o): if !(n.length > 0 && n.isFinite && o.isFinite) { return "the plane normal must be nonzero" }
    case .mesh(let m):
      if m.indices.count % 3 != 0 || m.indices.contains(where: { Int($0) >= m.vertices.count }) {
        return "mesh indices are out of range"
      }
      if m.vertices.contains(where: { !$0.isFinite }) { return "mesh vertices must be finite" }
    }
    if !pose.isFinite { return "the pose must be finite" }
    let isBox: Bool
    if case .box = geometry { isBox = true } else { isBox = false }
    if (faceColors != nil || faceLabels != nil) && !isBox { return "per-face colors and labels need a box" }
    if let c = faceColors, c.count != 6 { return "expected 6 face colors, got \(c.count)" }
    if let l = faceLabels {
      if l.count != 6 { return "expected 6 face labels, got \(l.count)" }
      if let bad = l.first(where: { !$0.allSatisfy(BitmapFont.standard.contains) }) {
        return "label '\(bad)' has characters outside the built-in font (printable ASCII)"
      }
    }
    if !(textureScale > 0 && textureScale.isFinite) { return "textureScale must be positive" }
    return nil
  }
}
