import ArmatureCore
import Foundation
import SceneDescription

/// What a renderer draws: drawables tessellated once, lights, and the segmentation table.
/// Build it once per scene (`init(scene:)`, then `add(_:)` for robot link visuals) and render any
/// number of pose snapshots with it. A value type: copies are cheap and can be shared by threads.
public struct RenderModel: Sendable {
  /// How geometry is turned into triangles.
  public struct Options: Hashable, Sendable {
    /// Segments around spheres, capsules and cylinders.
    public var segments = 24
    /// Half the side of the square drawn for a plane, in metres.
    public var planeHalfExtent = 10.0
    /// Cells per side of a plane's square; nil picks 16 when the model has point lights (whose
    /// light varies across the plane) and 1 otherwise.
    public var planeSubdivisions: Int?
    /// Mesh edges sharper than this (degrees) stay sharp; smoother ones are shaded smoothly.
    public var creaseAngle = 40.0
    /// Texels on the longer side of a face that carries a label.
    public var labelTextureSize = 128

    public init() {}
  }

  /// A drawable as the renderer uses it.
  struct Prepared: Sendable {
    var drawable: Drawable
    var mesh: RenderMesh
    var materials: [SurfaceMaterial]
    var segmentID: UInt16
    var boundsCenter: SIMD3<Float>
    var boundsRadius: Float
    var isPlane: Bool
    var hasTexture: Bool
  }

  public let options: Options
  /// Lights; directional lights travel along `direction`, point lights shine from `position`.
  public var lights: [LightSpec]
  /// Light reaching every surface regardless of direction, in [0, 1].
  public var ambient: Double
  /// The color where nothing is drawn.
  public var background: Color
  public private(set) var segmentation = SegmentationTable()
  private(set) var prepared: [Prepared] = []
  private(set) var textures: [Texture] = []
  private var textureIndex: [Texture: Int] = [:]

  /// The light a scene without lights gets, so that shapes read: from above, a little to the side.
  public static let defaultLight = LightSpec(name: "default", kind: .directional, direction: Vector3(-0.3, -0.2, -1))
  public static let defaultBackground = Color(red: 0.55, green: 0.62, blue: 0.7)

  /// An empty model.
  public init(
    lights: [LightSpec] = [RenderModel.defaultLight], ambient: Double = SceneDefaults.ambient,
    background: Color = RenderModel.defaultBackground, options: Options = Options()
  ) {
    self.lights = lights
    self.ambient = ambient
    self.background = background
    self.options = options
  }

  /// The drawables of a scene's static geometry (segmentation ids first, in scene order), objects
  /// (one drawable per part, riding on the object's frame) and robots (one drawable per link
  /// visual, see `addRobot`), with the scene's lights (or `defaultLight` when it has none) and
  /// ambient light. Meshes and textures are read from files relative to the scene.
  /// - Parameters:
  ///   - packagePath: where the robots' URDFs look for `package://` meshes.
  ///   - robotDescriptions: URDFs already loaded, by robot name (the rest are read from disk).
  public init(
    scene: Scene, background: Color = RenderModel.defaultBackground, options: Options = Options(),
    packagePath: PackageSearchPath = .withEnvironment(), robotDescriptions: [String: RobotDescription] = [:]
  ) throws {
    self.init(
      lights: scene.lights.isEmpty ? [RenderModel.defaultLight] : scene.lights, ambient: scene.ambientLight,
      background: background, options: options)
    var textures: [String: Texture] = [:]
    func texture(_ appearance: Appearance) throws -> Texture? {
      guard let file = appearance.texture else { return nil }
      let path = scene.resolve(file)
      if let t = textures[path] { return t }
      let t = try Texture(pngFile: path)
      textures[path] = t
      return t
    }
    func geometry(_ shape: Shape) throws -> Drawable.Geometry {
      switch shape {
      case .box(let s): return .box(size: s)
      case .sphere(let r): return .sphere(radius: r)
      case .capsule(let r, let l): return .capsule(radius: r, length: l)
      case .cylinder(let r, let l): return .cylinder(radius: r, length: l)
      case .plane(let n, let o): return .plane(normal: n, offset: o)
      case .mesh(let file, let scale): return .mesh(try MeshLoader.load(scene.resolve(file)).scaled(by: scale))
      }
    }
    func drawable(name: String, frame: String?, pose: Pose, shape: Shape, color: Color, appearance: Appearance) throws
      -> Drawable
    {
      Drawable(
        name: name, frame: frame, pose: pose, geometry: try geometry(shape), color: color,
        texture: try texture(appearance), textureScale: appearance.textureScale, faceColors: appearance.faceColors,
        faceLabels: appearance.faceLabels, labelColor: appearance.labelColor)
    }
    for s in scene.staticGeometry {
      try add(drawable(name: s.name, frame: nil, pose: s.pose, shape: s.shape, color: s.color, appearance: s.appearance))
    }
    for o in scene.objects {
      for part in o.parts {
        try add(
          drawable(
            name: o.name, frame: o.name, pose: part.pose, shape: part.shape, color: part.color ?? o.color,
            appearance: part.appearance))
      }
    }
    for r in scene.robots {
      let description = try robotDescriptions[r.name] ?? URDFLoader.load(file: scene.resolve(r.urdf), packagePath: packagePath)
      try addRobot(description, name: r.name)
    }
  }

