import ArmatureCore
import SceneDescription

/// How the twin's physics arm differs from the arm a policy was trained on: the dynamics-difference
/// file of `armature twin serve --dynamics FILE`, so that the twin can stand in for a "real" arm in
/// sim-to-real tests.
///
/// ```yaml
/// friction: [4, 4, 3, 0.5, 0.5, 0.5]   # Coulomb friction per joint, N·m (training: 0)
/// damping: [2, 2, 1, 0.2, 0.2, 0.2]    # viscous damping per joint, N·m·s/rad (training: 0)
/// latency: 3                           # controller cycles before a target reaches the drives
/// jointOffsets: [0, 0.01, 0, 0, 0, 0]  # encoder bias, rad: reported = true position + offset
/// gainScale: 0.8                       # scale of the joint position drives' gains
/// ```
///
/// Every key is optional; absent keys keep the training values (no friction, no damping, no
/// latency, no offsets, gain scale 1). Per-joint lists have one value per UR joint, base first.
public struct TwinDynamics: Hashable, Sendable, Decodable {
  /// Coulomb friction of each joint (N·m), ≥ 0.
  public var friction: [Double]
  /// Viscous damping of each joint (N·m·s/rad), ≥ 0.
  public var damping: [Double]
  /// Controller cycles between the motion layer's target and the joint drives acting on it.
  public var latency: Int
  /// Encoder bias of each joint (rad): the controller sees and reports the true position plus
  /// this offset, and servoes that reading to its targets, so the true joint stands `-offset`
  /// from where the controller believes it is.
  public var jointOffsets: [Double]
  /// Scale of the joint drives' position gains (stiffness and damping), > 0.
  public var gainScale: Double

  /// The training arm: no differences.
  public init(
    friction: [Double] = TwinDynamicsDefaults.zeros, damping: [Double] = TwinDynamicsDefaults.zeros, latency: Int = 0,
    jointOffsets: [Double] = TwinDynamicsDefaults.zeros, gainScale: Double = 1
  ) {
    self.friction = friction
    self.damping = damping
    self.latency = latency
    self.jointOffsets = jointOffsets
    self.gainScale = gainScale
  }

  /// Whether this is the training arm (nothing differs).
  public var isNominal: Bool { self == TwinDynamics() }

  enum CodingKeys: String, CodingKey { case friction, damping, latency, jointOffsets, gainScale }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    let joints = TwinDynamicsDefaults.joints
    func perJoint(_ key: CodingKeys, _ what: String, valid: (Double) -> Bool) throws -> [Double] {
      try c.value(key, default: TwinDynamicsDefaults.zeros, expected: "a list of \(joints) \(what)") {
        $0.count == joints && $0.allSatisfy(valid)
      }
    }
    friction = try perJoint(.friction, "frictions ≥ 0 (N·m)") { $0 >= 0 && $0.isFinite }
    damping = try perJoint(.damping, "dampings ≥ 0 (N·m·s/rad)") { $0 >= 0 && $0.isFinite }
    latency = try c.value(.latency, default: 0, expected: "a whole number of controller cycles in 0...\(TwinDynamicsDefaults.maximumLatency)") {
      (0...TwinDynamicsDefaults.maximumLatency).contains($0)
    }
    jointOffsets = try perJoint(.jointOffsets, "offsets in [-0.5, 0.5] rad") { abs($0) <= 0.5 }
    gainScale = try c.value(.gainScale, default: 1, expected: "a scale in [0.05, 20]") { (0.05...20).contains($0) }
  }

  /// Reads a dynamics-difference file; errors name the file, the line and the key.
  public static func load(file: String) throws -> TwinDynamics {
    try ConfigLoader.load(TwinDynamics.self, file: file)
  }
}

/// Defaults of the twin's dynamics-difference file.
public enum TwinDynamicsDefaults {
  /// Joints of a UR arm.
  public static let joints = 6
  /// A per-joint list of zeros.
  public static let zeros = [Double](repeating: 0, count: joints)
  /// The longest latency the file may ask for (cycles; 0.5 s on an e-Series).
  public static let maximumLatency = 250
}
