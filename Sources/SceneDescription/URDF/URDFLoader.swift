import ArmatureCore
import Foundation

/// Reads URDF robot descriptions: links with inertial, visual and collision elements, joints
/// (revolute, continuous, prismatic, fixed) with limits, dynamics and mimic, and materials.
///
/// Every problem is reported with the file, the line and the element, for example
/// `robot.urdf:42: joint 'elbow': parent link 'upper_arm' does not exist`, and all problems of a
/// file are thrown together as `LocatedErrors`. Mesh files are resolved through a
/// `PackageSearchPath` and STL and OBJ meshes are read; a Collada (`.dae`) visual is replaced by its
/// link's collision shapes, with one warning for the file.
public enum URDFLoader {
  /// Reads and checks the URDF file at `path`.
  /// - Parameters:
  ///   - packagePath: where `package://` and relative mesh paths are looked for (the URDF's own
  ///     folder is always tried).
  ///   - loadMeshes: read every STL and OBJ file the links refer to into `meshes`.
  public static func load(
    file path: String, packagePath: PackageSearchPath = .withEnvironment(), loadMeshes: Bool = true
  ) throws -> RobotDescription {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LocatedErrors([LocatedError(file: path, message: "no such file")])
    }
    guard !isDirectory.boolValue else { throw LocatedErrors([LocatedError(file: path, message: "is a folder, not a file")]) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedErrors([LocatedError(file: path, message: "cannot be read")])
    }
    return try parse(data, file: path, packagePath: packagePath, loadMeshes: loadMeshes)
  }

  /// Parses URDF text attributed to `file` (mesh paths resolve relative to that file's folder).
  public static func parse(
    _ data: Data, file: String, packagePath: PackageSearchPath = .withEnvironment(), loadMeshes: Bool = true
  ) throws -> RobotDescription {
    let root: MarkupElement
    do {
      root = try MarkupElement.parse(data, file: file)
    } catch let e as LocatedError {
      throw LocatedErrors([e])
    }
    var reader = URDFReader(file: file, packagePath: packagePath)
    let robot = reader.read(root, loadMeshes: loadMeshes)
    if !reader.errors.isEmpty {
      throw LocatedErrors(reader.errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }
    return robot
  }
}

/// One pass over a URDF element tree, collecting problems as it goes.
struct URDFReader {
  let file: String
  let packagePath: PackageSearchPath
  var errors: [LocatedError] = []
  var warnings: [LocatedError] = []
  var materials: [String: Color] = [:]

  init(file: String, packagePath: PackageSearchPath) {
    self.file = file
    self.packagePath = packagePath
  }

  mutating func error(_ element: MarkupElement, _ context: String, _ message: String) {
    errors.append(LocatedError(file: file, line: element.line, context: context, message: message))
  }

  // MARK: Document

  mutating func read(_ root: MarkupElement, loadMeshes: Bool) -> RobotDescription {
    guard root.name == "robot" else {
      error(root, "<\(root.name)>", "the root element must be <robot>")
      return RobotDescription(name: "", file: file, links: [], joints: [])
    }
    let name = root.attributes["name"] ?? ""
    if name.isEmpty { error(root, "<robot>", "missing attribute 'name'") }
    // Top-level materials first: visuals may refer to a material declared after them.
    for m in root.children(named: "material") {
      guard let materialName = nonEmpty(m, "name", "<material>") else { continue }
      if let color = readColor(m, context: "material '\(materialName)'") { materials[materialName] = color }
    }
    var links: [RobotLink] = []
    var linkLines: [String: Int] = [:]
    for element in root.children(named: "link") {
      guard let link = readLink(element) else { continue }
      if let first = linkLines[link.name] {
        error(element, "link '\(link.name)'", "duplicate link name (first defined at line \(first))")
        continue
      }
      linkLines[link.name] = element.line
      links.append(link)
    }
    if links.isEmpty && errors.isEmpty { error(root, "robot '\(name)'", "the robot has no links") }
    var joints: [RobotJoint] = []
    var jointLines: [String: Int] = [:]
    for element in root.children(named: "joint") {
      guard let joint = readJoint(element) else { continue }
      if let first = jointLines[joint.name] {
        error(element, "joint '\(joint.name)'", "duplicate joint name (first defined at line \(first))")
        continue
      }
      jointLines[joint.name] = element.line
      joints.append(joint)
    }
    readGazeboFriction(root, links: &links)
    checkTree(links: links, joints: joints)
    checkMimics(joints)
    var robot = RobotDescription(name: name, file: file, links: links, joints: joints, materials: materials)
    replaceColladaVisuals(&robot)
    if loadMeshes { readMeshes(&robot) }
    robot.warnings = warnings
    return robot
  }

