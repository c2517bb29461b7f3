import Experiments
import Testing

@Suite struct AxisScaleTests {
  @Test func axesWidenToRoundNumbersWithOneTwoFiveSteps() {
    // 0…49152 in about 5 ticks: raw step 12288 → 10000; the axis ends at 50000.
    let steps = AxisScale(covering: 0, 49152)
    #expect(steps.low == 0 && steps.high == 50000 && steps.step == 10000)
    #expect(steps.ticks == [0, 10000, 20000, 30000, 40000, 50000])
    #expect(steps.ticks.map(steps.label) == ["0", "10k", "20k", "30k", "40k", "50k"])
    // Returns from −47.3 to −1.2: raw step 11.5 → 10; −50…0.
    let returns = AxisScale(covering: -47.3, -1.2)
    #expect(returns.low == -50 && returns.high == 0 && returns.step == 10)
    #expect(returns.label(-50) == "-50" && returns.label(0) == "0")
    // Small ranges keep their decimals: 0.31…0.36, raw step 0.0125 → 0.01; the bounds are ticks.
    let entropy = AxisScale(covering: 0.31, 0.36)
    #expect(abs(entropy.step - 0.01) < 1e-15 && abs(entropy.low - 0.31) < 1e-12 && abs(entropy.high - 0.36) < 1e-12)
    #expect(entropy.ticks.count == 6)
    #expect(entropy.label(0.32) == "0.32")
    // Millions.
    let big = AxisScale(covering: 0, 2_400_000)
    #expect(big.step == 500_000 && big.high == 2_500_000 && big.label(1_500_000) == "1.5M")
    #expect(big.fraction(1_250_000) == 0.5)
  }

  @Test func degenerateRangesStillMakeAnAxis() {
    let flat = AxisScale(covering: 3, 3)
    #expect(flat.low < 3 && flat.high > 3)
    let zero = AxisScale(covering: 0, 0)
    #expect(zero.low == -1 && zero.high == 1)
    let nan = AxisScale(covering: .nan, 1)
    #expect(nan.low == 0 && nan.high == 1)
  }
}
