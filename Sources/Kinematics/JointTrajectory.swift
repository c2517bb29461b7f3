import ArmatureCore

/// Joint positions as a function of time: waypoints joined by cubic Hermite segments, so position
/// and velocity are continuous. Waypoints without velocities get them from their neighbours
/// (central differences; zero at the ends). Before the first and after the last waypoint the
/// trajectory holds still.
public struct JointTrajectory: Hashable, Sendable, Codable {
  /// One waypoint.
  public struct Point: Hashable, Sendable, Codable {
    /// Seconds from the start.
    public var time: Double
    public var positions: [Double]
    /// Velocities at the waypoint; nil to derive them.
    public var velocities: [Double]?

    public init(time: Double, positions: [Double], velocities: [Double]? = nil) {
      self.time = time
      self.positions = positions
      self.velocities = velocities
    }
  }

  public private(set) var points: [Point]
  /// Velocities at every waypoint, given or derived.
  private var tangents: [[Double]]

  /// A trajectory through `points`, whose times must increase strictly and whose vectors must all
  /// have the same length.
  public init(points: [Point]) throws {
    guard let first = points.first else { throw KinematicsError.invalidArgument("a trajectory needs at least one point") }
    let n = first.positions.count
    for (i, p) in points.enumerated() {
      guard p.positions.count == n, p.velocities.map({ $0.count == n }) ?? true else {
        throw KinematicsError.invalidArgument("trajectory point \(i): expected \(n) values")
      }
      guard p.time.isFinite, p.positions.allSatisfy(\.isFinite), p.velocities?.allSatisfy(\.isFinite) ?? true else {
        throw KinematicsError.invalidArgument("trajectory point \(i): values must be finite")
      }
      if i > 0, p.time <= points[i - 1].time {
        throw KinematicsError.invalidArgument("trajectory point \(i): time \(p.time) does not increase")
      }
    }
    self.points = points
    tangents = points.indices.map { i in
      if let v = points[i].velocities { return v }
      guard i > 0, i < points.count - 1 else { return [Double](repeating: 0, count: n) }
      let a = points[i - 1]
      let b = points[i + 1]
      return (0..<n).map { (b.positions[$0] - a.positions[$0]) / (b.time - a.time) }
    }
  }

  /// The number of joints.
  public var dimension: Int { points[0].positions.count }
  /// Time of the last waypoint.
  public var duration: Double { points.last!.time }

  /// Positions and velocities at time `t`.
  public func sample(at t: Double) -> (positions: [Double], velocities: [Double]) {
    let n = dimension
    if t <= points[0].time { return (points[0].positions, [Double](repeating: 0, count: n)) }
    if t >= duration { return (points.last!.positions, [Double](repeating: 0, count: n)) }
    // Binary search for the segment [i, i+1] holding t.
    var lo = 0
    var hi = points.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if points[mid].time <= t { lo = mid } else { hi = mid }
    }
    let a = points[lo]
    let b = points[hi]
    let h = b.time - a.time
    let s = (t - a.time) / h
    let s2 = s * s
    let s3 = s2 * s
    let h00 = 2 * s3 - 3 * s2 + 1
    let h10 = s3 - 2 * s2 + s
    let h01 = -2 * s3 + 3 * s2
    let h11 = s3 - s2
    let d00 = (6 * s2 - 6 * s) / h
    let d10 = 3 * s2 - 4 * s + 1
    let d01 = (-6 * s2 + 6 * s) / h
    let d11 = 3 * s2 - 2 * s
    var q = [Double](repeating: 0, count: n)
    var qd = [Double](repeating: 0, count: n)
    for k in 0..<n {
      let p0 = a.positions[k]
      let p1 = b.positions[k]
      let m0 = tangents[lo][k]
      let m1 = tangents[hi][k]
      q[k] = h00 * p0 + h10 * h * m0 + h01 * p1 + h11 * h * m1
      qd[k] = d00 * p0 + d10 * m0 + d01 * p1 + d11 * m1
    }
    return (q, qd)
  }

  /// A minimum-jerk (quintic) move from `start` to `goal` in `duration` seconds, sampled at
  /// `segments + 1` waypoints with exact velocities.
  public static func minimumJerk(from start: [Double], to goal: [Double], duration: Double, segments: Int = 20) throws
    -> JointTrajectory
  {
    guard start.count == goal.count else { throw KinematicsError.invalidArgument("start and goal differ in length") }
    guard duration > 0, duration.isFinite, segments >= 1 else {
      throw KinematicsError.invalidArgument("duration must be positive and segments ≥ 1")
    }
    let points = (0...segments).map { i -> Point in
      let s = Double(i) / Double(segments)
      let shape = 10 * s * s * s - 15 * s * s * s * s + 6 * s * s * s * s * s
      let rate = (30 * s * s - 60 * s * s * s + 30 * s * s * s * s) / duration
      return Point(
        time: s * duration, positions: zip(start, goal).map { $0 + ($1 - $0) * shape },
        velocities: zip(start, goal).map { ($1 - $0) * rate })
    }
    return try JointTrajectory(points: points)
  }

  enum CodingKeys: String, CodingKey { case points }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    try self.init(points: c.decode([Point].self, forKey: .points))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(points, forKey: .points)
  }
}
