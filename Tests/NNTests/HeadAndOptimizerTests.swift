import ArmatureCore
import Foundation
import NN
import Testing

@Suite struct HeadAndOptimizerTests {
  /// Σ w·log π + e·Σ H for the Gaussian head, in Double.
  private func objective(_ head: GaussianHead, _ out: [Float], _ p: [Float], _ u: [Float], _ w: [Float], _ e: Float, batch: Int) -> Double {
    var logp = [Float](repeating: 0, count: batch)
    var ent = [Float](repeating: 0, count: batch)
    head.logProbability(out, batch: batch, parameters: p, latents: u, into: &logp)
    head.entropy(out, batch: batch, parameters: p, into: &ent)
    var s = 0.0
    for r in 0..<batch { s += Double(w[r]) * Double(logp[r]) + Double(e) * Double(ent[r]) }
    return s
  }

  @Test(arguments: [(LogStdMode.stateIndependent, false), (.stateDependent, false), (.stateIndependent, true), (.stateDependent, true)])
  func gaussianHeadGradients(_ mode: LogStdMode, _ squash: Bool) {
    let head = GaussianHead(actionCount: 3, logStdMode: mode, squash: squash)
    let batch = 4
    var rng = RandomStream(seed: 12)
    let out = (0..<(batch * head.inputCount)).map { _ in Float(rng.normal()) * 0.5 }
    let p = (0..<head.parameterCount).map { _ in Float(rng.normal()) * 0.3 }
    let u = (0..<(batch * 3)).map { _ in Float(rng.normal()) }
    let w = (0..<batch).map { _ in Float(rng.normal()) }
    let e: Float = 0.3
    var dOut = [Float](repeating: 0, count: out.count)
    var dP = [Float](repeating: 0, count: p.count)
    head.backward(out, batch: batch, parameters: p, latents: u, logProbabilityWeights: w, entropyWeight: e, outputGradient: &dOut, parameterGradient: &dP)
    let h: Float = 1e-3
    var a: [Double] = [], n: [Double] = []
    for i in out.indices {
      var plus = out, minus = out
      plus[i] += h
      minus[i] -= h
      a.append(Double(dOut[i]))
      n.append((objective(head, plus, p, u, w, e, batch: batch) - objective(head, minus, p, u, w, e, batch: batch)) / Double(2 * h))
    }
    for i in p.indices {
      var plus = p, minus = p
      plus[i] += h
      minus[i] -= h
      a.append(Double(dP[i]))
      n.append((objective(head, out, plus, u, w, e, batch: batch) - objective(head, out, minus, u, w, e, batch: batch)) / Double(2 * h))
    }
    let err = zip(a, n).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / max(1e-12, n.map { $0 * $0 }.reduce(0, +).squareRoot())
    #expect(err < 1e-3, "relative error \(err)")
  }

  @Test func gaussianLogProbabilityMatchesTheDensity() {
    // N(u; μ = 0.5, σ = e^-0.5) at u = 1.2, and the tanh-squashed version.
    let head = GaussianHead(actionCount: 1, logStdMode: .stateIndependent, squash: false)
    var lp: [Float] = [0]
    head.logProbability([0.5], batch: 1, parameters: [-0.5], latents: [1.2], into: &lp)
    let sigma = exp(-0.5)
    let expected = -0.5 * pow((1.2 - 0.5) / sigma, 2) - log(sigma) - 0.5 * log(2 * Double.pi)
    #expect(abs(Double(lp[0]) - expected) < 1e-6)
    let squashed = GaussianHead(actionCount: 1, logStdMode: .stateIndependent, squash: true)
    squashed.logProbability([0.5], batch: 1, parameters: [-0.5], latents: [1.2], into: &lp)
    #expect(abs(Double(lp[0]) - (expected - log(1 - pow(tanh(1.2), 2)))) < 1e-5)
  }

