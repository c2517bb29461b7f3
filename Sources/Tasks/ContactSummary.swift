import Physics

/// What touched what in a world's last step, for success predicates: one pass over the contacts.
struct ContactSummary {
  /// Pairs of touching bodies (by index, static geometry as -1 − geom index), smaller first.
  private var pairs: Set<[Int]> = []

  init(_ world: World) {
    var found: Set<[Int]> = []
    world.forEachContact { c in
      let a = world.body(of: c.geomA).map(\.index) ?? -1 - c.geomA.index
      let b = world.body(of: c.geomB).map(\.index) ?? -1 - c.geomB.index
      found.insert(a < b ? [a, b] : [b, a])
    }
    pairs = found
  }

  private static func key(_ body: BodyID) -> Int { body.index }
  private static func key(_ geom: GeomID) -> Int { -1 - geom.index }

  private func touching(_ a: Int, _ b: Int) -> Bool { pairs.contains(a < b ? [a, b] : [b, a]) }

  /// Whether two bodies touched.
  func touching(_ a: BodyID, _ b: BodyID) -> Bool { touching(Self.key(a), Self.key(b)) }
  /// Whether a body touched a piece of static geometry.
  func touching(_ a: BodyID, _ g: GeomID) -> Bool { touching(Self.key(a), Self.key(g)) }
  /// Whether a body touched any of `others`.
  func touching(_ a: BodyID, any others: [BodyID]) -> Bool { others.contains { touching(a, $0) } }
}
