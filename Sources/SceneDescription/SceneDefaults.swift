import ArmatureCore

/// Every default of the scene format, in one place. `armature dump-config scene` prints them.
public enum SceneDefaults {
  public static let version = 1
  public static let gravity = Vector3(0, 0, -9.81)
  /// 2 ms, as in Gymnasium-Robotics' Fetch tasks and the peers' cube scene.
  public static let timestep = 0.002
  public static let solver = SolverKind.quickstep
  public static let broadphase = BroadphaseKind.simple
  /// ODE's own default number of quickstep iterations.
  public static let iterations = 20
  /// Successive over-relaxation factor of quickstep (ODE's default).
  public static let overRelaxation = 1.3
  /// Error reduction parameter (ODE's default).
  public static let erp = 0.2
  /// Constraint force mixing (ODE's default for double precision).
  public static let cfm = 1e-10
  public static let maxContactsPerPair = 8
  /// Depth to which contacts may sink before correction starts; keeps resting contacts steady.
  public static let surfaceLayer = 0.0005
  /// Largest velocity ODE may use to push penetrating bodies apart.
  public static let maxCorrectingVelocity = 1.0
  /// Relative normal speed below which contacts do not bounce.
  public static let bounceThreshold = 0.05
  /// Speeds beyond these count as a physics blow-up.
  public static let maxLinearSpeed = 100.0
  public static let maxAngularSpeed = 1000.0

  public static let materialName = "default"
  public static let friction = 0.5
  public static let restitution = 0.0
  /// Density of objects that give neither mass nor density: water.
  public static let density = 1000.0
  public static let color = Color(red: 0.7, green: 0.7, blue: 0.7)
  public static let meshScale = Vector3(1, 1, 1)

  public static let cameraFieldOfView = 45.0
  public static let cameraWidth = 128
  public static let cameraHeight = 128
  public static let cameraNear = 0.01
  public static let cameraFar = 10.0
  public static let cameraUp = Vector3(0, 0, 1)
  public static let lightIntensity = 1.0
  public static let ambient = 0.3
  /// Metres per repeat of a texture on a plane.
  public static let textureScale = 1.0
  /// Color of face labels (the Dactyl cube's letters).
  public static let labelColor = Color(red: 0.05, green: 0.05, blue: 0.05)
}
