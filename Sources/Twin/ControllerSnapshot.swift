import Hardware

/// The controller's state after one cycle: everything RTDE outputs are made of.
struct ControllerSnapshot: Sendable {
  var cycle: UInt64
  /// Controller time (s).
  var timestamp: Double
  var targetQ: [Double]
  var targetQd: [Double]
  var targetQdd: [Double]
  var actualQ: [Double]
  var actualQd: [Double]
  var actualTCPPose: [Double]
  var actualTCPSpeed: [Double]
  var targetTCPPose: [Double]
  var targetTCPSpeed: [Double]
  /// Specific force at the tool flange in the tool frame (m/s²): gravity reaction at rest.
  var toolAccelerometer: [Double]
  var robotMode: URRobotMode
  var safetyMode: URSafetyMode
  var runtimeState: URRuntimeState
  var robotStatus: URRobotStatus
  var safetyStatus: URSafetyStatus
  var speedScaling: Double
  /// Seconds the last cycle's computation took.
  var executionTime: Double
  var payloadMass: Double
  var payloadCenterOfGravity: [Double]
  var registers: Registers
}

/// A resolved output variable: how to read one RTDE output from a snapshot.
enum OutputField: Hashable, Sendable {
  case timestamp, targetQ, targetQd, targetQdd, actualQ, actualQd, actualTCPPose, actualTCPSpeed
  case targetTCPPose, targetTCPSpeed, toolAccelerometer, robotMode, jointMode, safetyMode, safetyStatus
  case runtimeState, robotStatusBits, safetyStatusBits, speedScaling, targetSpeedFraction, executionTime
  case controlStep, digitalOutputBits, configurableDigitalOutputBits, standardAnalogOutput(Int)
  case payload, payloadCOG
  case inputInt(Int), inputDouble(Int), inputBit(Int), inputBitsWord(Int)
  case outputInt(Int), outputDouble(Int), outputBit(Int), outputBitsWord(Int)
  /// A quantity the joint-space model does not simulate (currents, torques, forces,
  /// temperatures, voltages): NaN for floating-point fields, 0 for integers.
  case notSimulated(RTDEFieldType)
  /// A quantity that is a constant of this setup (no tool I/O, no encoders, no Euromap).
  case zero(RTDEFieldType)

  /// Resolves an output name; nil when it is not a known output.
  init?(name: String) {
    guard let variable = RTDEVariables.variable(name), variable.canBeOutput else { return nil }
    let type = variable.type
    func index(after prefix: String) -> Int? {
      name.hasPrefix(prefix) ? Int(name.dropFirst(prefix.count)) : nil
    }
    if let i = index(after: "input_int_register_") { self = .inputInt(i); return }
    if let i = index(after: "input_double_register_") { self = .inputDouble(i); return }
    if let i = index(after: "input_bit_register_") { self = .inputBit(i); return }
    if let i = index(after: "output_int_register_") { self = .outputInt(i); return }
    if let i = index(after: "output_double_register_") { self = .outputDouble(i); return }
    if let i = index(after: "output_bit_register_") { self = .outputBit(i); return }
    switch name {
    case "timestamp": self = .timestamp
    case "target_q": self = .targetQ
    case "target_qd": self = .targetQd
    case "target_qdd": self = .targetQdd
    case "actual_q": self = .actualQ
    case "actual_qd": self = .actualQd
    case "actual_TCP_pose": self = .actualTCPPose
    case "actual_TCP_speed": self = .actualTCPSpeed
    case "target_TCP_pose": self = .targetTCPPose
    case "target_TCP_speed": self = .targetTCPSpeed
    case "actual_tool_accelerometer": self = .toolAccelerometer
    case "robot_mode": self = .robotMode
    case "joint_mode": self = .jointMode
    case "safety_mode": self = .safetyMode
    case "safety_status": self = .safetyStatus
    case "runtime_state": self = .runtimeState
    case "robot_status_bits": self = .robotStatusBits
    case "safety_status_bits": self = .safetyStatusBits
    case "speed_scaling": self = .speedScaling
    case "target_speed_fraction": self = .targetSpeedFraction
    case "actual_execution_time": self = .executionTime
    case "control_step": self = .controlStep
    case "actual_digital_output_bits": self = .digitalOutputBits
    case "actual_configurable_digital_output_bits": self = .configurableDigitalOutputBits
    case "standard_analog_output0": self = .standardAnalogOutput(0)
    case "standard_analog_output1": self = .standardAnalogOutput(1)
    case "payload": self = .payload
    case "payload_cog": self = .payloadCOG
    case "input_bit_registers0_to_31": self = .inputBitsWord(0)
    case "input_bit_registers32_to_63": self = .inputBitsWord(1)
    case "output_bit_registers0_to_31": self = .outputBitsWord(0)
    case "output_bit_registers32_to_63": self = .outputBitsWord(1)
    case "actual_digital_input_bits", "actual_configurable_digital_input_bits", "standard_analog_input0",
      "standard_analog_input1", "analog_io_types", "tool_mode", "tool_analog_input_types", "tool_analog_input0",
      "tool_analog_input1", "tool_output_voltage", "tool_output_mode", "tool_digital_output0_mode",
      "tool_digital_output1_mode", "encoder0_raw", "encoder1_raw", "euromap67_input_bits", "euromap67_output_bits",
      "script_control_line", "time_scale_source", "tcp_offset", "payload_inertia", "target_base_acceleration":
      self = .zero(type)
    default: self = .notSimulated(type)
    }
  }

