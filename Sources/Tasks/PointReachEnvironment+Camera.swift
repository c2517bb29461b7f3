import ArmatureCore
import Rendering
import SceneDescription

extension PointReachEnvironment {
  /// The task camera: a top-down view of the box [−1, 1]² (the first two axes; a 1-D point moves
  /// along the middle line), with the goal's success circle and cross in green, the point in blue,
  /// and a line from the point to where its velocity takes it in one step.
  public func renderTaskCamera(width: Int, height: Int) throws -> RGBImage {
    guard width >= 16, height >= 16 else {
      throw TaskOptionsError(task: Self.name, message: "a task-camera frame needs at least 16 × 16 pixels, not \(width) × \(height)")
    }
    var canvas = Canvas(width: width, height: height, background: Color(red: 0.95, green: 0.95, blue: 0.93))
    let side = Double(Swift.min(width, height) - 8)
    let origin = SIMD2(Double(width) / 2, Double(height) / 2)
    // World (x right, y up) to pixels.
    func pixel(_ p: [Double]) -> SIMD2<Double> {
      let y = p.count > 1 ? p[1] : 0
      return origin + SIMD2(p[0], -y) * (side / 2)
    }
    let corner = pixel([-1, 1])
    canvas.strokeRect(x: Int(corner.x.rounded()), y: Int(corner.y.rounded()), width: Int(side) + 1, height: Int(side) + 1,
      color: Color(red: 0.3, green: 0.3, blue: 0.3))
    let goalColor = Color(red: 0.15, green: 0.6, blue: 0.2)
    let g = pixel(goal)
    canvas.circle(center: g, radius: Swift.max(2, successRadius * side / 2), color: goalColor, filled: false, lineWidth: 1.5)
    canvas.line(from: g - SIMD2(4, 0), to: g + SIMD2(4, 0), color: goalColor)
    canvas.line(from: g - SIMD2(0, 4), to: g + SIMD2(0, 4), color: goalColor)
    let p = pixel(position)
    let tip = pixel(zip(position, velocity).map { $0 + $1 * dt })
    canvas.line(from: p, to: tip, color: Color(red: 0.2, green: 0.2, blue: 0.6), width: 1.5)
    canvas.circle(center: p, radius: Swift.max(2.5, side / 60), color: Color(red: 0.16, green: 0.38, blue: 0.75))
    return canvas.image
  }
}
