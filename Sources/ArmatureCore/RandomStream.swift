/// A seeded, splittable random number generator: xoshiro256** seeded through SplitMix64.
///
/// Every stochastic component in Armature takes one of these explicitly; nothing draws from a
/// global generator. `RandomStream(seed: s)` gives the same sequence on every platform and Swift
/// version, and `derived(_:)` gives independent child streams (one per environment, one per
/// randomized parameter) whose sequences do not depend on how much the parent has been used.
public struct RandomStream: RandomNumberGenerator, Hashable, Sendable, Codable {
  // The generator state; never all zero.
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
  /// The seed this stream was created from; child streams derive from it, not from the state.
  public let seed: UInt64

  /// A stream for `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    var mixer = SplitMix64(state: seed)
    (s0, s1, s2, s3) = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
  }

  /// An independent stream named by `label`, a function of this stream's seed only.
  public func derived(_ label: UInt64) -> RandomStream {
    var mixer = SplitMix64(state: seed ^ (label &* 0x9E37_79B9_7F4A_7C15))
    _ = mixer.next()
    return RandomStream(seed: mixer.next() ^ label)
  }

  /// An independent stream named by a string label (FNV-1a hash of its UTF-8 bytes).
  public func derived(_ label: String) -> RandomStream { derived(fnv1a64(label)) }

  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  /// A uniform double in `[0, 1)` with 53 random bits.
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform double in `[lower, upper)`.
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * uniform()
  }

  /// A uniform integer in `0..<count`, without modulo bias.
  public mutating func integer(below count: Int) -> Int {
    precondition(count > 0, "integer(below:) needs a positive count")
    let bound = UInt64(count)
    let threshold = (0 &- bound) % bound
    while true {
      let r = next()
      let m = r.multipliedFullWidth(by: bound)
      if m.low >= threshold { return Int(m.high) }
    }
  }

  /// A standard normal draw (Box–Muller, one draw per two uniforms).
  public mutating func normal() -> Double {
    var u1 = uniform()
    while u1 <= 0 { u1 = uniform() }
    let u2 = uniform()
    return (-2 * u1.log).squareRoot() * (2 * Double.pi * u2).cos
  }

  /// A normal draw with the given mean and standard deviation.
  public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
    mean + standardDeviation * normal()
  }
}

/// SplitMix64 (Steele, Lea and Flood 2014): used to expand seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64
  public init(state: UInt64) { self.state = state }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// The 64-bit FNV-1a hash of a string's UTF-8 bytes: stable across runs and platforms.
public func fnv1a64(_ string: String) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in string.utf8 {
    hash ^= UInt64(byte)
    hash = hash &* 0x100_0000_01b3
  }
  return hash
}
