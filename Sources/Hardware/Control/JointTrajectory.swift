import ArmatureCore
import Foundation

/// A joint trajectory: positions at increasing times, linearly interpolated in between.
///
/// File format (CSV, UTF-8): a header line `time,<joint 1>,…,<joint n>` and one line per
/// sample with the time in seconds (strictly increasing, starting anywhere) and the joint
/// positions in radians. Lines starting with `#` and blank lines are ignored.
public struct JointTrajectory: Hashable, Sendable {
  public var jointNames: [String]
  public var times: [Double]
  public var positions: [[Double]]

  public init(jointNames: [String], times: [Double], positions: [[Double]]) {
    precondition(times.count == positions.count && !times.isEmpty, "one position vector per time, at least one")
    precondition(positions.allSatisfy { $0.count == jointNames.count }, "one position per joint")
    self.jointNames = jointNames
    self.times = times
    self.positions = positions
  }

  /// Time from the first sample to the last.
  public var duration: Double { times.last! - times.first! }

  /// The positions `t` seconds after the first sample (held constant outside the samples).
  public func positions(at t: Double) -> [Double] {
    let time = times[0] + t
    if time <= times[0] { return positions[0] }
    if time >= times.last! { return positions.last! }
    var lo = 0
    var hi = times.count - 1
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if times[mid] <= time { lo = mid } else { hi = mid }
    }
    let f = (time - times[lo]) / (times[hi] - times[lo])
    return zip(positions[lo], positions[hi]).map { $0 + f * ($1 - $0) }
  }

  /// A synchronized point-to-point move from `start` to `goal`: every joint starts and stops
  /// together; the joint with the longest way follows a trapezoidal speed profile limited by
  /// `speed` (rad/s) and `acceleration` (rad/s²). Sampled every `period` seconds.
  public static func pointToPoint(
    from start: [Double], to goal: [Double], speed: Double, acceleration: Double, period: Double, jointNames: [String]
  ) -> JointTrajectory {
    precondition(start.count == goal.count && speed > 0 && acceleration > 0 && period > 0)
    let distance = zip(start, goal).map { abs($1 - $0) }.max() ?? 0
    let ramp: Double
    let cruise: Double
    let duration: Double
    if distance * acceleration < speed * speed {
      ramp = (distance / acceleration).squareRoot()
      cruise = acceleration * ramp
      duration = 2 * ramp
    } else {
      ramp = speed / acceleration
      cruise = speed
      duration = distance / speed + ramp
    }
    func s(_ t: Double) -> Double {
      if t <= 0 { return 0 }
      if t >= duration { return distance }
      if t < ramp { return 0.5 * acceleration * t * t }
      if t <= duration - ramp { return 0.5 * acceleration * ramp * ramp + cruise * (t - ramp) }
      let r = duration - t
      return distance - 0.5 * acceleration * r * r
    }
    let steps = max(1, Int((duration / period).rounded(.up)))
    var times: [Double] = []
    var samples: [[Double]] = []
    for k in 0...steps {
      let t = min(Double(k) * period, duration)
      let f = distance > 0 ? s(t) / distance : 1
      times.append(Double(k) * period)
      samples.append(zip(start, goal).map { $0 + f * ($1 - $0) })
    }
    samples[samples.count - 1] = goal
    return JointTrajectory(jointNames: jointNames, times: times, positions: samples)
  }

  /// Reads a trajectory file; errors name the file, the line and the problem.
  public static func load(file path: String) throws -> JointTrajectory {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedError(file: path, message: "cannot be read")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw LocatedError(file: path, message: "is not UTF-8 text")
    }
    return try parse(text, file: path)
  }

  /// Parses trajectory text (see the type's documentation for the format).
  public static func parse(_ text: String, file: String) throws -> JointTrajectory {
    var names: [String]?
    var times: [Double] = []
    var samples: [[Double]] = []
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      let number = offset + 1
      if line.isEmpty || line.hasPrefix("#") { continue }
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard let header = names else {
        guard cells.first == "time", cells.count >= 2 else {
          throw LocatedError(file: file, line: number, message: "expected a header 'time,<joint>,…', got '\(line)'")
        }
        names = Array(cells.dropFirst())
        continue
      }
      guard cells.count == header.count + 1 else {
        throw LocatedError(
          file: file, line: number, message: "expected \(header.count + 1) values (time and \(header.count) joints), got \(cells.count)")
      }
      var values: [Double] = []
      for (i, cell) in cells.enumerated() {
        guard let v = Double(cell), v.isFinite else {
          let column = i == 0 ? "time" : header[i - 1]
          throw LocatedError(file: file, line: number, context: column, message: "'\(cell)' is not a finite number")
        }
        values.append(v)
      }
      if let last = times.last, values[0] <= last {
        throw LocatedError(
          file: file, line: number, context: "time", message: "\(values[0]) does not increase (previous \(last))")
      }
      times.append(values[0])
      samples.append(Array(values.dropFirst()))
    }
    guard let header = names else { throw LocatedError(file: file, message: "the file has no header line") }
    guard !times.isEmpty else { throw LocatedError(file: file, message: "the file has no samples") }
    return JointTrajectory(jointNames: header, times: times, positions: samples)
  }

  /// The file text of this trajectory.
  public var csv: String {
    var lines = ["time," + jointNames.joined(separator: ",")]
    for (t, q) in zip(times, positions) {
      lines.append(([t] + q).map { String($0) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
