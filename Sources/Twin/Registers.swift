/// The controller's general-purpose registers and the I/O that clients command through RTDE
/// inputs.
struct Registers: Hashable, Sendable {
  var inputInt = [Int32](repeating: 0, count: 48)
  var inputDouble = [Double](repeating: 0, count: 48)
  /// Input bit registers 0-127 (bits 0-63 in `inputBitsLow`, 64-127 in `inputBitsHigh`).
  var inputBitsLow: UInt64 = 0
  var inputBitsHigh: UInt64 = 0
  var outputInt = [Int32](repeating: 0, count: 48)
  var outputDouble = [Double](repeating: 0, count: 48)
  var outputBitsLow: UInt64 = 0
  var outputBitsHigh: UInt64 = 0
  /// Standard (bits 0-7), configurable (8-15) and tool (16-17) digital outputs.
  var digitalOutputs: UInt64 = 0
  var analogOutputs: [Double] = [0, 0]
  var speedSliderFraction: Double = 1
}
