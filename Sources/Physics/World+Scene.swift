import ArmatureCore
import SceneDescription

extension World {
  /// Builds the world a scene describes: its materials, static geometry, free objects, joints and
  /// robots. Bodies and geoms take the names of the scene's objects (`NAME` for a single shape,
  /// `NAME/partI` for the parts of a compound object); a robot's links and joints are named
  /// `ROBOT/LINK` and `ROBOT/JOINT` (see `addRobot`).
  /// - Parameters:
  ///   - packagePath: where the robots' URDFs look for `package://` meshes.
  ///   - robotDescriptions: URDFs already loaded, by robot name (the rest are read from disk).
  public convenience init(
    scene: Scene, seed: UInt64 = 0, packagePath: PackageSearchPath = .withEnvironment(),
    robotDescriptions: [String: RobotDescription] = [:]
  ) throws {
    try self.init(settings: scene.world, seed: seed)
    var materialIDs: [String: MaterialID] = [SceneDefaults.materialName: MaterialID(0)]
    for m in scene.materials {
      if m.name == SceneDefaults.materialName {
        try setMaterial(MaterialID(0), m)
      } else {
        materialIDs[m.name] = addMaterial(m)
      }
    }
    func material(_ name: String, for owner: String) throws -> MaterialID {
      guard let id = materialIDs[name] else { throw PhysicsError.scene("'\(owner)': unknown material '\(name)'") }
      return id
    }
    for s in scene.staticGeometry {
      try addGeom(
        GeomSpec(
          name: s.name, shape: try physicsShape(s.shape, scene: scene, owner: s.name), pose: s.pose,
          material: try material(s.material, for: s.name), surfaceVelocity: s.surfaceVelocity))
    }
    for o in scene.objects {
      try addObject(o, scene: scene, material: material)
    }
    for j in scene.joints {
      guard let child = body(named: j.child) else { throw PhysicsError.scene("joint '\(j.name)': unknown child '\(j.child)'") }
      var parent: BodyID?
      if j.parent != SceneJoint.world {
        guard let p = body(named: j.parent) else {
          throw PhysicsError.scene("joint '\(j.name)': unknown parent '\(j.parent)'")
        }
        parent = p
      }
      try addJoint(
        JointSpec(
          name: j.name, kind: j.kind, parent: parent, child: child, anchor: j.anchor, axis: j.axis, limits: j.limits,
          damping: j.damping, friction: j.friction, collideConnected: j.collideConnected))
    }
    for r in scene.robots {
      let description: RobotDescription
      if let given = robotDescriptions[r.name] {
        description = given
      } else {
        do {
          description = try URDFLoader.load(file: scene.resolve(r.urdf), packagePath: packagePath)
        } catch {
          throw PhysicsError.scene("robot '\(r.name)': \(error)")
        }
      }
      try addRobot(description, name: r.name, base: r.base, initialPositions: r.initialJoints)
    }
  }

  private func addObject(
    _ o: SceneObject, scene: Scene, material: (String, String) throws -> MaterialID
  ) throws {
    let shapes = try o.parts.map { try physicsShape($0.shape, scene: scene, owner: o.name) }
    // Mass: split a given total over the parts by volume, or use the density.
    let volumes = try zip(o.parts, shapes).map { part, shape -> Double in
      if case .mesh(let mesh) = shape {
        guard let v = mesh.volumeIntegrals()?.volume, v > 0 else {
          throw PhysicsError.scene("object '\(o.name)': mesh encloses no volume, so its mass cannot be spread")
        }
        return v
      }
      return part.shape.volume ?? 0
    }
    let totalVolume = volumes.reduce(0, +)
    guard totalVolume > 0 else { throw PhysicsError.scene("object '\(o.name)': has no volume") }
    let totalMass: Double
    switch o.massSpecification {
    case .mass(let m): totalMass = m
    case .density(let d): totalMass = d * totalVolume
    }
    var parts: [(MassProperties, Pose)] = []
    for (i, shape) in shapes.enumerated() {
      let m = totalMass * volumes[i] / totalVolume
      let properties: MassProperties?
      if case .mesh(let mesh) = shape {
        properties = MassProperties.of(mesh: mesh, mass: m)
      } else {
        properties = MassProperties.of(o.parts[i].shape, mass: m)
      }
      guard let properties else { throw PhysicsError.scene("object '\(o.name)': part \(i) has no mass properties") }
      parts.append((properties, o.parts[i].pose))
    }
    let body = try addBody(
      BodySpec(
        name: o.name, pose: o.pose, mass: MassProperties.combine(parts), linearVelocity: o.linearVelocity,
        angularVelocity: o.angularVelocity))
    for (i, part) in o.parts.enumerated() {
      let name = o.parts.count == 1 ? o.name : "\(o.name)/part\(i)"
      try addGeom(
        GeomSpec(
          name: name, shape: shapes[i], pose: part.pose, material: try material(part.material ?? o.material, o.name)),
        to: body)
    }
  }

  private func physicsShape(_ shape: Shape, scene: Scene, owner: String) throws -> PhysicsShape {
    switch shape {
    case .box(let s): return .box(size: s)
    case .sphere(let r): return .sphere(radius: r)
    case .capsule(let r, let l): return .capsule(radius: r, length: l)
    case .cylinder(let r, let l): return .cylinder(radius: r, length: l)
    case .plane(let n, let o): return .plane(normal: n, offset: o)
    case .mesh(let file, let scale):
      do {
        return .mesh(try MeshLoader.load(scene.resolve(file)).scaled(by: scale))
      } catch let e as LocatedError {
        throw PhysicsError.scene("'\(owner)': \(e)")
      }
    }
  }
}