  // MARK: Links

  mutating func readLink(_ element: MarkupElement) -> RobotLink? {
    guard let name = nonEmpty(element, "name", "<link>") else { return nil }
    let context = "link '\(name)'"
    var link = RobotLink(name: name, line: element.line)
    let inertials = element.children(named: "inertial")
    if inertials.count > 1 { error(inertials[1], context, "more than one <inertial>") }
    if let inertial = inertials.first { link.inertial = readInertial(inertial, context: context) }
    for v in element.children(named: "visual") {
      if let shape = readShape(v, context: context + " <visual>", isVisual: true) { link.visuals.append(shape) }
    }
    for c in element.children(named: "collision") {
      if let shape = readShape(c, context: context + " <collision>", isVisual: false) { link.collisions.append(shape) }
    }
    return link
  }

  mutating func readInertial(_ element: MarkupElement, context: String) -> LinkInertial? {
    let origin = readOrigin(element, context: context + " <inertial>")
    guard let massElement = element.child(named: "mass") else {
      error(element, context + " <inertial>", "missing <mass value=...>")
      return nil
    }
    guard let mass = number(massElement, "value", context + " <inertial> <mass>", required: true) else { return nil }
    if mass < 0 { error(massElement, context + " <inertial> <mass>", "mass must be ≥ 0, got \(describeValue(mass))") }
    var inertia = Matrix3.zero
    if let i = element.child(named: "inertia") {
      let ctx = context + " <inertial> <inertia>"
      let ixx = number(i, "ixx", ctx, required: true) ?? 0
      let iyy = number(i, "iyy", ctx, required: true) ?? 0
      let izz = number(i, "izz", ctx, required: true) ?? 0
      let ixy = number(i, "ixy", ctx) ?? 0
      let ixz = number(i, "ixz", ctx) ?? 0
      let iyz = number(i, "iyz", ctx) ?? 0
      inertia = Matrix3(Vector3(ixx, ixy, ixz), Vector3(ixy, iyy, iyz), Vector3(ixz, iyz, izz))
    } else {
      error(element, context + " <inertial>", "missing <inertia ixx=... iyy=... izz=...>")
    }
    return LinkInertial(origin: origin, mass: max(0, mass), inertia: inertia)
  }

  mutating func readShape(_ element: MarkupElement, context: String, isVisual: Bool) -> LinkShape? {
    let origin = readOrigin(element, context: context)
    guard let geometry = element.child(named: "geometry") else {
      error(element, context, "missing <geometry>")
      return nil
    }
    guard let g = geometry.children.first else {
      error(geometry, context + " <geometry>", "empty <geometry>: expected <box>, <cylinder>, <sphere>, <capsule> or <mesh>")
      return nil
    }
    let gctx = context + " <\(g.name)>"
    let shape: Shape
    switch g.name {
    case "box":
      guard let size = vector(g, "size", gctx, required: true) else { return nil }
      guard size.min() > 0 else {
        error(g, gctx, "box size must be positive, got \(describeValue(size))")
        return nil
      }
      shape = .box(size: size)
    case "sphere":
      guard let r = positive(g, "radius", gctx) else { return nil }
      shape = .sphere(radius: r)
    case "cylinder", "capsule":
      let r = positive(g, "radius", gctx)
      let l = positive(g, "length", gctx)
      guard let r, let l else { return nil }
      shape = g.name == "cylinder" ? .cylinder(radius: r, length: l) : .capsule(radius: r, length: l)
    case "mesh":
      guard let uri = nonEmpty(g, "filename", gctx) else { return nil }
      var scale = Vector3(1, 1, 1)
      if let text = g.attributes["scale"] {
        guard let values = numbers(text, g, "scale", gctx) else { return nil }
        if values.count == 1 {
          scale = Vector3(repeating: values[0])
        } else if values.count == 3 {
          scale = Vector3(values[0], values[1], values[2])
        } else {
          error(g, gctx, "attribute 'scale': expected 3 numbers, got \(values.count)")
          return nil
        }
        guard scale.x != 0, scale.y != 0, scale.z != 0 else {
          error(g, gctx, "attribute 'scale': every factor must be nonzero, got \(describeValue(scale))")
          return nil
        }
      }
      switch packagePath.resolve(uri, urdfFile: file) {
      case .found(let path):
        shape = .mesh(file: path, scale: scale)
      case .notFound(let tried):
        let where_ = tried.isEmpty ? "" : " (looked at " + tried.joined(separator: ", ") + ")"
        let hint = uri.hasPrefix("package://") ? "; add the folder that holds the package with --package-path or \(PackageSearchPath.environmentVariable)" : ""
        error(g, gctx, "mesh file '\(uri)' not found\(where_)\(hint)")
        return nil
      }
    default:
      error(g, gctx, "unknown geometry <\(g.name)>: expected <box>, <cylinder>, <sphere>, <capsule> or <mesh>")
      return nil
    }
    var color: Color?
    var materialName: String?
    if isVisual, let m = element.child(named: "material") {
      materialName = m.attributes["name"].flatMap { $0.isEmpty ? nil : $0 }
      if let inline = readColor(m, context: context + " <material>") {
        color = inline
      } else if let n = materialName {
        if let known = materials[n] {
          color = known
        } else if m.child(named: "texture") == nil {
          error(m, context + " <material>", "unknown material '\(n)' (declare it at the top level with a <color>)")
        }
      }
    }
    return LinkShape(
      name: element.attributes["name"], origin: origin, shape: shape, color: color, materialName: materialName,
      line: element.line)
  }

