import ArmatureCore

/// A rigid link of a robot description: its mass properties and its visual and collision shapes,
/// each placed in the link frame.
public struct RobotLink: Hashable, Sendable {
  public var name: String
  /// Mass properties; nil when the URDF gives none (the link is massless in the description).
  public var inertial: LinkInertial?
  /// Shapes to draw. A Collada visual that is not read is replaced by the link's collision shapes.
  public var visuals: [LinkShape]
  /// Shapes that collide.
  public var collisions: [LinkShape]
  /// Coulomb friction of the link's surfaces, from a Gazebo extension
  /// `<gazebo reference="LINK"><mu1>…</mu1></gazebo>`; nil when not given.
  public var friction: Double?
  /// The line of the `<link>` element, for messages.
  public var line: Int

  public init(
    name: String, inertial: LinkInertial? = nil, visuals: [LinkShape] = [], collisions: [LinkShape] = [],
    friction: Double? = nil, line: Int = 0
  ) {
    self.name = name
    self.inertial = inertial
    self.visuals = visuals
    self.collisions = collisions
    self.friction = friction
    self.line = line
  }

  /// The link's mass in kg (0 without an inertial).
  public var mass: Double { inertial?.mass ?? 0 }
}

/// Mass, centre of mass frame and inertia of a link, as URDF's `<inertial>` gives them.
public struct LinkInertial: Hashable, Sendable {
  /// The centre-of-mass frame in the link frame; the inertia is expressed in its axes.
  public var origin: Pose
  /// Mass in kg.
  public var mass: Double
  /// Inertia tensor about the centre of mass, in the axes of `origin` (kg·m²).
  public var inertia: Matrix3

  public init(origin: Pose = .identity, mass: Double, inertia: Matrix3) {
    self.origin = origin
    self.mass = mass
    self.inertia = inertia
  }

  /// The inertia tensor rotated into the link frame's axes.
  public var inertiaInLinkAxes: Matrix3 {
    let r = origin.orientation.matrix
    return r * inertia * r.transposed
  }
}

/// A visual or collision shape of a link.
public struct LinkShape: Hashable, Sendable {
  /// The optional `name` attribute.
  public var name: String?
  /// Pose of the shape in the link frame.
  public var origin: Pose
  /// The geometry; mesh paths are resolved to files on disk.
  public var shape: Shape
  /// The colour from the visual's material (visuals only).
  public var color: Color?
  /// The material's name, if it has one.
  public var materialName: String?
  /// The line of the `<visual>` or `<collision>` element.
  public var line: Int

  public init(
    name: String? = nil, origin: Pose = .identity, shape: Shape, color: Color? = nil, materialName: String? = nil,
    line: Int = 0
  ) {
    self.name = name
    self.origin = origin
    self.shape = shape
    self.color = color
    self.materialName = materialName
    self.line = line
  }
}
