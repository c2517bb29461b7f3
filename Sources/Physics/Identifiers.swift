/// A body of a `World`, by index in creation order.
public struct BodyID: Hashable, Sendable, Codable, Comparable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (a: BodyID, b: BodyID) -> Bool { a.index < b.index }
}

/// A geom (collision shape) of a `World`, by index in creation order.
public struct GeomID: Hashable, Sendable, Codable, Comparable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (a: GeomID, b: GeomID) -> Bool { a.index < b.index }
}

/// A joint of a `World`, by index in creation order.
public struct JointID: Hashable, Sendable, Codable, Comparable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (a: JointID, b: JointID) -> Bool { a.index < b.index }
}

/// A contact material of a `World`, by index in creation order.
public struct MaterialID: Hashable, Sendable, Codable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
}
