import ArmatureCore
import SceneDescription

/// The kinematic tree of a robot description: every link frame as a function of the robot's
/// independent joint positions.
///
/// The joint coordinates `q` are the movable joints that mimic no other, in URDF file order
/// (`variableNames`); a mimic joint follows its leader as `multiplier · q + offset`. Link poses
/// are given in the root link's frame, or in the world when a base pose is passed.
public struct KinematicModel: Sendable {
  /// One joint of the tree, with its coordinate.
  public struct Joint: Hashable, Sendable {
    public var name: String
    public var kind: RobotJointKind
    /// Index of the parent and child link in `linkNames`.
    public var parent: Int
    public var child: Int
    /// The joint frame in the parent link frame.
    public var origin: Pose
    /// Unit axis in the joint frame.
    public var axis: Vector3
    /// Index into `q` of the coordinate that drives this joint (its own, or its leader's for a
    /// mimic joint); nil for fixed joints.
    public var variable: Int?
    /// The joint's position is `multiplier · q[variable] + offset`.
    public var multiplier: Double
    public var offset: Double
  }

  public let robotName: String
  /// Links in URDF file order; link indices refer to this list.
  public let linkNames: [String]
  /// Joints in URDF file order.
  public let joints: [Joint]
  /// Names of the independent movable joints, in URDF file order: the coordinates of `q`.
  public let variableNames: [String]
  /// Index of the root link.
  public let root: Int
  /// Per link: the index of the joint whose child it is, or nil for the root.
  public let parentJoint: [Int?]
  /// Joint indices ordered so that a joint comes after the joint of its parent link (breadth
  /// first from the root).
  public let traversal: [Int]
  /// Per link: mass properties from the description (nil for massless links).
  public let inertials: [LinkInertial?]
  /// Position range, speed and effort bounds per coordinate.
  public let lowerLimits: [Double]
  public let upperLimits: [Double]
  public let velocityLimits: [Double]
  public let effortLimits: [Double]

  private let linkIndexByName: [String: Int]
  private let variableIndexByName: [String: Int]

  /// Builds the tree of a loaded description (which the URDF loader has checked to be one tree).
  public init(_ robot: RobotDescription) throws {
    robotName = robot.name
    linkNames = robot.links.map(\.name)
    linkIndexByName = Dictionary(linkNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let independent = robot.independentJoints
    variableNames = independent.map(\.name)
    variableIndexByName = Dictionary(variableNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    inertials = robot.links.map(\.inertial)
    var joints: [Joint] = []
    var parentJoint = [Int?](repeating: nil, count: linkNames.count)
    for j in robot.joints {
      guard let p = linkIndexByName[j.parent], let c = linkIndexByName[j.child] else {
        throw KinematicsError.invalidModel("joint '\(j.name)' connects links that do not exist")
      }
      guard parentJoint[c] == nil else { throw KinematicsError.invalidModel("link '\(j.child)' has two parent joints") }
      var variable: Int?
      var multiplier = 1.0
      var offset = 0.0
      if j.kind.isMovable {
        if let m = j.mimic {
          guard let v = variableIndexByName[m.joint] else {
            throw KinematicsError.invalidModel("joint '\(j.name)' mimics '\(m.joint)', which is not an independent joint")
          }
          variable = v
          multiplier = m.multiplier
          offset = m.offset
        } else {
          variable = variableIndexByName[j.name]
        }
      }
      parentJoint[c] = joints.count
      joints.append(
        Joint(
          name: j.name, kind: j.kind, parent: p, child: c, origin: j.origin, axis: j.axis.normalized, variable: variable,
          multiplier: multiplier, offset: offset))
    }
    let roots = (0..<linkNames.count).filter { parentJoint[$0] == nil }
    guard roots.count == 1 else {
      throw KinematicsError.invalidModel("expected one root link, found \(roots.count)")
    }
    root = roots[0]
    self.joints = joints
    self.parentJoint = parentJoint
    // Breadth-first from the root.
    var children = [[Int]](repeating: [], count: linkNames.count)
    for (i, j) in joints.enumerated() { children[j.parent].append(i) }
    var order: [Int] = []
    var queue = [root]
    var head = 0
    while head < queue.count {
      let link = queue[head]
      head += 1
      for j in children[link] {
        order.append(j)
        queue.append(joints[j].child)
      }
    }
    guard order.count == joints.count else { throw KinematicsError.invalidModel("the joints contain a cycle") }
    traversal = order
    var lower: [Double] = []
    var upper: [Double] = []
    var velocity: [Double] = []
    var effort: [Double] = []
    for j in independent {
      let range = j.positionRange
      lower.append(range?.lowerBound ?? -.infinity)
      upper.append(range?.upperBound ?? .infinity)
      velocity.append(j.limits?.velocity.flatMap { $0 > 0 ? $0 : nil } ?? .infinity)
      effort.append(j.limits?.effort.flatMap { $0 > 0 ? $0 : nil } ?? .infinity)
    }
    lowerLimits = lower
    upperLimits = upper
    velocityLimits = velocity
    effortLimits = effort
  }

  /// The number of independent coordinates.
  public var dof: Int { variableNames.count }

  /// The index of a link.
  public func linkIndex(_ name: String) -> Int? { linkIndexByName[name] }

  /// The index in `q` of an independent joint.
  public func variableIndex(_ jointName: String) -> Int? { variableIndexByName[jointName] }

  /// The position of every joint (fixed joints 0) for coordinates `q`, in `joints` order.
  public func jointPositions(_ q: [Double]) -> [Double] {
    joints.map { j in j.variable.map { j.multiplier * q[$0] + j.offset } ?? 0 }
  }

  /// Joint indices from the root down to `link` (the movable and fixed joints on the way).
  public func chain(to link: Int) -> [Int] {
    var path: [Int] = []
    var current = link
    while let j = parentJoint[current] {
      path.append(j)
      current = joints[j].parent
    }
    return path.reversed()
  }

  // MARK: Limits

  /// Whether `q` lies within every position range (with `tolerance`).
  public func isWithinLimits(_ q: [Double], tolerance: Double = 0) -> Bool {
    q.indices.allSatisfy { q[$0] >= lowerLimits[$0] - tolerance && q[$0] <= upperLimits[$0] + tolerance }
  }

  /// `q` with every coordinate clamped to its position range.
  public func clamped(_ q: [Double]) -> [Double] {
    q.indices.map { Swift.min(upperLimits[$0], Swift.max(lowerLimits[$0], q[$0])) }
  }

  /// The position range of an independent joint by name; nil for unknown names. Continuous joints
  /// give `-∞...∞`.
  public func positionLimits(of joint: String) -> ClosedRange<Double>? {
    variableIndexByName[joint].map { lowerLimits[$0]...upperLimits[$0] }
  }

  /// Checks that `q` has one finite value per coordinate.
  public func check(_ q: [Double]) throws {
    guard q.count == dof else {
      throw KinematicsError.invalidArgument(
        "expected \(dof) joint positions (\(variableNames.joined(separator: ", "))), got \(q.count)")
    }
    if let bad = q.firstIndex(where: { !$0.isFinite }) {
      throw KinematicsError.invalidArgument("joint '\(variableNames[bad])': position is not finite")
    }
  }
}

/// Errors of the kinematics layer.
public enum KinematicsError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The description is not a single tree, or refers to joints it lacks.
  case invalidModel(String)
  /// A wrong number of joint values, an unknown link, a non-finite target.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .invalidModel(let m): return "invalid kinematic model: \(m)"
    case .invalidArgument(let m): return m
    }
  }
}
