import ArmatureCore
import Testing

@Suite struct RandomStreamTests {
  @Test func matchesAnIndependentImplementation() {
    // Values from Reference/random_stream_reference.py (a separate Python implementation).
    var zero = RandomStream(seed: 0)
    #expect([zero.next(), zero.next(), zero.next()] == [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0])
    var answer = RandomStream(seed: 42)
    #expect([answer.next(), answer.next(), answer.next()] == [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1])
    var u = RandomStream(seed: 42)
    #expect(u.uniform() == 0.08386297105988216)
    #expect(u.uniform() == 0.3789802506626686)
  }

  @Test func derivedStreamsDependOnlyOnTheSeedAndLabel() {
    var parent = RandomStream(seed: 7)
    let before = parent.derived("env-3")
    for _ in 0..<100 { _ = parent.next() }
    let after = parent.derived("env-3")
    #expect(before == after)
    var a = parent.derived("env-3")
    var b = parent.derived("env-4")
    #expect(a.next() != b.next())
  }

  @Test func uniformAndNormalMoments() {
    var rng = RandomStream(seed: 1)
    let n = 100_000
    var sum = 0.0
    var sumSquares = 0.0
    var normalSum = 0.0
    var normalSquares = 0.0
    for _ in 0..<n {
      let u = rng.uniform()
      #expect(u >= 0 && u < 1)
      sum += u
      sumSquares += u * u
      let z = rng.normal()
      normalSum += z
      normalSquares += z * z
    }
    // Means within about 4 standard errors.
    #expect(abs(sum / Double(n) - 0.5) < 4 * (1.0 / 12 / Double(n)).squareRoot())
    #expect(abs(sumSquares / Double(n) - 1.0 / 3) < 0.005)
    #expect(abs(normalSum / Double(n)) < 4 / Double(n).squareRoot())
    #expect(abs(normalSquares / Double(n) - 1) < 0.02)
  }

  @Test func integersAreUnbiasedAndInRange() {
    var rng = RandomStream(seed: 3)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { counts[rng.integer(below: 6)] += 1 }
    for c in counts { #expect(abs(c - 10_000) < 500) }
  }
}
