import ArmatureCore
import Foundation
import Kinematics
import Physics
import SceneDescription
import _TestSupport

/// A scene of the package, loaded.
func packageScene(_ name: String) throws -> Scene { try Scene.load(file: packagePath("Scenes/" + name)) }

/// A robot of ../shared/robots, loaded with its meshes.
func sharedRobot(_ path: String) throws -> RobotDescription {
  let shared = try sharedDirectory()
  return try URDFLoader.load(
    file: shared + "/robots/example-robot-data/robots/" + path, packagePath: PackageSearchPath([shared + "/robots"]))
}

/// An empty world with a floor plane, solved exactly as the robot scenes are.
func floorWorld(gravity: Vector3 = Vector3(0, 0, -9.81)) throws -> World {
  var settings = WorldSettings()
  settings.solver = .exact
  settings.gravity = gravity
  let world = try World(settings: settings)
  try world.addGeom(GeomSpec(name: "floor", shape: .plane(normal: Vector3(0, 0, 1), offset: 0)))
  return world
}

/// The largest distance and rotation between two lists of poses.
func largestDifference(_ a: [Pose], _ b: [Pose]) -> (distance: Double, angle: Double) {
  var d = 0.0
  var r = 0.0
  for (x, y) in zip(a, b) {
    d = max(d, (x.position - y.position).length)
    r = max(r, x.orientation.angle(to: y.orientation))
  }
  return (d, r)
}