  @Test func samplesHaveTheRightMoments() {
    let head = GaussianHead(actionCount: 1)
    let n = 20_000
    var rng = RandomStream(seed: 1)
    var u = [Float](repeating: 0, count: n), a = u, lp = u
    head.sample([Float](repeating: 0.3, count: n), batch: n, parameters: [log(0.7)], using: &rng, latents: &u, actions: &a, logProbabilities: &lp)
    let mean = u.reduce(0.0) { $0 + Double($1) } / Double(n)
    let variance = u.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n)
    #expect(abs(mean - 0.3) < 0.02 && abs(variance.squareRoot() - 0.7) < 0.02)
  }

  @Test func categoricalHead() {
    let head = CategoricalHead(categories: 3)
    let logits = Tensor(rows: [[0.1, 1.0, -0.5], [2.0, 0.0, 0.3]])
    let lp = head.logProbabilities(logits.row(0))
    let z = exp(0.1) + exp(1.0) + exp(-0.5)
    #expect(abs(Double(lp[1]) - (1.0 - log(z))) < 1e-6)
    let choices = [2, 0]
    let w: [Float] = [0.7, -1.3]
    let g = head.backward(logits, choices: choices, logProbabilityWeights: w, entropyWeight: 0.4)
    func f(_ l: Tensor) -> Double {
      let lp = head.logProbability(l, choices: choices)
      let h = head.entropy(l)
      return (0..<2).reduce(0.0) { $0 + Double(w[$1]) * Double(lp[$1]) + 0.4 * Double(h[$1]) }
    }
    for r in 0..<2 {
      for k in 0..<3 {
        var plus = logits, minus = logits
        plus[r, k] += 1e-2
        minus[r, k] -= 1e-2
        let numeric = (f(plus) - f(minus)) / 2e-2
        #expect(abs(Double(g[r, k]) - numeric) < 1e-3 * max(1, abs(numeric)))
      }
    }
    var rng = RandomStream(seed: 2)
    var counts = [0, 0, 0]
    let many = Tensor(shape: [3000, 3], scalars: (0..<3000).flatMap { _ in [Float(0.1), 1.0, -0.5] })
    for c in head.sample(many, using: &rng).choices { counts[c] += 1 }
    #expect(abs(Double(counts[1]) / 3000 - exp(1.0) / z) < 0.03)
  }

  @Test func adamMatchesHandComputedSteps() {
    // Reference: bias-corrected Adam by hand (see the Python line in the commit history of this
    // file): θ = 1, g = 0.5 then −1, lr 0.1 → 0.900000002, 0.9366103542405654.
    var adam = Adam(parameterCount: 1)
    var theta: [Float] = [1]
    adam.update(&theta, gradients: [0.5], learningRate: 0.1)
    #expect(abs(Double(theta[0]) - 0.900000002) < 1e-6)
    adam.update(&theta, gradients: [-1], learningRate: 0.1)
    #expect(abs(Double(theta[0]) - 0.9366103542405654) < 1e-6)
    #expect(adam.step == 2)
  }

  @Test func clippingAndSchedules() {
    var g: [Float] = [3, 4]
    let norm = clipByGlobalNorm(&g, maxNorm: 1)
    #expect(norm == 5 && abs(g[0] - 0.6) < 1e-7 && abs(g[1] - 0.8) < 1e-7)
    var small: [Float] = [0.3, 0.4]
    clipByGlobalNorm(&small, maxNorm: 1)
    #expect(small == [0.3, 0.4])
    #expect(LearningRateSchedule.constant(0.1).rate(at: 0.7) == 0.1)
    #expect(abs(LearningRateSchedule.linear(initial: 1, final: 0).rate(at: 0.25) - 0.75) < 1e-7)
    #expect(abs(LearningRateSchedule.cosine(initial: 1, final: 0).rate(at: 0.5) - 0.5) < 1e-7)
    #expect(LearningRateSchedule.cosine(initial: 1, final: 0.1).rate(at: 1) == 0.1)
  }
}
