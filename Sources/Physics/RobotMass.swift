import ArmatureCore
import SceneDescription

/// Mass properties of the rigid body that a group of welded links becomes.
enum RobotMass {
  /// The combined inertials of `members` (link, link frame in the body frame). A body whose links
  /// state no mass gets one from its collision shapes at `density`; a body whose inertia is not
  /// physical (not positive definite, or violating the triangle inequality) keeps its mass and
  /// centre of mass and gets the inertia of its collision shapes, or of a small solid sphere.
  /// Each repair adds a warning.
  static func body(
    named name: String, members: [(RobotLink, Pose)], shapes: [(PhysicsShape, Pose)], density: Double,
    warnings: inout [String]
  ) -> MassProperties {
    var parts: [(MassProperties, Pose)] = []
    for (link, offset) in members {
      guard let inertial = link.inertial, inertial.mass > 0 else { continue }
      parts.append(
        (
          MassProperties(mass: inertial.mass, centerOfMass: inertial.origin.position, inertia: inertial.inertiaInLinkAxes),
          offset
        ))
    }
    let fromShapes = shapeMass(shapes, density: density)
    guard !parts.isEmpty else {
      if let fromShapes {
        warnings.append(
          "body '\(name)': no link states a mass; using its collision shapes at \(Int(density)) kg/m³ (\(format(fromShapes.mass)) kg)")
        return fromShapes
      }
      let fallback = sphere(mass: 0.1, radius: 0.02, at: .zero)
      warnings.append("body '\(name)': no mass and no collision volume; using a 0.1 kg sphere of radius 2 cm")
      return fallback
    }
    var combined = MassProperties.combine(parts)
    if let problem = combined.problem {
      if let s = fromShapes {
        combined.inertia = (combined.mass / s.mass) * s.inertia
        warnings.append("body '\(name)': \(problem); using the inertia of its collision shapes")
      } else {
        combined.inertia = sphere(mass: combined.mass, radius: 0.02, at: .zero).inertia
        warnings.append("body '\(name)': \(problem); using the inertia of a solid sphere of radius 2 cm")
      }
      if combined.problem != nil {
        combined.inertia = sphere(mass: combined.mass, radius: 0.02, at: .zero).inertia
      }
    }
    return combined
  }

  /// Uniform solids of the given shapes at `density`, or nil if they enclose no volume.
  private static func shapeMass(_ shapes: [(PhysicsShape, Pose)], density: Double) -> MassProperties? {
    var parts: [(MassProperties, Pose)] = []
    for (shape, pose) in shapes {
      var properties: MassProperties?
      switch shape {
      case .box(let s): properties = MassProperties.of(.box(size: s), mass: density * s.x * s.y * s.z)
      case .sphere(let r): properties = MassProperties.of(.sphere(radius: r), mass: density * 4 / 3 * .pi * r * r * r)
      case .cylinder(let r, let l): properties = MassProperties.of(.cylinder(radius: r, length: l), mass: density * .pi * r * r * l)
      case .capsule(let r, let l):
        properties = MassProperties.of(.capsule(radius: r, length: l), mass: density * (.pi * r * r * l + 4 / 3 * .pi * r * r * r))
      case .mesh(let m):
        if let v = m.volumeIntegrals()?.volume, v > 1e-12 { properties = MassProperties.of(mesh: m, mass: density * v) }
      case .plane: properties = nil
      }
      if let p = properties, p.problem == nil { parts.append((p, pose)) }
    }
    guard !parts.isEmpty else { return nil }
    let combined = MassProperties.combine(parts)
    return combined.problem == nil ? combined : nil
  }

  private static func sphere(mass: Double, radius: Double, at c: Vector3) -> MassProperties {
    MassProperties(mass: mass, centerOfMass: c, inertia: .diagonal(Vector3(repeating: 0.4 * mass * radius * radius)))
  }

  private static func format(_ x: Double) -> String { JSONValue.number((x * 1e4).rounded() / 1e4).serialized() }
}
