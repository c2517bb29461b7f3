import ArmatureCore
import Randomization
import SceneDescription
import Foundation
import Testing

@Suite struct RandomizerTests {
  let catalogue = [
    RandomizableParameter("cube.friction", nominal: 0.8, valid: 0...10, "friction of the cube"),
    RandomizableParameter("cube.mass", nominal: 0.125, valid: 0.001...10, "mass of the cube"),
    RandomizableParameter("gravity", nominal: [0, 0, -9.81], "gravity vector"),
    RandomizableParameter("observation.noise", nominal: [0, 0], "white noise on two observations"),
  ]

  var spec: RandomizationSpec {
    RandomizationSpec(parameters: [
      ParameterRandomization(name: "cube.friction", distribution: .uniform(low: 0.7, high: 1.3)),
      ParameterRandomization(name: "cube.mass", distribution: .logUniform(low: 0.5, high: 1.5)),
      ParameterRandomization(name: "gravity", distribution: .normal(mean: 0, standardDeviation: 0.4), apply: .offset),
      ParameterRandomization(
        name: "observation.noise", distribution: .normal(mean: 0, standardDeviation: 0.01), apply: .offset, every: .step),
    ])
  }

  @Test func drawsApplyToTheNominalNeverToThePreviousDraw() throws {
    var r = try Randomizer(spec: spec, catalogue: catalogue, seed: 1)
    var masses: [Double] = []
    for _ in 0..<2000 {
      r.beginEpisode()
      let f = r.scalar("cube.friction")
      #expect(f >= 0.8 * 0.7 && f <= 0.8 * 1.3)
      masses.append(r.scalar("cube.mass"))
      #expect(r.value("gravity").count == 3)
    }
    // A random walk would spread; draws from the nominal stay in [0.0625, 0.1875] forever.
    #expect(masses.allSatisfy { $0 >= 0.125 * 0.5 && $0 <= 0.125 * 1.5 })
    let late = masses.suffix(1000).reduce(0, +) / 1000
    let early = masses.prefix(1000).reduce(0, +) / 1000
    #expect(abs(late - early) < 0.01)
  }

  @Test func unrandomizedParametersKeepTheirNominal() throws {
    var r = try Randomizer(spec: .none, catalogue: catalogue, seed: 1)
    r.beginEpisode()
    r.beginStep()
    #expect(r.value("gravity") == [0, 0, -9.81])
    #expect(r.scalar("cube.friction") == 0.8)
  }

  @Test func stepDrawsChangeEveryStepEpisodeDrawsDoNot() throws {
    var r = try Randomizer(spec: spec, catalogue: catalogue, seed: 4)
    r.beginEpisode()
    let friction = r.scalar("cube.friction")
    r.beginStep()
    let first = r.value("observation.noise")
    r.beginStep()
    let second = r.value("observation.noise")
    #expect(first != second)
    #expect(r.scalar("cube.friction") == friction)
  }

  @Test func aSeedReplaysTheSameRandomization() throws {
    func trace(_ seed: UInt64) throws -> [Double] {
      var r = try Randomizer(spec: spec, catalogue: catalogue, seed: 99)
      r.reseed(seed)
      var out: [Double] = []
      for _ in 0..<5 {
        r.beginEpisode()
        out += r.value("gravity") + [r.scalar("cube.mass")]
        for _ in 0..<10 {
          r.beginStep()
          out += r.value("observation.noise")
        }
      }
      return out
    }
    #expect(try trace(7) == trace(7))
    #expect(try trace(7) != trace(8))
  }

  @Test func valuesAreClampedToWhatIsValid() throws {
    let wild = RandomizationSpec(parameters: [
      ParameterRandomization(name: "cube.friction", distribution: .normal(mean: 0, standardDeviation: 5), apply: .offset)
    ])
    var r = try Randomizer(spec: wild, catalogue: catalogue, seed: 3)
    for _ in 0..<200 {
      r.beginEpisode()
      #expect((0...10).contains(r.scalar("cube.friction")))
    }
  }

  @Test func unknownParametersAreRefused() {
    let bad = RandomizationSpec(parameters: [ParameterRandomization(name: "cube.colour", distribution: .uniform(low: 0, high: 1))])
    #expect(throws: UnknownParameterError.self) { try Randomizer(spec: bad, catalogue: catalogue, seed: 0) }
  }

