/// The RTDE variable names this code base knows, with their types and directions.
///
/// Compiled from the RTDE guide's field lists (docs.universal-robots.com, "Real-Time Data Exchange
/// (RTDE) Guide") and cross-checked against the type table of UR's client library
/// (Universal_Robots_Client_Library `src/rtde/data_package.cpp`). It covers every controller
/// state output of e-Series software 5.x that the guide lists, all general-purpose registers,
/// and the inputs a client can write.
public enum RTDEVariables {
  /// Who may use a variable in a recipe.
  public enum Direction: Hashable, Sendable {
    /// Controller state: outputs only.
    case output
    /// Written by clients (SETUP_INPUTS) and readable as an output, like the input registers.
    case inputAndOutput
    /// Written by clients only (I/O commands such as `standard_digital_output`).
    case input
  }

  /// A variable's type and direction.
  public struct Variable: Hashable, Sendable {
    public var type: RTDEFieldType
    public var direction: Direction
    public var canBeOutput: Bool { direction != .input }
    public var canBeInput: Bool { direction != .output }
  }

  /// The variable named `name`, nil when unknown.
  public static func variable(_ name: String) -> Variable? { table[name] }

  /// The type of `name`, nil when unknown.
  public static func type(of name: String) -> RTDEFieldType? { table[name]?.type }

  /// Every known name.
  public static var allNames: [String] { table.keys.sorted() }

  /// The outputs that ur_rtde's `RTDEReceiveInterface` (1.6.5) subscribes to by default, in its
  /// order, as observed on the wire; CB3 controllers get the same list without `ft_raw_wrench`.
  public static let urRTDEDefaultOutputs: [String] =
    [
      "timestamp", "target_q", "target_qd", "target_qdd", "target_current", "target_moment", "actual_q",
      "actual_qd", "actual_current", "joint_control_output", "actual_TCP_pose", "actual_TCP_speed",
      "actual_TCP_force", "target_TCP_pose", "target_TCP_speed", "actual_digital_input_bits",
      "joint_temperatures", "actual_execution_time", "robot_mode", "joint_mode", "safety_mode",
      "actual_tool_accelerometer", "speed_scaling", "target_speed_fraction", "actual_momentum",
      "actual_main_voltage", "actual_robot_voltage", "actual_robot_current", "actual_joint_voltage",
      "actual_digital_output_bits", "runtime_state", "standard_analog_input0", "standard_analog_input1",
      "standard_analog_output0", "standard_analog_output1", "robot_status_bits", "safety_status_bits",
      "ft_raw_wrench", "payload", "payload_cog", "payload_inertia", "output_int_register_2",
    ] + (12...19).map { "output_int_register_\($0)" } + (12...19).map { "output_double_register_\($0)" }

  private static let table: [String: Variable] = {
    var t: [String: Variable] = [:]
    func add(_ type: RTDEFieldType, _ direction: Direction, _ names: [String]) {
      for name in names { t[name] = Variable(type: type, direction: direction) }
    }
    // Controller state (outputs).
    add(.double, .output, [
      "timestamp", "actual_execution_time", "target_execution_time", "speed_scaling", "target_speed_fraction",
      "actual_momentum", "actual_main_voltage", "actual_robot_voltage", "actual_robot_current",
      "standard_analog_input0", "standard_analog_input1", "standard_analog_output0", "standard_analog_output1",
      "io_current", "actual_robot_energy_consumed", "actual_robot_braking_energy_dissipated",
      "euromap67_24V_voltage", "euromap67_24V_current", "tool_analog_input0", "tool_analog_input1",
      "tool_output_current", "tool_temperature", "tcp_force_scalar", "joint_position_deviation_ratio",
      "collision_detection_ratio", "payload",
    ])
    add(.vector6d, .output, [
      "target_q", "target_qd", "target_qdd", "target_current", "target_moment", "actual_q", "actual_qd",
      "actual_current", "actual_current_window", "actual_current_as_torque", "joint_control_output",
      "actual_TCP_pose", "actual_TCP_speed", "actual_TCP_force", "target_TCP_pose", "target_TCP_speed",
      "tcp_offset", "actual_TCP_acceleration", "target_TCP_acceleration", "joint_temperatures",
      "actual_joint_voltage", "ft_raw_wrench", "wrench_calc_from_currents", "payload_inertia",
      "target_base_acceleration", "target_base_wrench",
    ])
    add(.vector3d, .output, [
      "actual_tool_accelerometer", "elbow_position", "elbow_velocity", "payload_cog", "target_gravity",
    ])
    add(.int32, .output, [
      "robot_mode", "safety_mode", "safety_status", "encoder0_raw", "encoder1_raw", "tool_output_voltage",
      "time_scale_source",
    ])
    add(.vector6int32, .output, ["joint_mode"])
    add(.uint32, .output, [
      "runtime_state", "robot_status_bits", "safety_status_bits", "analog_io_types", "euromap67_input_bits",
      "euromap67_output_bits", "tool_mode", "tool_analog_input_types", "script_control_line",
      "output_bit_registers0_to_31", "output_bit_registers32_to_63",
    ])
    add(.uint64, .output, [
      "actual_digital_input_bits", "actual_configurable_digital_input_bits", "actual_digital_output_bits",
      "actual_configurable_digital_output_bits", "control_step",
    ])
    add(.uint8, .output, ["tool_output_mode", "tool_digital_output0_mode", "tool_digital_output1_mode"])
    add(.int32, .output, (0...47).map { "output_int_register_\($0)" })
    add(.double, .output, (0...47).map { "output_double_register_\($0)" })
    add(.bool, .output, (64...127).map { "output_bit_register_\($0)" })
    // General-purpose input registers: written by clients, readable as outputs.
    add(.int32, .inputAndOutput, (0...47).map { "input_int_register_\($0)" })
    add(.double, .inputAndOutput, (0...47).map { "input_double_register_\($0)" })
    add(.bool, .inputAndOutput, (64...127).map { "input_bit_register_\($0)" })
    add(.uint32, .inputAndOutput, ["input_bit_registers0_to_31", "input_bit_registers32_to_63"])
    // I/O commands (inputs only).
    add(.uint32, .input, ["speed_slider_mask"])
    add(.double, .input, ["speed_slider_fraction", "standard_analog_output_0", "standard_analog_output_1"])
    add(.uint8, .input, [
      "standard_digital_output_mask", "standard_digital_output", "configurable_digital_output_mask",
      "configurable_digital_output", "tool_digital_output_mask", "tool_digital_output",
      "standard_analog_output_mask", "standard_analog_output_type",
    ])
    add(.vector6d, .input, ["external_force_torque"])
    return t
  }()
}
