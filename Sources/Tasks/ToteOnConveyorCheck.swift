import ArmatureCore
import Physics

/// The success predicate of `tote-to-conveyor`, on a world built from its scene
/// (`Scenes/tasks/tote-conveyor.yaml`): is the tote standing upright on the running belt,
/// released, being carried, with its parcels in it? It reads the world's state after a step
/// (contacts are those of the last step), so hand-built states can be judged as well as episodes.
public struct ToteOnConveyorCheck: Sendable {
  /// Largest tilt of the tote's up axis from the vertical that counts as upright: 10°.
  public static let maxTilt = 10 * Double.pi / 180
  /// Largest horizontal speed of the tote relative to the belt's surface that counts as being
  /// carried, m/s.
  public static let maxSlip = 0.03

  let tote: TaskTote
  let conveyor: TaskConveyor
  let parcels: [BodyID]
  let robotBodies: [BodyID]

  /// Binds the tote `tote`, the belt `belt`, the parcels `parcel0…` and the robot `ur5e` of the
  /// world.
  public init(world: World) throws {
    tote = try TaskTote(world: world, name: "tote")
    conveyor = try TaskConveyor(world: world)
    parcels = (0..<ToteContents.capacity).compactMap { world.body(named: "parcel\($0)") }
    robotBodies = world.robot(named: "ur5e").map { world.robot($0).bodies } ?? []
  }

  /// The state of the tote after the world's last step; the first `parcelsInTote` parcels are
  /// the ones that ride in the tote.
  public func status(_ world: World, parcelsInTote: Int) -> ToteOnConveyorStatus {
    let pose = tote.pose(world)
    let contacts = ContactSummary(world)
    let corners = TaskTote.bottomCorners(pose)
    var relative = world.linearVelocity(of: tote.body) - conveyor.velocity(world)
    relative.z = 0
    return ToteOnConveyorStatus(
      tilt: TaskTote.tilt(pose),
      onBelt: contacts.touching(tote.body, conveyor.geom) && corners.allSatisfy { conveyor.covers($0) },
      released: !contacts.touching(tote.body, any: robotBodies),
      slip: relative.length,
      contentsInside: parcels.prefix(parcelsInTote).allSatisfy {
        TaskTote.contains(world.pose(of: $0).position, tote: pose)
      })
  }
}

/// How the tote stands with respect to the conveyor (see `ToteOnConveyorCheck`).
public struct ToteOnConveyorStatus: Hashable, Sendable {
  /// Angle between the tote's up axis and the vertical, rad.
  public var tilt: Double
  /// The tote touches the belt and all four corners of its bottom lie over the belt's surface.
  public var onBelt: Bool
  /// No part of the robot touches the tote.
  public var released: Bool
  /// The tote's horizontal speed relative to the belt's surface, m/s.
  public var slip: Double
  /// Every parcel that rode in the tote is still inside it.
  public var contentsInside: Bool

  /// Upright (tilt < 10°), on the belt, released, carried (slip < 0.03 m/s), contents inside.
  public var success: Bool {
    tilt < ToteOnConveyorCheck.maxTilt && onBelt && released && slip < ToteOnConveyorCheck.maxSlip && contentsInside
  }
}
