import Foundation
import RL
import Testing

// Reference numbers: Tests/RLTests/reference_values.py (plain Python, independent of this code).

@Suite struct ObjectiveTests {
  @Test func gaeBootstrapsAtTruncationNotAtTermination() {
    let adv = generalizedAdvantages(
      rewards: [1, 0, 2, -1], values: [0.5, 1.0, 1.5, 0.2], nextValues: [1.0, 3.0, 0.2, 7.0],
      terminated: [false, false, false, true], episodeEnded: [false, true, false, true], gamma: 0.9, lambda: 0.8)
    let expected = [2.624, 1.7, -0.184, -1.2]
    for (a, e) in zip(adv, expected) { #expect(abs(a - e) < 1e-12) }
  }

  @Test func gaeWithLambdaOneIsDiscountedReturnMinusValue() {
    // λ = 1, no episode end, zero values: advantages are the discounted reward-to-go plus the
    // discounted bootstrap.
    let adv = generalizedAdvantages(
      rewards: [1, 1, 1], values: [0, 0, 0], nextValues: [0, 0, 10], terminated: [false, false, false],
      episodeEnded: [false, false, false], gamma: 0.5, lambda: 1)
    #expect(abs(adv[0] - (1 + 0.5 + 0.25 + 0.125 * 10)) < 1e-12)
    #expect(abs(adv[2] - (1 + 0.5 * 10)) < 1e-12)
  }

  @Test func clippedSurrogateMatchesHandValues() {
    let r = PPOObjective.clippedSurrogate(
      newLogProbabilities: [log(1.5), log(0.5), log(0.5), log(1.1)], oldLogProbabilities: [0, 0, 0, 0],
      advantages: [2, 1, -1, -2], clipRange: 0.2)
    #expect(abs(r.loss - 0.025) < 1e-12)
    #expect(abs(r.clipFraction - 0.75) < 1e-12)
    #expect(abs(r.approximateKL - 0.12137976830185034) < 1e-12)
    let expected = [0.0, -0.125, 0.0, 0.55]
    for (g, e) in zip(r.gradient, expected) { #expect(abs(g - e) < 1e-9) }
  }

  @Test func clippedValueLossMatchesHandValues() {
    let r = PPOObjective.valueLoss(values: [1, 2], oldValues: [0.5, 2], returns: [2, 1], clipRange: 0.2)
    #expect(abs(r.loss - 0.6725) < 1e-12)
    #expect(abs(r.gradient[0]) < 1e-12 && abs(r.gradient[1] - 0.5) < 1e-12)
    let plain = PPOObjective.valueLoss(values: [1, 2], oldValues: [0.5, 2], returns: [2, 1], clipRange: nil)
    #expect(abs(plain.loss - 0.5) < 1e-12)
    #expect(plain.gradient == [-0.5, 0.5])
  }

  @Test func advantageNormalizationGivesZeroMeanUnitVariance() {
    let a = PPOObjective.normalizedAdvantages([1, 2, 3, 4])
    // mean 2.5, population std √1.25.
    #expect(abs(a[0] - (-1.5 / 1.25.squareRoot())) < 1e-7)
    #expect(abs(a.reduce(0, +)) < 1e-12)
  }

  @Test func centeredRanksMatchSalimans() {
    #expect(centeredRanks([3.0, -1.0, 10.0, 3.0, 0.5]) == [0.0, -0.5, 0.5, 0.25, -0.25])
    // Invariant to monotone transformations of the fitness.
    let f = [0.3, -2, 7, 1.5]
    #expect(centeredRanks(f) == centeredRanks(f.map { exp($0) * 3 - 1 }))
  }

  @Test func ppoConfigRejectsUnknownKeysAndBadValues() throws {
    let ok = try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"gamma": 0.95, "hiddenLayers": [32]}"#.utf8))
    #expect(ok.gamma == 0.95 && ok.hiddenLayers == [32] && ok.lambdaDefaultHolds)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"gama": 0.9}"#.utf8)) }
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"gamma": 1.5}"#.utf8)) }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(PPOConfig.self, from: Data(#"{"learningRateSchedule": "exponential"}"#.utf8))
    }
  }
}

extension PPOConfig {
  var lambdaDefaultHolds: Bool { gaeLambda == RLDefaults.gaeLambda && epochs == RLDefaults.epochs }
}
