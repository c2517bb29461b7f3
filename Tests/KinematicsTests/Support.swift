import ArmatureCore
import Foundation
import Kinematics
import SceneDescription
import _TestSupport

/// Loads a robot description: a path inside the package, or one under ../shared/robots.
func loadRobot(_ path: String) throws -> RobotDescription {
  if path.hasPrefix("Scenes/") { return try URDFLoader.load(file: packagePath(path), packagePath: PackageSearchPath()) }
  let shared = try sharedDirectory()
  return try URDFLoader.load(
    file: shared + "/robots/example-robot-data/robots/" + path, packagePath: PackageSearchPath([shared + "/robots"]))
}

/// The rotation vector taking `a` to `b`, in the frame of the world.
func rotationDifference(_ a: Quaternion, _ b: Quaternion) -> Vector3 { (b * a.conjugate).rotationVector }