  /// The field's value in `s`.
  func value(in s: ControllerSnapshot) -> RTDEValue {
    let r = s.registers
    switch self {
    case .timestamp: return .double(s.timestamp)
    case .targetQ: return .vector6d(s.targetQ)
    case .targetQd: return .vector6d(s.targetQd)
    case .targetQdd: return .vector6d(s.targetQdd)
    case .actualQ: return .vector6d(s.actualQ)
    case .actualQd: return .vector6d(s.actualQd)
    case .actualTCPPose: return .vector6d(s.actualTCPPose)
    case .actualTCPSpeed: return .vector6d(s.actualTCPSpeed)
    case .targetTCPPose: return .vector6d(s.targetTCPPose)
    case .targetTCPSpeed: return .vector6d(s.targetTCPSpeed)
    case .toolAccelerometer: return .vector3d(s.toolAccelerometer)
    case .robotMode: return .int32(s.robotMode.rawValue)
    case .jointMode:
      let mode: Int32
      switch s.robotMode {
      case .running: mode = 253  // JOINT_RUNNING_MODE
      case .idle, .powerOn: mode = 255  // JOINT_IDLE_MODE
      case .backdrive: mode = 238
      case .booting, .confirmSafety, .updatingFirmware: mode = 247
      case .powerOff, .disconnected, .noController: mode = 239  // JOINT_POWER_OFF_MODE
      }
      return .vector6int32([Int32](repeating: mode, count: 6))
    case .safetyMode, .safetyStatus: return .int32(s.safetyMode.rawValue)
    case .runtimeState: return .uint32(s.runtimeState.rawValue)
    case .robotStatusBits: return .uint32(s.robotStatus.rawValue)
    case .safetyStatusBits: return .uint32(s.safetyStatus.rawValue)
    case .speedScaling: return .double(s.speedScaling)
    case .targetSpeedFraction: return .double(r.speedSliderFraction)
    case .executionTime: return .double(s.executionTime * 1000)
    case .controlStep: return .uint64(s.cycle)
    case .digitalOutputBits: return .uint64(r.digitalOutputs & 0xFF | (r.digitalOutputs & 0x30000))
    case .configurableDigitalOutputBits: return .uint64((r.digitalOutputs >> 8) & 0xFF)
    case .standardAnalogOutput(let i): return .double(r.analogOutputs[i])
    case .payload: return .double(s.payloadMass)
    case .payloadCOG: return .vector3d(s.payloadCenterOfGravity)
    case .inputInt(let i): return .int32(r.inputInt[i])
    case .inputDouble(let i): return .double(r.inputDouble[i])
    case .inputBit(let i): return .bool(bit(i, r.inputBitsLow, r.inputBitsHigh))
    case .inputBitsWord(let w): return .uint32(UInt32(truncatingIfNeeded: r.inputBitsLow >> (32 * w)))
    case .outputInt(let i): return .int32(r.outputInt[i])
    case .outputDouble(let i): return .double(r.outputDouble[i])
    case .outputBit(let i): return .bool(bit(i, r.outputBitsLow, r.outputBitsHigh))
    case .outputBitsWord(let w): return .uint32(UInt32(truncatingIfNeeded: r.outputBitsLow >> (32 * w)))
    case .zero(let type): return .zero(type)
    case .notSimulated(let type):
      switch type {
      case .double: return .double(.nan)
      case .vector3d: return .vector3d([.nan, .nan, .nan])
      case .vector6d: return .vector6d([Double](repeating: .nan, count: 6))
      default: return .zero(type)
      }
    }
  }
}

private func bit(_ i: Int, _ low: UInt64, _ high: UInt64) -> Bool {
  i < 64 ? (low >> UInt64(i)) & 1 == 1 : (high >> UInt64(i - 64)) & 1 == 1
}

