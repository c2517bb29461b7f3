import ArmatureCore
import Hardware
import SceneDescription

/// Which arm the twin's controller drives.
public enum TwinArmKind: String, Hashable, Sendable, CaseIterable {
  /// `JointSpaceUR5e`: joints follow the controller's targets exactly (no dynamics).
  case ideal
  /// `PhysicsUR5e`: the URDF UR5e in an ODE world under joint PD drives (tracking error,
  /// optional dynamics differences).
  case physics

  /// The scene the physics arm uses when none is named.
  public static let defaultScene = "Scenes/ur5e-table.yaml"

  /// Makes the arm at `configuration.initialJointPositions`. The physics arm needs a scene
  /// (`scene`, read from `file`); `dynamics` applies to it only (an ideal arm has none to change,
  /// so a non-nominal `dynamics` with `.ideal` is an error).
  public func makeArm(
    configuration: TwinConfiguration, scene: Scene?, file: String?, dynamics: TwinDynamics = TwinDynamics()
  ) throws -> any SimulatedArm {
    switch self {
    case .ideal:
      guard dynamics.isNominal else {
        throw LocatedError(
          file: file ?? "twin", context: "dynamics",
          message: "the ideal arm has no dynamics to change; use the physics arm (--arm physics)")
      }
      return JointSpaceUR5e(initialPositions: configuration.initialJointPositions)
    case .physics:
      let path = try file ?? ResourceLocator.path(TwinArmKind.defaultScene)
      let loaded = try scene ?? Scene.load(file: path)
      return try PhysicsUR5e(
        scene: loaded, file: path, initialPositions: configuration.initialJointPositions, dynamics: dynamics)
    }
  }
}
