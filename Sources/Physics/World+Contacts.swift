import ArmatureCore
import CODE
import Foundation

/// A contact point found in the last step.
public struct Contact: Hashable, Sendable {
  /// The geom with the lower index, and the other.
  public var geomA: GeomID
  public var geomB: GeomID
  public var position: Vector3
  /// Unit normal, pointing from `geomB` into `geomA` (ODE's convention).
  public var normal: Vector3
  /// Penetration depth in metres.
  public var depth: Double
}

/// Serializes triangle-mesh collisions: this libode is built without per-thread collider caches
/// (no ODE_EXT_ou), so OPCODE's shared cache must not be used by two threads at once.
private let meshCollisionLock = NSLock()

extension World {
  /// Number of contacts found in the last step.
  public var contactCount: Int { contacts.count }

  /// Calls `body` for each contact of the last step, in solver order; allocates nothing.
  public func forEachContact(_ body: (Contact) -> Void) {
    for i in 0..<contacts.count {
      body(contact(at: Int(contacts.order[i])))
    }
  }

  /// The contacts of the last step that involve `body`.
  public func contacts(involving target: BodyID) -> [Contact] {
    var found: [Contact] = []
    forEachContact { c in
      if self.body(of: c.geomA) == target || self.body(of: c.geomB) == target { found.append(c) }
    }
    return found
  }

  /// Whether two bodies touched in the last step (`nil` stands for static geometry).
  public func isTouching(_ a: BodyID?, _ b: BodyID?) -> Bool {
    var touching = false
    forEachContact { c in
      let x = self.body(of: c.geomA)
      let y = self.body(of: c.geomB)
      if (x == a && y == b) || (x == b && y == a) { touching = true }
    }
    return touching
  }

  private func contact(at i: Int) -> Contact {
    let g = contacts.records[i].geom
    return Contact(
      geomA: GeomID(ODE.index(of: g.g1)), geomB: GeomID(ODE.index(of: g.g2)),
      position: Vector3(g.pos.0, g.pos.1, g.pos.2), normal: Vector3(g.normal.0, g.normal.1, g.normal.2),
      depth: g.depth)
  }

  /// Finds this step's contacts and turns them into contact joints, in a canonical order.
  func findContacts() {
    contacts.count = 0
    ODE.collide(space, reportingTo: self)
    contacts.sort()
    for k in 0..<contacts.count {
      let i = Int(contacts.order[k])
      let g = contacts.records[i].geom
      ODE.createContact(odeWorld, contactGroup, contacts.records + i, ODE.body(of: g.g1), ODE.body(of: g.g2))
    }
  }

  /// ODE's near callback: one candidate pair of geoms.
  func near(_ o1: ODEGeom, _ o2: ODEGeom) {
    let i1 = ODE.index(of: o1)
    let i2 = ODE.index(of: o2)
    // Always collide in index order, so the contacts do not depend on the order ODE reports pairs.
    let (ia, ib) = i1 < i2 ? (i1, i2) : (i2, i1)
    let a = geoms[ia]
    let b = geoms[ib]
    if a.body < 0 && b.body < 0 { return }
    if a.body == b.body { return }
    if a.body >= 0 && b.body >= 0 && excludedPairs.contains(World.pairKey(a.body, b.body)) { return }
    let found: Int
    if a.isMesh || b.isMesh {
      meshCollisionLock.lock()
      found = ODE.collide(a.handle, b.handle, into: contacts.scratch, capacity: contacts.maxPerPair)
      meshCollisionLock.unlock()
    } else {
      found = ODE.collide(a.handle, b.handle, into: contacts.scratch, capacity: contacts.maxPerPair)
    }
    guard found > 0 else { return }
    contacts.reserve(found)
    let surface = surfaces[a.material * materials.count + b.material]
    let key = UInt64(UInt32(ia)) << 32 | UInt64(UInt32(ib))
    for k in 0..<found {
      let n = contacts.count
      var c = dContact()
      c.surface = surface
      c.geom = contacts.scratch[k]
      if let belt = a.surfaceVelocity ?? b.surfaceVelocity {
        applyBelt(belt, to: &c)
      }
      contacts.records[n] = c
      contacts.keys[n] = key
      contacts.count = n + 1
    }
  }

  /// Makes a contact carry the other body along with a moving surface (ODE's contact motion):
  /// the first friction direction follows the belt's velocity in the contact plane.
  private func applyBelt(_ velocity: Vector3, to c: inout dContact) {
    let n = Vector3(c.geom.normal.0, c.geom.normal.1, c.geom.normal.2)
    let tangential = velocity - velocity.dot(n) * n
    let speed = tangential.length
    guard speed > 1e-12 else { return }
    let direction = tangential / speed
    c.fdir1 = (direction.x, direction.y, direction.z, 0)
    c.surface.mode |= Int32(dContactFDir1) | Int32(dContactMotion1)
    // ODE drives the sliding velocity along fdir1 to motion1 with the sign that carries the body
    // along fdir1 whichever geom of the pair the belt is (checked by ContactTests for both orders).
    c.surface.motion1 = speed
  }
}
