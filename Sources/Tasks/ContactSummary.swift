import Physics

/// What touched what in a world's last step, for success predicates: one pass over the contacts.
struct ContactSummary {
  /// Touching pairs, each as one key of its two members (a body's index, or for static geometry
  /// −1 − its geom's index), the smaller first.
  private var pairs: Set<Int64> = []

  init(_ world: World) {
    var found: Set<Int64> = []
    world.forEachContact { c in
      let a = world.body(of: c.geomA).map(\.index) ?? -1 - c.geomA.index
      let b = world.body(of: c.geomB).map(\.index) ?? -1 - c.geomB.index
      found.insert(ContactSummary.key(a, b))
    }
    pairs = found
  }

  private static func key(_ a: Int, _ b: Int) -> Int64 {
    let (lo, hi) = a < b ? (a, b) : (b, a)
    return Int64(lo) << 32 ^ Int64(UInt32(truncatingIfNeeded: hi))
  }

  /// Whether two bodies touched.
  func touching(_ a: BodyID, _ b: BodyID) -> Bool { pairs.contains(Self.key(a.index, b.index)) }
  /// Whether a body touched a piece of static geometry.
  func touching(_ a: BodyID, _ g: GeomID) -> Bool { pairs.contains(Self.key(a.index, -1 - g.index)) }
  /// Whether a body touched any of `others`.
  func touching(_ a: BodyID, any others: [BodyID]) -> Bool { others.contains { touching(a, $0) } }
}