  mutating func readColor(_ material: MarkupElement, context: String) -> Color? {
    guard let c = material.child(named: "color") else { return nil }
    guard let text = c.attributes["rgba"] else {
      error(c, context + " <color>", "missing attribute 'rgba'")
      return nil
    }
    guard let v = numbers(text, c, "rgba", context + " <color>") else { return nil }
    guard v.count == 4 || v.count == 3 else {
      error(c, context + " <color>", "attribute 'rgba': expected 4 numbers, got \(v.count)")
      return nil
    }
    let clamped = v.map { min(1, max(0, $0)) }
    return Color(red: clamped[0], green: clamped[1], blue: clamped[2], alpha: v.count == 4 ? clamped[3] : 1)
  }

  /// Surface friction from Gazebo extensions: `<gazebo reference="LINK"><mu1>μ</mu1></gazebo>`
  /// (`mu2`, Gazebo's second friction direction, is ignored: contacts here are isotropic).
  mutating func readGazeboFriction(_ root: MarkupElement, links: inout [RobotLink]) {
    for g in root.children(named: "gazebo") {
      guard let reference = g.attributes["reference"], let mu = g.child(named: "mu1") else { continue }
      let context = "<gazebo reference='\(reference)'> <mu1>"
      guard let i = links.firstIndex(where: { $0.name == reference }) else {
        error(g, context, "link '\(reference)' does not exist")
        continue
      }
      guard let value = Double(mu.text), value.isFinite, value >= 0 else {
        error(mu, context, "malformed friction coefficient '\(mu.text)' (expected a number ≥ 0)")
        continue
      }
      links[i].friction = value
    }
  }

  // MARK: Joints