  @Test func scalingAZeroNominalValueIsRefused() throws {
    let noise = ParameterRandomization(name: "observation.noise", distribution: .normal(mean: 0, standardDeviation: 0.01))
    let error = #expect(throws: IneffectiveRandomizationError.self) {
      try Randomizer(spec: RandomizationSpec(parameters: [noise]), catalogue: catalogue, seed: 0)
    }
    #expect(error?.description.contains("'observation.noise'") == true && error?.description.contains("apply: offset") == true)
    // Gravity has one nonzero component, so scaling it does something; offsets of zero values work.
    var offset = noise
    offset.apply = .offset
    let gravity = ParameterRandomization(name: "gravity", distribution: .uniform(low: 0.9, high: 1.1))
    var r = try Randomizer(spec: RandomizationSpec(parameters: [offset, gravity]), catalogue: catalogue, seed: 0)
    r.beginEpisode()
    #expect(r.value("observation.noise") != [0, 0])
  }

  @Test func yamlSpecsDecodeWithPreciseErrors() throws {
    let good = """
      version: 1
      parameters:
        - name: cube.friction
          distribution: uniform
          range: [0.7, 1.3]
        - name: gravity
          distribution: normal
          std: 0.4
          apply: offset
        - name: observation.noise
          distribution: truncatedNormal
          mean: 0
          std: 0.01
          range: [-0.03, 0.03]
          apply: offset
          every: step
      adr:
        bufferSize: 100
      """
    let spec = try ConfigLoader.decode(RandomizationSpec.self, yaml: good, file: "dr.yaml")
    #expect(spec.parameters.count == 3)
    #expect(spec.parameters[1].distribution == .normal(mean: 0, standardDeviation: 0.4))
    #expect(spec.adr.bufferSize == 100 && spec.adr.boundaryProbability == 0.5)
    let bad = """
      parameters:
        - name: cube.friction
          distribution: uniform
          range: [1.3, 0.7]
        - name: cube.mass
          distribution: gamma
      """
    #expect {
      _ = try ConfigLoader.decode(RandomizationSpec.self, yaml: bad, file: "dr.yaml")
    } throws: { error in
      let text = "\(error)"
      return text.contains("dr.yaml:3: parameters[0].distribution: range must be [low, high] with low ≤ high")
        && text.contains("dr.yaml:6: parameters[1].distribution: expected one of uniform, logUniform, normal, truncatedNormal, choice, got 'gamma'")
    }
  }
}

@Suite struct ADRTests {
  func spec(buffer: Int) -> RandomizationSpec {
    var s = RandomizationSpec(parameters: [
      ParameterRandomization(name: "cube.friction", distribution: .uniform(low: 0.5, high: 1.5), adr: true, adrStep: 0.05),
      ParameterRandomization(name: "cube.mass", distribution: .uniform(low: 0.8, high: 1.2), adr: true, adrStep: 0.05),
    ])
    s.adr.bufferSize = buffer
    return s
  }

  let catalogue = [
    RandomizableParameter("cube.friction", nominal: 0.8, "friction"),
    RandomizableParameter("cube.mass", nominal: 0.125, "mass"),
  ]

  /// Runs `episodes` episodes whose success is decided by `succeeds(frictionScale, massScale)`.
  func train(_ state: inout ADRState, episodes: Int, seed: UInt64, succeeds: (Double, Double) -> Bool) throws {
    var r = try Randomizer(spec: spec(buffer: state.settings.bufferSize), catalogue: catalogue, seed: seed)
    for _ in 0..<episodes {
      r.beginEpisode(adr: state)
      let f = r.scalar("cube.friction") / 0.8
      let m = r.scalar("cube.mass") / 0.125
      if let boundary = r.pinnedBoundary { state.record(boundary, success: succeeds(f, m) ? 1 : 0) }
    }
  }

  @Test func rangesStartAtTheNominal() {
    let state = ADRState(spec: spec(buffer: 10))
    #expect(state.ranges.map(\.low) == [1, 1])
    #expect(state.ranges.map(\.high) == [1, 1])
  }

  @Test func widensWhenTheTaskAlwaysSucceeds() throws {
    var state = ADRState(spec: spec(buffer: 10))
    let before = state.entropy
    try train(&state, episodes: 3000, seed: 1) { _, _ in true }
    #expect(isClose(state.ranges[0].low, 0.5) && isClose(state.ranges[0].high, 1.5), "\(state.ranges[0])")
    #expect(isClose(state.ranges[1].low, 0.8) && isClose(state.ranges[1].high, 1.2), "\(state.ranges[1])")
    #expect(state.entropy > before)
  }

  @Test func narrowsWhenTheTaskAlwaysFails() throws {
    var state = ADRState(spec: spec(buffer: 10))
    try train(&state, episodes: 600, seed: 2) { _, _ in true }
    let wide = state.entropy
    #expect(state.ranges[0].high > 1.05)
    try train(&state, episodes: 3000, seed: 3) { _, _ in false }
    #expect(state.entropy < wide)
    #expect(isClose(state.ranges[0].low, state.ranges[0].high), "collapsed to a point: \(state.ranges[0])")
  }

  @Test func findsTheEdgeOfWhatThePolicyHandles() throws {
    // Success whenever friction is at least 0.8 of nominal: the lower end settles near 0.8 while
    // the upper end grows to its limit.
    var state = ADRState(spec: spec(buffer: 20))
    try train(&state, episodes: 20_000, seed: 4) { f, _ in f >= 0.8 }
    #expect(abs(state.ranges[0].low - 0.8) <= 0.1, "\(state.ranges[0])")
    #expect(isClose(state.ranges[0].high, 1.5))
  }

  @Test func stateRoundTripsThroughJSON() throws {
    var state = ADRState(spec: spec(buffer: 10))
    try train(&state, episodes: 500, seed: 5) { _, _ in true }
    let data = try JSONEncoder().encode(state)
    #expect(try JSONDecoder().decode(ADRState.self, from: data) == state)
  }

  func isClose(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }
}
