import ArmatureCore

/// The randomization of one environment: draws every parameter of a spec from its own seeded
/// stream, and applies draws to nominal values. Draws always start from the nominal value (a
/// draw is a scale, an offset or an absolute value, never a change to the previous draw).
public struct Randomizer: Sendable {
  public let spec: RandomizationSpec
  /// The task's parameters by name.
  public let catalogue: [String: RandomizableParameter]
  private var episodeStream: RandomStream
  private var stepStream: RandomStream
  /// Draws for the current episode by parameter name, one per component.
  public private(set) var episodeDraws: [String: [Double]] = [:]
  /// Draws for the current step by parameter name.
  public private(set) var stepDraws: [String: [Double]] = [:]
  /// The ADR boundary this episode is scored at, if any.
  public private(set) var pinnedBoundary: ADRBoundary?
  private let adrIndex: [String: Int]

  /// Binds a spec to a task's catalogue (see `RandomizationSpec.check(against:)`).
  public init(spec: RandomizationSpec, catalogue: [RandomizableParameter], seed: UInt64) throws {
    self.spec = spec
    var byName: [String: RandomizableParameter] = [:]
    for p in catalogue { byName[p.name] = p }
    self.catalogue = byName
    try spec.check(against: catalogue)
    var index: [String: Int] = [:]
    for (i, p) in spec.parameters.filter(\.adr).enumerated() { index[p.name] = i }
    adrIndex = index
    let root = RandomStream(seed: seed)
    episodeStream = root.derived("randomization.episode")
    stepStream = root.derived("randomization.step")
  }

  /// Restarts both streams from `seed` (an environment reset with a seed).
  public mutating func reseed(_ seed: UInt64) {
    let root = RandomStream(seed: seed)
    episodeStream = root.derived("randomization.episode")
    stepStream = root.derived("randomization.step")
  }

  /// Draws every per-episode parameter for a new episode. With an ADR state, ADR parameters come
  /// from their current ranges (one of them possibly pinned to a boundary).
  public mutating func beginEpisode(adr: ADRState? = nil) {
    episodeDraws.removeAll(keepingCapacity: true)
    stepDraws.removeAll(keepingCapacity: true)
    pinnedBoundary = adr?.chooseBoundary(&episodeStream)
    for p in spec.parameters where p.every == .episode {
      let count = catalogue[p.name]?.nominal.count ?? 1
      if p.adr, let adr, let i = adrIndex[p.name] {
        episodeDraws[p.name] = (0..<count).map { _ in adr.draw(i, pinned: pinnedBoundary, &episodeStream) }
      } else if p.adr {
        // ADR parameter without an ADR state (evaluation): the nominal value.
        episodeDraws[p.name] = [Double](repeating: p.apply.identity ?? 0, count: count)
      } else {
        episodeDraws[p.name] = (0..<count).map { _ in p.distribution.sample(&episodeStream) }
      }
    }
  }

  /// Draws every per-step parameter for the next control step.
  public mutating func beginStep() {
    for p in spec.parameters where p.every == .step {
      let count = catalogue[p.name]?.nominal.count ?? 1
      var draws = stepDraws[p.name] ?? []
      draws.removeAll(keepingCapacity: true)
      for _ in 0..<count { draws.append(p.distribution.sample(&stepStream)) }
      stepDraws[p.name] = draws
    }
  }

  /// Whether the spec randomizes `name`.
  public func randomizes(_ name: String) -> Bool { spec.parameters.contains { $0.name == name } }

  /// The value of parameter `name` for this episode or step: its nominal value with the current
  /// draw applied, clamped to the parameter's valid range. Parameters the spec leaves alone keep
  /// their nominal value.
  public func value(_ name: String) -> [Double] {
    guard let parameter = catalogue[name] else { preconditionFailure("parameter '\(name)' is not in the catalogue") }
    guard let p = spec.parameters.first(where: { $0.name == name }),
      let draws = p.every == .episode ? episodeDraws[name] : stepDraws[name]
    else { return parameter.nominal }
    return zip(parameter.nominal, draws).map { p.apply.apply($1, to: $0).clamped(to: parameter.valid) }
  }

  /// The scalar value of a one-component parameter.
  public func scalar(_ name: String) -> Double { value(name)[0] }
}

extension Randomizer {
  /// The randomizer's mutable part (both streams, the current draws and the pinned ADR
  /// boundary), saved with an environment's state so that a restored environment continues the
  /// same randomization.
  public struct State: Hashable, Sendable, Codable {
    var episodeStream: RandomStream
    var stepStream: RandomStream
    var episodeDraws: [String: [Double]]
    var stepDraws: [String: [Double]]
    var pinnedBoundary: ADRBoundary?
  }

  /// The current state, for `restore(_:)`.
  public var state: State {
    State(
      episodeStream: episodeStream, stepStream: stepStream, episodeDraws: episodeDraws, stepDraws: stepDraws,
      pinnedBoundary: pinnedBoundary)
  }

  /// Continues from a saved state (of a randomizer with the same spec).
  public mutating func restore(_ state: State) {
    episodeStream = state.episodeStream
    stepStream = state.stepStream
    episodeDraws = state.episodeDraws
    stepDraws = state.stepDraws
    pinnedBoundary = state.pinnedBoundary
  }
}