  mutating func readJoint(_ element: MarkupElement) -> RobotJoint? {
    guard let name = nonEmpty(element, "name", "<joint>") else { return nil }
    let context = "joint '\(name)'"
    guard let typeName = element.attributes["type"] else {
      error(element, context, "missing attribute 'type'")
      return nil
    }
    guard let kind = RobotJointKind(rawValue: typeName) else {
      let supported = RobotJointKind.allCases.map(\.rawValue).joined(separator: ", ")
      let known = ["floating", "planar"].contains(typeName)
      error(
        element, context,
        known
          ? "joint type '\(typeName)' is not supported (supported: \(supported))"
          : "unknown joint type '\(typeName)' (expected one of \(supported))")
      return nil
    }
    func linkName(_ tag: String) -> String? {
      guard let e = element.child(named: tag) else {
        error(element, context, "missing <\(tag) link=...>")
        return nil
      }
      return nonEmpty(e, "link", context + " <\(tag)>")
    }
    let parent = linkName("parent")
    let child = linkName("child")
    let origin = readOrigin(element, context: context)
    var axis = Vector3(1, 0, 0)
    if let a = element.child(named: "axis"), let v = vector(a, "xyz", context + " <axis>", required: true) {
      if v.length < 1e-12 {
        if kind.isMovable { error(a, context + " <axis>", "the axis must be nonzero") }
      } else {
        axis = v.normalized
      }
    }
    var limits: JointLimits?
    if let l = element.child(named: "limit") {
      let ctx = context + " <limit>"
      let lower = number(l, "lower", ctx)
      let upper = number(l, "upper", ctx)
      let velocity = number(l, "velocity", ctx)
      let effort = number(l, "effort", ctx)
      if let v = velocity, v < 0 { error(l, ctx, "attribute 'velocity': must be ≥ 0, got \(describeValue(v))") }
      if let e = effort, e < 0 { error(l, ctx, "attribute 'effort': must be ≥ 0, got \(describeValue(e))") }
      if kind == .revolute || kind == .prismatic {
        if let lo = lower, let hi = upper, lo > hi {
          error(l, ctx, "lower limit \(describeValue(lo)) is above upper limit \(describeValue(hi))")
        }
      }
      // URDF's defaults: missing lower and upper bounds are 0.
      limits = JointLimits(
        lower: kind == .continuous ? nil : (lower ?? 0), upper: kind == .continuous ? nil : (upper ?? 0),
        velocity: velocity, effort: effort)
    } else if kind == .revolute || kind == .prismatic {
      error(element, context, "a \(kind.rawValue) joint needs <limit lower=... upper=... effort=... velocity=...>")
    }
    var dynamics = JointDynamics()
    if let d = element.child(named: "dynamics") {
      let ctx = context + " <dynamics>"
      dynamics.damping = number(d, "damping", ctx) ?? 0
      dynamics.friction = number(d, "friction", ctx) ?? 0
      if dynamics.damping < 0 || dynamics.friction < 0 {
        error(d, ctx, "damping and friction must be ≥ 0")
        dynamics = JointDynamics()
      }
    }
    var mimic: JointMimic?
    if let m = element.child(named: "mimic") {
      let ctx = context + " <mimic>"
      if let leader = nonEmpty(m, "joint", ctx) {
        mimic = JointMimic(joint: leader, multiplier: number(m, "multiplier", ctx) ?? 1, offset: number(m, "offset", ctx) ?? 0)
      }
    }
    guard let parent, let child else { return nil }
    return RobotJoint(
      name: name, kind: kind, parent: parent, child: child, origin: origin, axis: axis, limits: limits,
      dynamics: dynamics, mimic: mimic, line: element.line)
  }

  // MARK: Structure

  /// Known links at both ends, one parent per link, one root, no cycles.
  mutating func checkTree(links: [RobotLink], joints: [RobotJoint]) {
    let linkNames = Set(links.map(\.name))
    var parentJoint: [String: RobotJoint] = [:]
    // Links named as a child by a joint with an error: not reported again as extra roots.
    var childOfBrokenJoint: Set<String> = []
    for j in joints {
      var ok = true
      if !linkNames.contains(j.parent) {
        errors.append(LocatedError(file: file, line: j.line, context: "joint '\(j.name)'", message: "parent link '\(j.parent)' does not exist"))
        ok = false
      }
      if !linkNames.contains(j.child) {
        errors.append(LocatedError(file: file, line: j.line, context: "joint '\(j.name)'", message: "child link '\(j.child)' does not exist"))
        ok = false
      }
      if j.parent == j.child {
        errors.append(LocatedError(file: file, line: j.line, context: "joint '\(j.name)'", message: "joins link '\(j.child)' to itself"))
        ok = false
      }
      if let first = parentJoint[j.child] {
        errors.append(
          LocatedError(
            file: file, line: j.line, context: "joint '\(j.name)'",
            message: "link '\(j.child)' already has a parent joint, '\(first.name)' (line \(first.line)); a link has one parent"))
        ok = false
      }
      if ok { parentJoint[j.child] = j } else { childOfBrokenJoint.insert(j.child) }
    }
    // Cycles: walk up from every link; a walk that returns to a link already on it is a cycle.
    var reported: Set<String> = []
    for start in links.map(\.name) {
      var path: [String] = [start]
      var seen: Set<String> = [start]
      var current = start
      while let j = parentJoint[current] {
        current = j.parent
        if seen.contains(current) {
          let loop = Array(path[path.firstIndex(of: current)!...])
          let key = loop.sorted().joined(separator: "\u{0}")
          if reported.insert(key).inserted {
            // Report at the joint of the cycle that comes last in the file.
            let last = loop.compactMap { parentJoint[$0] }.max { $0.line < $1.line }!
            let chain = cycleDescription(loop: loop, startingAt: last.child)
            errors.append(
              LocatedError(
                file: file, line: last.line, context: "joint '\(last.name)'",
                message: "the joints form a cycle: \(chain)"))
          }
          break
        }
        seen.insert(current)
        path.append(current)
      }
    }
    guard reported.isEmpty else { return }
    let roots = links.filter { parentJoint[$0.name] == nil && !childOfBrokenJoint.contains($0.name) }
    if roots.count > 1 {
      let first = roots[0]
      for extra in roots.dropFirst() {
        errors.append(
          LocatedError(
            file: file, line: extra.line, context: "link '\(extra.name)'",
            message:
              "a second root link: no joint has it as child, like the root '\(first.name)' (line \(first.line)); connect it with a joint"
          ))
      }
    }
  }

