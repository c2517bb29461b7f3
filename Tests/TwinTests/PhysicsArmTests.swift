import ArmatureCore
import Foundation
import Hardware
import SceneDescription
import Testing
import Twin
import _TestSupport

/// The twin's ODE UR5e (`PhysicsUR5e`): tracking a servo stream through the controller, and the
/// dynamics-difference file making it measurably worse.
@Suite struct PhysicsArmTests {
  let home: [Double] = [0, -.pi / 2, .pi / 2, -.pi / 2, -.pi / 2, 0]

  /// Tracking errors (rad) of a 2 s servo stream: every joint follows 0.15 sin(2π t / 1.5 s)
  /// about home (peak 0.63 rad/s, 2.6 rad/s²), a setpoint per 2 ms cycle with servo time 2 ms and
  /// lookahead 0.03 s. The error is the measured position against the controller's own target
  /// (`target_q`), so it is the arm's, not the motion layer's.
  struct Tracking {
    var maxError: Double
    var rmsError: Double
    var truthOffset: [Double]
  }

  func track(_ dynamics: TwinDynamics) throws -> Tracking {
    let configuration = TwinConfiguration()
    let arm = try TwinArmKind.physics.makeArm(configuration: configuration, scene: nil, file: nil, dynamics: dynamics)
    let controller = TwinController(configuration: configuration, arm: arm)
    try controller.loadProgram(URControlProgram.text)
    run(controller, seconds: 0.2)  // settle under gravity compensation
    var worst = 0.0
    var squares = 0.0
    var samples = 0
    for k in 1...1000 {
      let t = Double(k) * 0.002
      let q = home.map { $0 + 0.15 * sin(2 * .pi * t / 1.5) }
      try command(controller, .servoJ, q + [0, 0, 0.002, 0.03, 300], sequence: Int32(k))
      controller.step()
      let s = controller.status
      #expect(s.safetyMode == .normal)
      for j in 0..<6 {
        let e = abs(s.jointPositions[j] - s.targetJointPositions[j])
        worst = max(worst, e)
        squares += e * e
        samples += 1
      }
    }
    let physical = arm as! PhysicsUR5e
    #expect(physical.divergences == 0)
    let truth = zip(physical.jointPositions, physical.truePositions).map { $0 - $1 }
    return Tracking(maxError: worst, rmsError: (squares / Double(samples)).squareRoot(), truthOffset: truth)
  }

  @Test func tracksAServoStreamAndDynamicsDifferencesMakeItWorse() throws {
    // Stated bound of the nominal arm: 5 mrad at worst, 1 mrad RMS (measured 2.9 and 0.41 mrad).
    let nominal = try track(TwinDynamics())
    #expect(nominal.maxError < 0.005 * toleranceScale, "max \(nominal.maxError)")
    #expect(nominal.rmsError < 0.001 * toleranceScale, "rms \(nominal.rmsError)")
    #expect(nominal.rmsError > 1e-5, "a physical arm lags its targets (the ideal arm's error is 0)")
    #expect(nominal.truthOffset == [0, 0, 0, 0, 0, 0])
    // Friction, damping and 5 cycles (10 ms) of latency: a 0.63 rad/s stream delayed 10 ms alone
    // is up to 6.3 mrad behind. Measured: 9.3 mrad max, 5.7 mrad RMS.
    let slow = try track(TwinDynamics(friction: [8, 8, 6, 2, 2, 2], damping: [5, 5, 5, 1, 1, 1], latency: 5))
    #expect(slow.maxError > 2 * nominal.maxError, "max \(slow.maxError) vs \(nominal.maxError)")
    #expect(slow.rmsError > 5 * nominal.rmsError, "rms \(slow.rmsError) vs \(nominal.rmsError)")
    #expect(slow.maxError < 0.02)
    // Encoder bias: the controller tracks its (biased) reading as well as before; the true
    // joints stand the offset away.
    let offsets = [0, 0.02, 0, 0, -0.01, 0]
    let biased = try track(TwinDynamics(jointOffsets: offsets))
    #expect(zip(biased.truthOffset, offsets).allSatisfy { abs($0 - $1) < 1e-9 }, "\(biased.truthOffset)")
    #expect(abs(biased.rmsError - nominal.rmsError) < 1e-4)
  }

  @Test func dynamicsFileErrorsNameTheFileLineAndKey() throws {
    let yaml = """
      friction: [1, 2, 3]
      latency: -1
      gainScale: 0
      jointOffset: [0, 0, 0, 0, 0, 0]
      damping: [0, 0, 0, 0, 0, -1]
      """
    do {
      _ = try ConfigLoader.decode(TwinDynamics.self, yaml: yaml, file: "real-arm.yaml")
      Issue.record("a bad dynamics file was accepted")
    } catch let e as LocatedErrors {
      let lines = e.errors.map(\.description)
      #expect(lines.count == 5, "\(lines)")
      #expect(lines.contains { $0.hasPrefix("real-arm.yaml:1: friction: expected a list of 6 frictions") })
      #expect(lines.contains { $0.hasPrefix("real-arm.yaml:2: latency: expected a whole number of controller cycles") })
      #expect(lines.contains { $0.hasPrefix("real-arm.yaml:3: gainScale: expected a scale in [0.05, 20], got 0") })
      #expect(lines.contains { $0.hasPrefix("real-arm.yaml:4: jointOffset: unknown key 'jointOffset'") })
      #expect(lines.contains { $0.hasPrefix("real-arm.yaml:5: damping: expected a list of 6 dampings") })
    }
    let good = try ConfigLoader.decode(
      TwinDynamics.self, yaml: "latency: 3\njointOffsets: [0, 0.01, 0, 0, 0, 0]\n", file: "ok.yaml")
    #expect(good == TwinDynamics(latency: 3, jointOffsets: [0, 0.01, 0, 0, 0, 0]))
    #expect(try ConfigLoader.decode(TwinDynamics.self, yaml: "{}", file: "empty.yaml").isNominal)
    #expect(throws: LocatedErrors.self) { try TwinDynamics.load(file: "/nonexistent/dynamics.yaml") }
    // The ideal arm has no dynamics to change.
    #expect(throws: LocatedError.self) {
      try TwinArmKind.ideal.makeArm(configuration: TwinConfiguration(), scene: nil, file: nil, dynamics: good)
    }
  }
}
