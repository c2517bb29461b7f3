import ArmatureCore

/// How ODE solves each step.
public enum SolverKind: String, ConfigEnum {
  /// ODE's iterative projected Gauss–Seidel solver (`dWorldQuickStep`): fast, approximate.
  case quickstep
  /// ODE's exact LCP solver (`dWorldStep`): slower, and cubic in the number of constraints.
  case exact
}

/// How the collision space finds candidate pairs.
public enum BroadphaseKind: String, ConfigEnum {
  /// Tests every pair of bounding boxes: fastest for the few dozen geoms of a manipulation scene.
  case simple
  /// A multi-resolution hash grid: better for hundreds of geoms.
  case hash
}

/// World-wide simulation settings.
public struct WorldSettings: Hashable, Sendable, Codable {
  /// Gravity in m/s².
  public var gravity = SceneDefaults.gravity
  /// The fixed physics time step in seconds.
  public var timestep = SceneDefaults.timestep
  public var solver = SceneDefaults.solver
  public var broadphase = SceneDefaults.broadphase
  /// Quickstep iterations per step.
  public var iterations = SceneDefaults.iterations
  /// Quickstep's successive over-relaxation factor.
  public var overRelaxation = SceneDefaults.overRelaxation
  /// Global error reduction parameter, in (0, 1].
  public var erp = SceneDefaults.erp
  /// Global constraint force mixing, ≥ 0.
  public var cfm = SceneDefaults.cfm
  public var contacts = ContactSettings()
  public var divergence = DivergenceLimits()

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case gravity, timestep, solver, broadphase, iterations, overRelaxation, erp, cfm, contacts, divergence
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    gravity = try c.vector(.gravity, default: SceneDefaults.gravity)
    timestep = try c.value(.timestep, default: SceneDefaults.timestep, expected: "a time step in (0, 0.1] seconds") {
      $0 > 0 && $0 <= 0.1
    }
    solver = try c.value(.solver, default: SceneDefaults.solver)
    broadphase = try c.value(.broadphase, default: SceneDefaults.broadphase)
    iterations = try c.value(.iterations, default: SceneDefaults.iterations, expected: "an integer in 1...1000") {
      (1...1000).contains($0)
    }
    overRelaxation = try c.value(
      .overRelaxation, default: SceneDefaults.overRelaxation, expected: "a number in (0, 2)"
    ) { $0 > 0 && $0 < 2 }
    erp = try c.value(.erp, default: SceneDefaults.erp, expected: "a number in (0, 1]") { $0 > 0 && $0 <= 1 }
    cfm = try c.value(.cfm, default: SceneDefaults.cfm, expected: "a number ≥ 0") { $0 >= 0 && $0.isFinite }
    contacts = try c.value(.contacts, default: ContactSettings())
    divergence = try c.value(.divergence, default: DivergenceLimits())
  }
}

/// Contact generation settings.
public struct ContactSettings: Hashable, Sendable, Codable {
  /// Most contact points kept between two geoms.
  public var maxPerPair = SceneDefaults.maxContactsPerPair
  /// Allowed penetration depth before correction, in metres.
  public var surfaceLayer = SceneDefaults.surfaceLayer
  /// Largest correcting velocity in m/s.
  public var maxCorrectingVelocity = SceneDefaults.maxCorrectingVelocity
  /// Normal speed below which restitution is ignored, in m/s.
  public var bounceThreshold = SceneDefaults.bounceThreshold

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case maxPerPair, surfaceLayer, maxCorrectingVelocity, bounceThreshold
  }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    maxPerPair = try c.value(.maxPerPair, default: SceneDefaults.maxContactsPerPair, expected: "an integer in 1...64") {
      (1...64).contains($0)
    }
    surfaceLayer = try c.value(.surfaceLayer, default: SceneDefaults.surfaceLayer, expected: "a depth ≥ 0") {
      $0 >= 0 && $0.isFinite
    }
    maxCorrectingVelocity = try c.value(
      .maxCorrectingVelocity, default: SceneDefaults.maxCorrectingVelocity, expected: "a speed > 0"
    ) { $0 > 0 }
    bounceThreshold = try c.value(.bounceThreshold, default: SceneDefaults.bounceThreshold, expected: "a speed ≥ 0") {
      $0 >= 0 && $0.isFinite
    }
  }
}

/// Speeds that count as a physics blow-up: the step that exceeds them throws a divergence error.
public struct DivergenceLimits: Hashable, Sendable, Codable {
  public var maxLinearSpeed = SceneDefaults.maxLinearSpeed
  public var maxAngularSpeed = SceneDefaults.maxAngularSpeed

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable { case maxLinearSpeed, maxAngularSpeed }

  public init(from decoder: any Decoder) throws {
    let c = try ConfigContainer(decoder, keyedBy: CodingKeys.self)
    maxLinearSpeed = try c.value(.maxLinearSpeed, default: SceneDefaults.maxLinearSpeed, expected: "a speed > 0") {
      $0 > 0
    }
    maxAngularSpeed = try c.value(.maxAngularSpeed, default: SceneDefaults.maxAngularSpeed, expected: "a speed > 0") {
      $0 > 0
    }
  }
}

extension ConfigContainer {
  /// A 3-vector written as a list of three numbers.
  public func vector(_ key: Key, default fallback: Vector3) throws -> Vector3 {
    try vector(key, default: fallback, expected: "3 numbers") { _ in true }
  }

  /// A 3-vector checked by `isValid`, reported as `expected DESCRIPTION, got [..]`.
  public func vector(
    _ key: Key, default fallback: Vector3, expected description: String, _ isValid: (Vector3) -> Bool
  ) throws -> Vector3 {
    try optionalVector(key, expected: description, isValid) ?? fallback
  }

  /// An optional 3-vector checked by `isValid`.
  public func optionalVector(
    _ key: Key, expected description: String = "3 numbers", _ isValid: (Vector3) -> Bool = { _ in true }
  ) throws -> Vector3? {
    guard let values = try optional([Double].self, key) else { return nil }
    guard values.count == 3, values.allSatisfy(\.isFinite), let v = Vector3(array: values), isValid(v) else {
      try problem(key, "expected \(description), got \(describeValue(values))")
      return nil
    }
    return v
  }
}
