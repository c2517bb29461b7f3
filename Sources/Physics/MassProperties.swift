import ArmatureCore
import SceneDescription

/// Mass, centre of mass and rotational inertia of a rigid body.
public struct MassProperties: Hashable, Sendable {
  /// Mass in kg.
  public var mass: Double
  /// Centre of mass in the body's own frame.
  public var centerOfMass: Vector3
  /// Inertia tensor about the centre of mass, in the body frame's axes (kg·m²).
  public var inertia: Matrix3

  public init(mass: Double, centerOfMass: Vector3 = .zero, inertia: Matrix3) {
    self.mass = mass
    self.centerOfMass = centerOfMass
    self.inertia = inertia
  }

  /// A uniform solid of `shape` with the given mass; nil for planes. Meshes need the loaded mesh
  /// (`of(mesh:mass:)`).
  public static func of(_ shape: Shape, mass m: Double) -> MassProperties? {
    switch shape {
    case .box(let s):
      return MassProperties(
        mass: m,
        inertia: .diagonal(
          Vector3(s.y * s.y + s.z * s.z, s.x * s.x + s.z * s.z, s.x * s.x + s.y * s.y) * (m / 12)))
    case .sphere(let r):
      return MassProperties(mass: m, inertia: .diagonal(Vector3(repeating: 0.4 * m * r * r)))
    case .cylinder(let r, let l):
      let side = m * (3 * r * r + l * l) / 12
      return MassProperties(mass: m, inertia: .diagonal(Vector3(side, side, m * r * r / 2)))
    case .capsule(let r, let l):
      // A cylinder plus two hemispheres, with the caps' own inertia moved to their centres.
      let vc = Double.pi * r * r * l
      let vs = 4 / 3 * Double.pi * r * r * r
      let mc = m * vc / (vc + vs)
      let ms = m - mc
      let axial = mc * r * r / 2 + ms * 0.4 * r * r
      let side = mc * (3 * r * r + l * l) / 12 + ms * (0.4 * r * r + l * l / 4 + 3 * l * r / 8)
      return MassProperties(mass: m, inertia: .diagonal(Vector3(side, side, axial)))
    case .plane, .mesh:
      return nil
    }
  }

  /// A uniform solid bounded by a closed, outward-wound triangle mesh (signed tetrahedra), or nil
  /// if the mesh encloses no volume.
  public static func of(mesh: TriangleMesh, mass m: Double) -> MassProperties? {
    guard let v = mesh.volumeIntegrals(), v.volume > 1e-15 else { return nil }
    let density = m / v.volume
    let c = v.firstMoment / v.volume
    // Second moments → inertia about the origin, then about the centre of mass.
    let s = density * v.secondMoment
    let trace = s[0, 0] + s[1, 1] + s[2, 2]
    let atOrigin = Matrix3(
      Vector3(trace - s[0, 0], -s[0, 1], -s[0, 2]), Vector3(-s[1, 0], trace - s[1, 1], -s[1, 2]),
      Vector3(-s[2, 0], -s[2, 1], trace - s[2, 2]))
    return MassProperties(mass: m, centerOfMass: c, inertia: atOrigin + (-1.0) * steiner(m, c))
  }

  /// Combines parts: `parts` are given in their own frames, placed by `poses` in the body frame.
  public static func combine(_ parts: [(MassProperties, Pose)]) -> MassProperties {
    let total = parts.reduce(0) { $0 + $1.0.mass }
    let com = parts.reduce(Vector3.zero) { $0 + $1.0.mass * $1.1.transform($1.0.centerOfMass) } / total
    var inertia = Matrix3.zero
    for (p, pose) in parts {
      let r = pose.orientation.matrix
      let rotated = r * p.inertia * r.transposed
      inertia = inertia + rotated + steiner(p.mass, pose.transform(p.centerOfMass) - com)
    }
    return MassProperties(mass: total, centerOfMass: com, inertia: inertia)
  }

  /// The parallel-axis term m(|d|²I − d dᵀ).
  static func steiner(_ m: Double, _ d: Vector3) -> Matrix3 {
    let dd = d.dot(d)
    return m
      * Matrix3(
        Vector3(dd - d.x * d.x, -d.x * d.y, -d.x * d.z), Vector3(-d.y * d.x, dd - d.y * d.y, -d.y * d.z),
        Vector3(-d.z * d.x, -d.z * d.y, dd - d.z * d.z))
  }

  /// Why ODE would refuse these properties, or nil if they are valid: a positive finite mass and a
  /// symmetric positive-definite inertia that satisfies the triangle inequality.
  public var problem: String? {
    guard mass > 0, mass.isFinite else { return "mass must be positive and finite, got \(mass)" }
    guard centerOfMass.isFinite else { return "centre of mass is not finite" }
    guard inertia.isPositiveDefinite else { return "inertia is not symmetric positive definite" }
    let d = Vector3(inertia[0, 0], inertia[1, 1], inertia[2, 2])
    let slack = 1e-9 * (d.x + d.y + d.z)
    guard d.x + d.y >= d.z - slack, d.y + d.z >= d.x - slack, d.x + d.z >= d.y - slack else {
      return "inertia violates the triangle inequality (principal moments \(d.array))"
    }
    return nil
  }
}

extension TriangleMesh {
  /// Volume, first moment and second moment (∫ x xᵀ dV) of the solid the mesh encloses.
  func volumeIntegrals() -> (volume: Double, firstMoment: Vector3, secondMoment: Matrix3)? {
    var volume = 0.0
    var first = Vector3.zero
    var second = Matrix3.zero
    for t in 0..<triangleCount {
      let a = vertices[Int(indices[3 * t])]
      let b = vertices[Int(indices[3 * t + 1])]
      let c = vertices[Int(indices[3 * t + 2])]
      let v = a.dot(b.cross(c)) / 6  // signed volume of the tetrahedron (0, a, b, c)
      volume += v
      first += v * (a + b + c) / 4
      // ∫ x xᵀ over the tetrahedron: v/20 (Σ p pᵀ + (Σ p)(Σ p)ᵀ) with the origin as fourth vertex.
      let s = a + b + c
      for i in 0..<3 {
        for j in 0..<3 {
          second[i, j] += v / 20 * (a[i] * a[j] + b[i] * b[j] + c[i] * c[j] + s[i] * s[j])
        }
      }
    }
    guard volume.isFinite else { return nil }
    if volume < 0 {  // inward-wound: flip signs
      return (-volume, -1 * first, -1.0 * second)
    }
    return (volume, first, second)
  }
}
