/// Elementary functions written out in plain Float32 arithmetic, so that loops over them
/// auto-vectorize and give the same bits on every run (no dependence on the C library).
enum VectorMath {
  /// e^x (Cephes-style: round x·log₂e to n with the 1.5·2²³ trick, a degree-6 polynomial for
  /// e^r, r = x − n·ln2, and 2ⁿ from the exponent bits). Relative error about 2e-7; inputs are
  /// clamped to ±87.
  @inline(__always)
  static func exp(_ x: Float) -> Float {
    let c = Swift.min(Swift.max(x, -87), 87)
    let t = c * 1.442_695_04 + 12_582_912
    let n = t - 12_582_912
    var r = c - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p: Float = 1.987_569_1e-4
    p = p * r + 1.398_199_9e-3
    p = p * r + 8.333_452e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_5e-1
    p = p * r + 0.5
    p = p * r * r + r + 1
    let k = Int32(bitPattern: t.bitPattern &- 0x4B40_0000)
    return p * Float(bitPattern: UInt32(bitPattern: k &+ 127) &<< 23)
  }

  /// tanh(x) by the rational approximation Eigen uses (degree 13 over degree 6, inputs clamped
  /// to ±7.9988); absolute error below 4e-7.
  @inline(__always)
  static func tanh(_ x: Float) -> Float {
    let c = Swift.min(Swift.max(x, -7.998_811_7), 7.998_811_7)
    let x2 = c * c
    var p: Float = -2.760_768_5e-16
    p = p * x2 + 2.000_187_9e-13
    p = p * x2 + -8.604_671_5e-11
    p = p * x2 + 5.122_297_1e-8
    p = p * x2 + 1.485_722_4e-5
    p = p * x2 + 6.372_619_3e-4
    p = p * x2 + 4.893_524_6e-3
    p = p * c
    var q: Float = 1.198_258_4e-6
    q = q * x2 + 1.185_347_1e-4
    q = q * x2 + 2.268_434_6e-3
    q = q * x2 + 4.893_525_2e-3
    let t = p / q
    return Swift.abs(x) < 0.0004 ? x : t
  }
}
