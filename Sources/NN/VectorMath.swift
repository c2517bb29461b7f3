/// Elementary functions on eight Float32 lanes at a time, written out so that they vectorize and
/// give the same bits on every run (no dependence on the C library's implementation).
enum VectorMath {
  typealias V = SIMD8<Float>

  /// e^x for each lane (Cephes-style range reduction and a degree-6 polynomial; relative error
  /// about 2e-7 over the range of Float32). Inputs are clamped to ±87.
  @inline(__always)
  static func exp(_ x: V) -> V {
    let clamped = x.clamped(lowerBound: V(repeating: -87), upperBound: V(repeating: 87))
    let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
    // r = x − n·ln2, with ln2 split in two for accuracy.
    var r = clamped - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p = V(repeating: 1.987_569_1e-4)
    p = p * r + 1.398_199_9e-3
    p = p * r + 8.333_452e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_5e-1
    p = p * r + 0.5
    p = p * r * r + r + 1
    let exponent = SIMD8<Int32>(n, rounding: .toNearestOrEven) &+ 127
    let scale = unsafeBitCast(exponent &<< 23, to: V.self)
    return p * scale
  }

  /// tanh for each lane through e^(−2|x|), exact in sign and saturating to ±1.
  @inline(__always)
  static func tanh(_ x: V) -> V {
    let a = x.replacing(with: -x, where: x .< 0)
    let e = exp(-2 * a)
    let t = (1 - e) / (1 + e)
    // Small |x|: the odd Taylor series avoids cancellation in 1 − e.
    let x2 = x * x
    var poly = x2 * V(repeating: -17.0 / 315) + V(repeating: 2.0 / 15)
    poly = x2 * poly + V(repeating: -1.0 / 3)
    poly = x2 * poly + V(repeating: 1)
    let series = x * poly
    let large = t.replacing(with: -t, where: x .< 0)
    return large.replacing(with: series, where: a .< 0.0625)
  }

  /// Scalar e^x through the vector routine, so scalar and vector paths agree bit for bit.
  @inline(__always)
  static func exp(_ x: Float) -> Float { exp(V(repeating: x))[0] }

  /// Scalar tanh through the vector routine.
  @inline(__always)
  static func tanh(_ x: Float) -> Float { tanh(V(repeating: x))[0] }

  /// Applies `f` to `count` floats at `x`, writing to `y` (which may equal `x`).
  @inline(__always)
  static func map(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, _ f: (V) -> V
  ) {
    var i = 0
    let raw = UnsafeRawPointer(x)
    let out = UnsafeMutableRawPointer(y)
    while i + 8 <= count {
      out.storeBytes(of: f(raw.loadUnaligned(fromByteOffset: i * 4, as: V.self)), toByteOffset: i * 4, as: V.self)
      i += 8
    }
    if i < count {
      var tail = V()
      for j in 0..<(count - i) { tail[j] = x[i + j] }
      let r = f(tail)
      for j in 0..<(count - i) { y[i + j] = r[j] }
    }
  }
}