  /// `loop` lists links from a child upwards; this prints them parent to child from `start` and
  /// closes the ring: `a → b → c → a`.
  private func cycleDescription(loop: [String], startingAt start: String) -> String {
    var downward = Array(loop.reversed())
    if let i = downward.firstIndex(of: start) { downward = Array(downward[i...] + downward[..<i]) }
    return (downward + [downward[0]]).joined(separator: " → ")
  }

  /// A mimic must follow a known, movable joint that itself mimics nothing.
  mutating func checkMimics(_ joints: [RobotJoint]) {
    let byName = Dictionary(joints.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for j in joints {
      guard let m = j.mimic else { continue }
      let context = "joint '\(j.name)' <mimic>"
      guard j.kind.isMovable else {
        errors.append(LocatedError(file: file, line: j.line, context: context, message: "a fixed joint cannot mimic another"))
        continue
      }
      guard let leader = byName[m.joint] else {
        errors.append(LocatedError(file: file, line: j.line, context: context, message: "joint '\(m.joint)' does not exist"))
        continue
      }
      if leader.name == j.name {
        errors.append(LocatedError(file: file, line: j.line, context: context, message: "a joint cannot mimic itself"))
      } else if !leader.kind.isMovable {
        errors.append(
          LocatedError(file: file, line: j.line, context: context, message: "joint '\(m.joint)' is fixed and has no position to follow"))
      } else if leader.mimic != nil {
        errors.append(
          LocatedError(
            file: file, line: j.line, context: context,
            message: "joint '\(m.joint)' itself mimics '\(leader.mimic!.joint)'; mimic the independent joint directly"))
      }
    }
  }

  // MARK: Meshes

  /// Replaces Collada visuals by the link's collision shapes, with one warning for the file.
  mutating func replaceColladaVisuals(_ robot: inout RobotDescription) {
    var replacedLinks: [String] = []
    var droppedLinks: [String] = []
    var count = 0
    var firstLine: Int?
    for i in robot.links.indices {
      let link = robot.links[i]
      guard link.visuals.contains(where: isCollada) else { continue }
      var visuals: [LinkShape] = []
      var replaced = false
      for v in link.visuals {
        guard isCollada(v) else {
          visuals.append(v)
          continue
        }
        count += 1
        firstLine = firstLine ?? v.line
        if !replaced {
          // The collision shapes stand in once for all of the link's Collada visuals.
          for c in link.collisions where !isCollada(c) {
            var stand = c
            stand.color = v.color
            stand.materialName = v.materialName
            visuals.append(stand)
          }
          replaced = true
        }
      }
      robot.links[i].visuals = visuals
      if link.collisions.contains(where: { !isCollada($0) }) { replacedLinks.append(link.name) } else { droppedLinks.append(link.name) }
    }
    // Collada collision meshes cannot be read either: drop them, with the same warning.
    var droppedCollisions: [String] = []
    for i in robot.links.indices where robot.links[i].collisions.contains(where: isCollada) {
      robot.links[i].collisions.removeAll(where: isCollada)
      droppedCollisions.append(robot.links[i].name)
      firstLine = firstLine ?? robot.links[i].line
    }
    guard count > 0 || !droppedCollisions.isEmpty else { return }
    var message = ""
    if count > 0 {
      message =
        "\(count) Collada (.dae) visual mesh\(count == 1 ? " is" : "es are") not read; "
        + (replacedLinks.isEmpty ? "" : "drawn with the link's collision shapes instead (\(replacedLinks.joined(separator: ", ")))")
        + (droppedLinks.isEmpty ? "" : (replacedLinks.isEmpty ? "" : "; ") + "not drawn, having no collision shapes (\(droppedLinks.joined(separator: ", ")))")
    }
    if !droppedCollisions.isEmpty {
      if !message.isEmpty { message += "; " }
      message += "Collada collision meshes are not read and are left out (\(droppedCollisions.joined(separator: ", ")))"
    }
    warnings.append(LocatedError(file: file, line: firstLine, context: "robot '\(robot.name)'", message: message))
  }

  private func isCollada(_ s: LinkShape) -> Bool {
    if case .mesh(let path, _) = s.shape { return MeshLoader.format(of: path) == .dae }
    return false
  }

  /// Reads every STL and OBJ file once; an unreadable mesh is an error at the first element that
  /// uses it.
  mutating func readMeshes(_ robot: inout RobotDescription) {
    var meshes: [String: TriangleMesh] = [:]
    var failed: Set<String> = []
    for link in robot.links {
      for (shape, kind) in link.visuals.map({ ($0, "visual") }) + link.collisions.map({ ($0, "collision") }) {
        guard case .mesh(let path, _) = shape.shape, meshes[path] == nil, !failed.contains(path) else { continue }
        do {
          meshes[path] = try MeshLoader.load(path)
        } catch {
          failed.insert(path)
          let reason = (error as? LocatedError).map { e in
            (e.line.map { "line \($0): " } ?? "") + e.message
          } ?? "\(error)"
          errors.append(
            LocatedError(
              file: file, line: shape.line, context: "link '\(link.name)' <\(kind)> <mesh>",
              message: "cannot read mesh '\(path)': \(reason)"))
        }
      }
    }
    robot.meshes = meshes
  }

  // MARK: Attributes

  mutating func nonEmpty(_ e: MarkupElement, _ attribute: String, _ context: String) -> String? {
    guard let v = e.attributes[attribute], !v.trimmingCharacters(in: .whitespaces).isEmpty else {
      error(e, context, "missing attribute '\(attribute)'")
      return nil
    }
    return v
  }

  /// The numbers of a whitespace-separated attribute, or nil (with an error) if one is malformed.
  mutating func numbers(_ text: String, _ e: MarkupElement, _ attribute: String, _ context: String) -> [Double]? {
    var values: [Double] = []
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," }) {
      guard let v = Double(word), v.isFinite else {
        error(e, context, "attribute '\(attribute)': malformed number '\(word)'")
        return nil
      }
      values.append(v)
    }
    return values
  }

