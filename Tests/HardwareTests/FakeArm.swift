import Foundation
import Hardware

/// An in-memory arm for testing the safety layer and the control loop: it reports a settable
/// state, records every command it receives, and (when `follows`) moves to servo targets at once.
final class FakeArm: ArmController, @unchecked Sendable {
  let model = ArmModel.ur5e
  private let lock = NSLock()
  private var _positions: [Double]
  private var _velocities = [Double](repeating: 0, count: 6)
  private var _safety: ArmSafetyMode = .normal
  private var _sent: [ArmCommand] = []
  private var _connected = false
  private var _time = 0.0
  /// How old (s) the state readings claim to be.
  var stateAge = 0.0
  var follows = true
  /// When set, the next motion command finds the control program stopped and the arm in this
  /// safety mode (the controller acted between a check and the send) and fails as the UR adapter
  /// does; with `.normal` the program stopped for another reason.
  var stopsAtNextMotion: ArmSafetyMode? {
    get { locked { _stopsAtNextMotion } }
    set { locked { _stopsAtNextMotion = newValue } }
  }
  private var _stopsAtNextMotion: ArmSafetyMode?

  init(positions: [Double] = [0, -1.5, 1.5, -1.5, -1.5, 0]) { _positions = positions }

  private func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  var positions: [Double] {
    get { locked { _positions } }
    set { locked { _positions = newValue } }
  }
  var velocities: [Double] {
    get { locked { _velocities } }
    set { locked { _velocities = newValue } }
  }
  var safetyMode: ArmSafetyMode {
    get { locked { _safety } }
    set { locked { _safety = newValue } }
  }
  var sent: [ArmCommand] { locked { _sent } }

  var isConnected: Bool { locked { _connected } }
  func connect() throws { locked { _connected = true } }
  func disconnect() { locked { _connected = false } }

  func state() throws -> ArmState {
    locked {
      _time += 0.002
      return ArmState(
        timestamp: _time, receivedAt: MonotonicClock.now - stateAge, jointPositions: _positions,
        jointVelocities: _velocities, targetJointPositions: _positions, tcpPose: URKinematics.ur5e.tcpPose(_positions),
        robotMode: .running, safetyMode: _safety, isProgramRunning: _safety.allowsMotion)
    }
  }

  func nextState(after timestamp: Double, timeout: Double) throws -> ArmState { try state() }

  func send(_ command: ArmCommand) throws -> CommandOutcome {
    if command != .stop, let mode = stopsAtNextMotion {
      locked {
        _safety = mode
        _stopsAtNextMotion = nil
      }
      throw ArmError.programNotRunning(arm: "fake", detail: "safety mode \(mode.rawValue)")
    }
    try locked {
      guard _safety.allowsMotion || command == .stop else {
        throw ArmError.programNotRunning(arm: "fake", detail: "safety mode \(_safety.rawValue)")
      }
      _sent.append(command)
      if follows {
        switch command {
        case .servo(let q): _positions = q
        case .velocity(let qd): _velocities = qd
        case .stop: _velocities = _velocities.map { _ in 0 }
        }
      }
    }
    return CommandOutcome(requested: command, sent: command)
  }
}
