import ArmatureCore
import Foundation

/// Scale for numeric tolerances in tests: `ARMATURE_TOLERANCE_SCALE=10` loosens every tolerance
/// tenfold (for slow or unusual machines). Defaults to 1.
public let toleranceScale: Double = {
  ProcessInfo.processInfo.environment["ARMATURE_TOLERANCE_SCALE"].flatMap(Double.init) ?? 1
}()

/// Whether `a` and `b` differ by at most `tolerance` (scaled by `toleranceScale`).
public func isClose(_ a: Double, _ b: Double, within tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * toleranceScale
}

/// Whether two vectors differ by at most `tolerance` in every component.
public func isClose(_ a: Vector3, _ b: Vector3, within tolerance: Double) -> Bool {
  isClose(a.x, b.x, within: tolerance) && isClose(a.y, b.y, within: tolerance) && isClose(a.z, b.z, within: tolerance)
}
