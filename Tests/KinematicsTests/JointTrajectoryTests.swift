import ArmatureCore
import Kinematics
import Testing

@Suite struct JointTrajectoryTests {
  @Test func passesThroughWaypointsWithContinuousVelocity() throws {
    let t = try JointTrajectory(points: [
      .init(time: 0, positions: [0, 1]), .init(time: 1, positions: [1, 1]), .init(time: 3, positions: [0, 2]),
    ])
    #expect(t.sample(at: 1).positions == [1, 1])
    #expect(t.sample(at: 3).positions == [0, 2])
    // Derived velocity at the middle waypoint: central difference (0 − 0)/3 and (2 − 1)/3.
    let v = t.sample(at: 1).velocities
    #expect(abs(v[0]) < 1e-12 && abs(v[1] - 1.0 / 3) < 1e-12)
    // Velocity is continuous across the waypoint and matches the derivative of position.
    let before = t.sample(at: 1 - 1e-9).velocities
    let after = t.sample(at: 1 + 1e-9).velocities
    #expect(abs(before[1] - after[1]) < 1e-6)
    for time in [0.3, 1.7, 2.5] {
      let numeric = (t.sample(at: time + 1e-6).positions[1] - t.sample(at: time - 1e-6).positions[1]) / 2e-6
      #expect(abs(numeric - t.sample(at: time).velocities[1]) < 1e-6)
    }
    // Outside the waypoints it holds still.
    #expect(t.sample(at: -1) == ([0, 1], [0, 0]))
    #expect(t.sample(at: 10) == ([0, 2], [0, 0]))
  }

  @Test func minimumJerkReachesTheGoalAtRest() throws {
    let t = try JointTrajectory.minimumJerk(from: [0, 1], to: [1, -1], duration: 2)
    #expect(t.sample(at: 0).positions == [0, 1])
    #expect(t.sample(at: 2).positions == [1, -1])
    #expect(t.sample(at: 2).velocities == [0, 0])
    // Halfway, half the way at the peak speed 15/8 · distance / duration.
    let mid = t.sample(at: 1)
    #expect(abs(mid.positions[0] - 0.5) < 1e-12)
    #expect(abs(mid.velocities[0] - 15.0 / 16) < 1e-9)
  }

  @Test func rejectsMalformedPoints() {
    #expect(throws: KinematicsError.self) { try JointTrajectory(points: []) }
    #expect(throws: KinematicsError.self) {
      try JointTrajectory(points: [.init(time: 0, positions: [0]), .init(time: 0, positions: [1])])
    }
    #expect(throws: KinematicsError.self) {
      try JointTrajectory(points: [.init(time: 0, positions: [0]), .init(time: 1, positions: [1, 2])])
    }
  }
}
