import ArmatureCore
import Physics

/// The success predicate of `tote-stack`, on a world built from its scene
/// (`Scenes/tasks/tote-stack.yaml`): does the blue tote stand on the grey one, aligned, released
/// and still, with both totes' parcels inside? It reads the world's state after a step (contacts
/// are those of the last step), so hand-built states can be judged as well as episodes.
public struct ToteStackCheck: Sendable {
  /// Largest horizontal distance between the two totes' bottom centres, m.
  public static let maxOffset = 0.02
  /// Largest difference of the totes' headings, rad (5°; the tote is symmetric under a half turn,
  /// so headings are compared modulo π).
  public static let maxYawError = 5 * Double.pi / 180
  /// Largest tilt of either tote's up axis from the vertical, rad (5°).
  public static let maxTilt = 5 * Double.pi / 180
  /// Largest gap between the upper tote's bottom and the lower tote's rim, m.
  public static let maxGap = 0.005
  /// Largest speed and angular speed of the upper tote that count as still (m/s, rad/s).
  public static let maxSpeed = 0.02
  public static let maxAngularSpeed = 0.2

  let tote: TaskTote
  let base: TaskTote
  let table: GeomID
  let parcels: [BodyID]
  let baseParcels: [BodyID]
  let robotBodies: [BodyID]

  /// Binds the totes `tote` and `base_tote`, the `table`, the parcels `parcel0…` and
  /// `base_parcel0…` and the robot `ur5e` of the world.
  public init(world: World) throws {
    tote = try TaskTote(world: world, name: "tote")
    base = try TaskTote(world: world, name: "base_tote")
    guard let table = world.geom(named: "table") else { throw PhysicsError.scene("the tote-stack scene needs a 'table'") }
    self.table = table
    parcels = (0..<ToteContents.capacity).compactMap { world.body(named: "parcel\($0)") }
    baseParcels = (0..<ToteContents.capacity).compactMap { world.body(named: "base_parcel\($0)") }
    robotBodies = world.robot(named: "ur5e").map { world.robot($0).bodies } ?? []
  }

  /// How the upper tote stands on the base tote after the world's last step; the first
  /// `parcelsInTote` parcels and `parcelsInBase` base parcels are the ones in use.
  public func status(_ world: World, parcelsInTote: Int, parcelsInBase: Int) -> ToteStackStatus {
    let upper = tote.pose(world)
    let lower = base.pose(world)
    let contacts = ContactSummary(world)
    let rim = lower.transform(Vector3(0, 0, TaskTote.size.z))
    let offset = upper.position - rim
    func inside(_ bodies: [BodyID], _ n: Int, _ pose: Pose) -> Bool {
      bodies.prefix(n).allSatisfy { TaskTote.contains(world.pose(of: $0).position, tote: pose) }
    }
    return ToteStackStatus(
      offset: Vector3(offset.x, offset.y, 0).length,
      yawError: abs(TotePickPlaceScript.halfTurn(TaskTote.yaw(upper) - TaskTote.yaw(lower))),
      tilt: TaskTote.tilt(upper), baseTilt: TaskTote.tilt(lower), gap: abs(offset.z),
      seated: contacts.touching(tote.body, base.body), baseOnTable: contacts.touching(base.body, table),
      released: !contacts.touching(tote.body, any: robotBodies) && !contacts.touching(base.body, any: robotBodies),
      speed: world.linearVelocity(of: tote.body).length, angularSpeed: world.angularVelocity(of: tote.body).length,
      contentsInside: inside(parcels, parcelsInTote, upper) && inside(baseParcels, parcelsInBase, lower))
  }
}

/// How the upper tote stands on the base tote (see `ToteStackCheck`).
public struct ToteStackStatus: Hashable, Sendable {
  /// Horizontal distance between the upper tote's bottom centre and the base tote's rim centre, m.
  public var offset: Double
  /// Difference of the totes' headings modulo a half turn, rad.
  public var yawError: Double
  /// Tilt of the upper and of the base tote from the vertical, rad.
  public var tilt: Double
  public var baseTilt: Double
  /// Height of the upper tote's bottom above (or below) the base tote's rim, m.
  public var gap: Double
  /// The two totes touch.
  public var seated: Bool
  /// The base tote touches the table.
  public var baseOnTable: Bool
  /// No part of the robot touches either tote.
  public var released: Bool
  /// The upper tote's speed (m/s) and angular speed (rad/s).
  public var speed: Double
  public var angularSpeed: Double
  /// Every parcel in use is still inside its tote.
  public var contentsInside: Bool

  /// Aligned (offset < 2 cm, headings within 5°), both upright (< 5°), seated on the rim
  /// (touching, gap < 5 mm), the base on the table, released, still (< 0.02 m/s, < 0.2 rad/s),
  /// contents inside.
  public var success: Bool {
    offset < ToteStackCheck.maxOffset && yawError < ToteStackCheck.maxYawError && tilt < ToteStackCheck.maxTilt
      && baseTilt < ToteStackCheck.maxTilt && gap < ToteStackCheck.maxGap && seated && baseOnTable && released
      && speed < ToteStackCheck.maxSpeed && angularSpeed < ToteStackCheck.maxAngularSpeed && contentsInside
  }
}