  /// A single number attribute; a missing required one is an error.
  mutating func number(_ e: MarkupElement, _ attribute: String, _ context: String, required: Bool = false) -> Double? {
    guard let text = e.attributes[attribute] else {
      if required { error(e, context, "missing attribute '\(attribute)'") }
      return nil
    }
    guard let values = numbers(text, e, attribute, context) else { return nil }
    guard values.count == 1 else {
      error(e, context, "attribute '\(attribute)': expected one number, got '\(text)'")
      return nil
    }
    return values[0]
  }

  mutating func positive(_ e: MarkupElement, _ attribute: String, _ context: String) -> Double? {
    guard let v = number(e, attribute, context, required: true) else { return nil }
    guard v > 0 else {
      error(e, context, "attribute '\(attribute)': must be positive, got \(describeValue(v))")
      return nil
    }
    return v
  }

  mutating func vector(_ e: MarkupElement, _ attribute: String, _ context: String, required: Bool = false) -> Vector3? {
    guard let text = e.attributes[attribute] else {
      if required { error(e, context, "missing attribute '\(attribute)'") }
      return nil
    }
    guard let v = numbers(text, e, attribute, context) else { return nil }
    guard v.count == 3 else {
      error(e, context, "attribute '\(attribute)': expected 3 numbers, got \(v.count) ('\(text)')")
      return nil
    }
    return Vector3(v[0], v[1], v[2])
  }

  /// The `<origin xyz rpy>` child of `e`, or the identity.
  mutating func readOrigin(_ e: MarkupElement, context: String) -> Pose {
    guard let o = e.child(named: "origin") else { return .identity }
    let xyz = vector(o, "xyz", context + " <origin>") ?? .zero
    let rpy = vector(o, "rpy", context + " <origin>") ?? .zero
    return Pose(position: xyz, orientation: Quaternion(roll: rpy.x, pitch: rpy.y, yaw: rpy.z))
  }
}
