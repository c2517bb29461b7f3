import ArmatureCore

/// A robot read from a URDF file: links and the joints that connect them into a tree.
///
/// `URDFLoader.load(file:packagePath:)` builds one and checks that the joints form a single tree
/// (one root, no cycles, known links); the Kinematics and Physics layers rely on that.
public struct RobotDescription: Hashable, Sendable {
  public var name: String
  /// The URDF file, as the caller named it (nil for a description built in code).
  public var file: String?
  /// Links in file order.
  public var links: [RobotLink]
  /// Joints in file order.
  public var joints: [RobotJoint]
  /// Named materials declared at the top level, with their colours.
  public var materials: [String: Color]
  /// Triangle meshes by resolved file path, unscaled (each shape carries its own scale), for every
  /// STL or OBJ file the links refer to.
  public var meshes: [String: TriangleMesh]
  /// Things the loader worked around (a Collada visual replaced by collision shapes, say).
  public var warnings: [LocatedError]

  public init(
    name: String, file: String? = nil, links: [RobotLink], joints: [RobotJoint], materials: [String: Color] = [:],
    meshes: [String: TriangleMesh] = [:], warnings: [LocatedError] = []
  ) {
    self.name = name
    self.file = file
    self.links = links
    self.joints = joints
    self.materials = materials
    self.meshes = meshes
    self.warnings = warnings
  }

  /// The link called `name`.
  public func link(named name: String) -> RobotLink? { links.first { $0.name == name } }

  /// The joint called `name`.
  public func joint(named name: String) -> RobotJoint? { joints.first { $0.name == name } }

  /// The link that is no joint's child. A loaded description has exactly one.
  public var rootLink: String {
    let children = Set(joints.map(\.child))
    return links.first { !children.contains($0.name) }?.name ?? links.first?.name ?? ""
  }

  /// Joints with a degree of freedom, in file order (mimic joints included).
  public var movableJoints: [RobotJoint] { joints.filter { $0.kind.isMovable } }

  /// Movable joints that do not mimic another, in file order: the robot's independent coordinates.
  public var independentJoints: [RobotJoint] { joints.filter { $0.kind.isMovable && $0.mimic == nil } }

  /// The joint whose child is `link`, or nil for the root.
  public func parentJoint(of link: String) -> RobotJoint? { joints.first { $0.child == link } }

  /// The joints whose parent is `link`, in file order.
  public func childJoints(of link: String) -> [RobotJoint] { joints.filter { $0.parent == link } }

  /// The sum of every link's mass, kg.
  public var totalMass: Double { links.reduce(0) { $0 + $1.mass } }

  /// The mesh of a mesh shape, scaled, or nil when the shape is not a mesh or was not loaded.
  public func mesh(for shape: Shape) -> TriangleMesh? {
    guard case .mesh(let file, let scale) = shape, let mesh = meshes[file] else { return nil }
    return scale == Vector3(1, 1, 1) ? mesh : mesh.scaled(by: scale)
  }
}