  /// Adds a drawable for every visual of every link of a robot, named and framed `NAME/LINK`
  /// (`Drawable.linkVisual`): one segmentation id per link, drawn where the pose snapshot puts
  /// `NAME/LINK`. Visuals without a material color get `SceneDefaults.color`.
  public mutating func addRobot(_ robot: RobotDescription, name: String) throws {
    for link in robot.links {
      for visual in link.visuals {
        let geometry: Drawable.Geometry
        switch visual.shape {
        case .box(let s): geometry = .box(size: s)
        case .sphere(let r): geometry = .sphere(radius: r)
        case .capsule(let r, let l): geometry = .capsule(radius: r, length: l)
        case .cylinder(let r, let l): geometry = .cylinder(radius: r, length: l)
        case .plane(let n, let o): geometry = .plane(normal: n, offset: o)
        case .mesh(let file, _):
          guard let mesh = robot.mesh(for: visual.shape) else {
            throw RenderError.invalidDrawable(name + "/" + link.name, reason: "the mesh '\(file)' was not loaded with the URDF")
          }
          geometry = .mesh(mesh)
        }
        try add(
          .linkVisual(
            robot: name, link: link.name, origin: visual.origin, geometry: geometry, color: visual.color ?? SceneDefaults.color))
      }
    }
  }

  /// Every drawable, in the order added.
  public var drawables: [Drawable] { prepared.map(\.drawable) }

  /// Triangles in the model.
  public var triangleCount: Int { prepared.reduce(0) { $0 + $1.mesh.triangleCount } }

  /// The segmentation id of a drawable by its index in `drawables`.
  public func segmentationID(ofDrawable index: Int) -> UInt16 { prepared[index].segmentID }

  /// Tessellates and adds a drawable; returns its segmentation id (shared by drawables with the
  /// same name).
  @discardableResult
  public mutating func add(_ d: Drawable) throws -> UInt16 {
    if let problem = d.problem { throw RenderError.invalidDrawable(d.name, reason: problem) }
    guard let id = segmentation.claim(d.name) else {
      throw RenderError.invalidDrawable(d.name, reason: "more than 65535 segmentation names")
    }
    prepared.append(prepare(d, id: id))
    return id
  }

  /// Replaces the drawable at `index` in `drawables` (another color, texture or size, say),
  /// re-tessellating it; it keeps its place in the drawing order and its segmentation id, so it
  /// must keep its name.
  public mutating func replace(drawableAt index: Int, with d: Drawable) throws {
    guard prepared.indices.contains(index) else {
      throw RenderError.invalidDrawable(d.name, reason: "no drawable at index \(index) (the model has \(prepared.count))")
    }
    let old = prepared[index]
    guard d.name == old.drawable.name else {
      throw RenderError.invalidDrawable(d.name, reason: "a replacement must keep the name '\(old.drawable.name)'")
    }
    if let problem = d.problem { throw RenderError.invalidDrawable(d.name, reason: problem) }
    prepared[index] = prepare(d, id: old.segmentID)
  }