/// A resolved input variable: what a client's value changes.
enum InputField: Hashable, Sendable {
  case inputInt(Int), inputDouble(Int), inputBit(Int), inputBitsWord(Int)
  case standardDigitalMask, standardDigital, configurableDigitalMask, configurableDigital
  case toolDigitalMask, toolDigital, analogMask, analogType, analogOutput(Int)
  case speedSliderMask, speedSliderFraction, externalForceTorque

  /// Resolves an input name; nil when it is not a known input.
  init?(name: String) {
    guard let variable = RTDEVariables.variable(name), variable.canBeInput else { return nil }
    func index(after prefix: String) -> Int? {
      name.hasPrefix(prefix) ? Int(name.dropFirst(prefix.count)) : nil
    }
    if let i = index(after: "input_int_register_") { self = .inputInt(i); return }
    if let i = index(after: "input_double_register_") { self = .inputDouble(i); return }
    if let i = index(after: "input_bit_register_") { self = .inputBit(i); return }
    switch name {
    case "input_bit_registers0_to_31": self = .inputBitsWord(0)
    case "input_bit_registers32_to_63": self = .inputBitsWord(1)
    case "standard_digital_output_mask": self = .standardDigitalMask
    case "standard_digital_output": self = .standardDigital
    case "configurable_digital_output_mask": self = .configurableDigitalMask
    case "configurable_digital_output": self = .configurableDigital
    case "tool_digital_output_mask": self = .toolDigitalMask
    case "tool_digital_output": self = .toolDigital
    case "standard_analog_output_mask": self = .analogMask
    case "standard_analog_output_type": self = .analogType
    case "standard_analog_output_0": self = .analogOutput(0)
    case "standard_analog_output_1": self = .analogOutput(1)
    case "speed_slider_mask": self = .speedSliderMask
    case "speed_slider_fraction": self = .speedSliderFraction
    case "external_force_torque": self = .externalForceTorque
    default: return nil
    }
  }
}

extension Registers {
  /// Applies one input data package (fields and values in recipe order).
  mutating func apply(_ fields: [InputField], _ values: [RTDEValue]) {
    var masks: [InputField: UInt64] = [:]
    for (field, value) in zip(fields, values) {
      switch field {
      case .standardDigitalMask, .configurableDigitalMask, .toolDigitalMask, .analogMask, .speedSliderMask:
        masks[field] = UInt64(value.integer ?? 0)
      default: break
      }
    }
    for (field, value) in zip(fields, values) {
      switch field {
      case .inputInt(let i): inputInt[i] = Int32(truncatingIfNeeded: value.integer ?? 0)
      case .inputDouble(let i): inputDouble[i] = value.scalar ?? 0
      case .inputBit(let i):
        let on = value.integer == 1
        if i < 64 {
          inputBitsLow = on ? inputBitsLow | (1 << UInt64(i)) : inputBitsLow & ~(1 << UInt64(i))
        } else {
          inputBitsHigh = on ? inputBitsHigh | (1 << UInt64(i - 64)) : inputBitsHigh & ~(1 << UInt64(i - 64))
        }
      case .inputBitsWord(let w):
        let shift = UInt64(32 * w)
        inputBitsLow = (inputBitsLow & ~(0xFFFF_FFFF << shift)) | (UInt64(value.integer ?? 0) & 0xFFFF_FFFF) << shift
      case .standardDigital:
        setMasked(bits: UInt64(value.integer ?? 0), mask: masks[.standardDigitalMask] ?? 0, shift: 0)
      case .configurableDigital:
        setMasked(bits: UInt64(value.integer ?? 0), mask: masks[.configurableDigitalMask] ?? 0, shift: 8)
      case .toolDigital:
        setMasked(bits: UInt64(value.integer ?? 0), mask: masks[.toolDigitalMask] ?? 0, shift: 16)
      case .analogOutput(let i):
        if (masks[.analogMask] ?? 0) >> UInt64(i) & 1 == 1 { analogOutputs[i] = value.scalar ?? 0 }
      case .speedSliderFraction:
        if (masks[.speedSliderMask] ?? 0) & 1 == 1 { speedSliderFraction = min(1, max(0, value.scalar ?? 1)) }
      case .standardDigitalMask, .configurableDigitalMask, .toolDigitalMask, .analogMask, .analogType,
        .speedSliderMask, .externalForceTorque:
        break
      }
    }
  }

  private mutating func setMasked(bits: UInt64, mask: UInt64, shift: UInt64) {
    let m = (mask & 0xFF) << shift
    digitalOutputs = (digitalOutputs & ~m) | ((bits << shift) & m)
  }
}