  /// Tessellates a valid drawable.
  private mutating func prepare(_ d: Drawable, id: UInt16) -> Prepared {
    var materials: [SurfaceMaterial] = []
    let base = SIMD3<Float>(Float(d.color.red), Float(d.color.green), Float(d.color.blue))
    let userTexture = d.texture.map { intern($0) } ?? -1
    var mesh: RenderMesh
    var isPlane = false
    switch d.geometry {
    case .box(let size):
      let perFace = d.faceColors != nil || d.faceLabels != nil
      mesh = Tessellator.box(size: size, perFaceMaterials: perFace)
      if perFace {
        for k in 0..<6 {
          let c = d.faceColors?[k] ?? d.color
          let albedo = SIMD3<Float>(Float(c.red), Float(c.green), Float(c.blue))
          if let label = d.faceLabels?[k], !label.isEmpty {
            let (w, h) = Tessellator.faceExtent(k, size: size)
            let texture = FaceLabel.texture(
              label, background: c, ink: d.labelColor, aspect: w / h, longerSide: options.labelTextureSize)
            materials.append(SurfaceMaterial(albedo: SIMD3(1, 1, 1), texture: intern(texture)))
          } else {
            materials.append(SurfaceMaterial(albedo: albedo, texture: -1))
          }
        }
      }
    case .sphere(let r): mesh = Tessellator.sphere(radius: r, segments: options.segments)
    case .capsule(let r, let l): mesh = Tessellator.capsule(radius: r, length: l, segments: options.segments)
    case .cylinder(let r, let l): mesh = Tessellator.cylinder(radius: r, length: l, segments: options.segments)
    case .plane(let n, let o):
      isPlane = true
      let cells = options.planeSubdivisions ?? (lights.contains { $0.kind == .point } ? 16 : 1)
      mesh = Tessellator.plane(
        normal: n, offset: o, halfExtent: options.planeHalfExtent, subdivisions: cells, textureScale: d.textureScale)
    case .mesh(let m): mesh = Tessellator.mesh(m, creaseAngle: options.creaseAngle, textured: d.texture != nil)
    }
    if materials.isEmpty {
      materials = [SurfaceMaterial(albedo: userTexture >= 0 ? SIMD3(1, 1, 1) : base, texture: userTexture)]
    }
    let textured = materials.contains { $0.texture >= 0 }
    mesh.compact(keepUVs: textured)
    let bounds = mesh.bounds
    return Prepared(
      drawable: d, mesh: mesh, materials: materials, segmentID: id, boundsCenter: bounds.center,
      boundsRadius: bounds.radius, isPlane: isPlane, hasTexture: textured)
  }

  private mutating func intern(_ t: Texture) -> Int {
    if let i = textureIndex[t] { return i }
    textures.append(t)
    textureIndex[t] = textures.count - 1
    return textures.count - 1
  }
}

/// Textures for labelled box faces: the face color with the label centred in the built-in font.
enum FaceLabel {
  static func texture(_ label: String, background: Color, ink: Color, aspect: Double, longerSide: Int) -> Texture {
    let w = aspect >= 1 ? longerSide : max(8, Int((Double(longerSide) * aspect).rounded()))
    let h = aspect >= 1 ? max(8, Int((Double(longerSide) / aspect).rounded())) : longerSide
    var canvas = Canvas(width: w, height: h, background: background)
    let font = BitmapFont.standard
    let (tw, _) = font.size(of: label)
    // Scale so the label's cap height is about 60% of the face, and it fits across with a margin.
    let byHeight = Int(0.6 * Double(h) / Double(font.capHeight))
    let byWidth = Int(0.8 * Double(w) / Double(max(1, tw)))
    let scale = max(1, min(byHeight, byWidth))
    let x = (w - tw * scale) / 2
    let y = (h - font.capHeight * scale) / 2
    canvas.text(label, x: x, y: y, color: ink, scale: scale)
    return Texture(canvas.image)
  }
}
