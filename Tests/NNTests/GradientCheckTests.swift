import ArmatureCore
import Foundation
import NN
import Testing

/// L = Σ c·y in Double, for the network's output y on `x`.
private func weightedSum(_ net: Network, _ x: Tensor, _ p: [Float], _ c: [Float]) -> Double {
  let y = net.forward(x, parameters: p)
  var s = 0.0
  for i in 0..<y.count { s += Double(c[i]) * Double(y.scalars[i]) }
  return s
}

/// ‖a − b‖ / max(‖a‖, ‖b‖).
private func relativeError(_ a: [Double], _ b: [Double]) -> Double {
  var d = 0.0, na = 0.0, nb = 0.0
  for i in a.indices {
    d += (a[i] - b[i]) * (a[i] - b[i])
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return d.squareRoot() / max(na.squareRoot(), nb.squareRoot(), 1e-30)
}

/// Checks back-propagated parameter and input gradients against central differences
/// (Float32 forward passes, loss accumulated in Double). Returns both relative errors.
///
/// Steps: `h` for parameters, `hInput` for inputs. Float32 rounding in the forward pass favours
/// large steps; ReLU kinks crossed by a perturbation favour small ones. A deep ReLU network
/// (the convolutional encoder) needs a small parameter step, because one weight feeds many units.
private func gradientErrors(
  _ net: Network, batch: Int, seed: UInt64, h: Float = 2e-3, hInput: Float = 2e-3, maxChecked: Int = 400
) -> (
  parameters: Double, input: Double
) {
  var rng = RandomStream(seed: seed)
  var p = net.initialParameters(hiddenGain: 1, outputGain: 1, using: &rng)
  // Random biases and gains too, so every parameter matters.
  for i in p.indices where p[i] == 0 || p[i] == 1 { p[i] += Float(rng.normal()) * 0.3 }
  let x = Tensor.randomNormal(shape: [batch, net.inputSize], using: &rng)
  let c = (0..<(batch * net.outputSize)).map { _ in Float(rng.normal()) }
  let ws = net.makeWorkspace()
  _ = net.forward(x, parameters: p, workspace: ws)
  let (gp, gx) = net.backward(Tensor(shape: [batch, net.outputSize], scalars: c), parameters: p, workspace: ws)
  // A deterministic spread of parameter indices.
  let step = max(1, p.count / maxChecked)
  var analytic: [Double] = []
  var numeric: [Double] = []
  for i in stride(from: 0, to: p.count, by: step) {
    var plus = p, minus = p
    plus[i] += h
    minus[i] -= h
    analytic.append(Double(gp[i]))
    numeric.append((weightedSum(net, x, plus, c) - weightedSum(net, x, minus, c)) / Double(2 * h))
  }
  var analyticX: [Double] = []
  var numericX: [Double] = []
  let stepX = max(1, x.count / maxChecked)
  for i in stride(from: 0, to: x.count, by: stepX) {
    var plus = x, minus = x
    plus.scalars[i] += hInput
    minus.scalars[i] -= hInput
    analyticX.append(Double(gx.scalars[i]))
    numericX.append((weightedSum(net, plus, p, c) - weightedSum(net, minus, p, c)) / Double(2 * hInput))
  }
  return (relativeError(analytic, numeric), relativeError(analyticX, numericX))
}

@Suite struct GradientCheckTests {
  @Test func dense() throws {
    let e = gradientErrors(try Network(inputSize: 7, layers: [.dense(inputs: 7, outputs: 5)]), batch: 6, seed: 1)
    #expect(e.parameters < 1e-3 && e.input < 1e-3, "\(e)")
  }

  @Test(arguments: [Activation.tanh, .relu, .elu, .identity])
  func activation(_ f: Activation) throws {
    let net = try Network(inputSize: 6, layers: [.dense(inputs: 6, outputs: 8), .activation(f), .dense(inputs: 8, outputs: 3)])
    let e = gradientErrors(net, batch: 5, seed: 2)
    #expect(e.parameters < 1e-3 && e.input < 1e-3, "\(f): \(e)")
  }

  @Test func layerNorm() throws {
    let net = try Network(
      inputSize: 5, layers: [.dense(inputs: 5, outputs: 9), .layerNorm(features: 9), .dense(inputs: 9, outputs: 4)])
    let e = gradientErrors(net, batch: 4, seed: 3)
    #expect(e.parameters < 1e-3 && e.input < 1e-3, "\(e)")
  }

  @Test func convolutionWithStrideAndPadding() throws {
    let c = Convolution(inChannels: 2, inHeight: 7, inWidth: 6, outChannels: 3, kernel: 3, stride: 2, padding: 1)
    let net = try Network(inputSize: c.inputSize, layers: [.conv2d(c), .activation(.tanh), .dense(inputs: c.outputSize, outputs: 2)])
    #expect(c.outHeight == 4 && c.outWidth == 3)
    let e = gradientErrors(net, batch: 3, seed: 4)
    #expect(e.parameters < 1e-3 && e.input < 1e-3, "\(e)")
  }

  @Test func mlpWithLayerNormAndConvolutionalEncoder() throws {
    let mlp = try Network.mlp(inputs: 6, hidden: [16, 16], outputs: 3, activation: .elu, layerNorm: true)
    let e1 = gradientErrors(mlp, batch: 8, seed: 5)
    #expect(e1.parameters < 1e-3 && e1.input < 1e-3, "mlp \(e1)")
    // The encoder's stack (8×8/4, 4×4/2 and 3×3/1 convolutions, dense, layer norm, tanh) with tanh
    // in place of its ReLUs: with ReLU, finite differences of one first-layer weight cross the
    // kinks of many units and measure the kinks, not the gradient (ReLU itself is checked above).
    let encoder = try Network.convolutionalEncoder(channels: 3, height: 36, width: 36, features: 16)
    #expect(encoder.outputSize == 16)
    let smooth = try Network(
      inputSize: encoder.inputSize,
      layers: encoder.layers.map { $0 == .activation(.relu) ? .activation(.tanh) : $0 })
    let e2 = gradientErrors(smooth, batch: 2, seed: 6, h: 1e-2, hInput: 5e-2, maxChecked: 150)
    #expect(e2.parameters < 1e-3 && e2.input < 1e-3, "encoder \(e2)")
  }

  @Test func convolutionMatchesDirectSum() throws {
    // One output element by the definition of a convolution (cross-correlation with zero padding).
    let c = Convolution(inChannels: 2, inHeight: 5, inWidth: 5, outChannels: 2, kernel: 3, stride: 2, padding: 1)
    let net = try Network(inputSize: c.inputSize, layers: [.conv2d(c)])
    var rng = RandomStream(seed: 9)
    let p = (0..<net.parameterCount).map { _ in Float(rng.normal()) }
    let x = Tensor.randomNormal(shape: [1, c.inputSize], using: &rng)
    let y = net.forward(x, parameters: p)
    for (oc, oy, ox) in [(0, 0, 0), (1, 1, 2), (1, 2, 1)] {
      var s = Double(p[c.outChannels * c.patchSize + oc])
      for ic in 0..<2 {
        for ky in 0..<3 {
          for kx in 0..<3 {
            let iy = oy * 2 + ky - 1, ix = ox * 2 + kx - 1
            guard iy >= 0, iy < 5, ix >= 0, ix < 5 else { continue }
            s += Double(p[oc * c.patchSize + ic * 9 + ky * 3 + kx]) * Double(x.scalars[ic * 25 + iy * 5 + ix])
          }
        }
      }
      #expect(abs(Double(y[0, oc * c.positions + oy * c.outWidth + ox]) - s) < 1e-5)
    }
  }

  @Test func activationsMatchTheCLibrary() throws {
    let xs = stride(from: -12.0, through: 12.0, by: 0.0137).map { Float($0) }
    for f in [Activation.tanh, .elu] {
      let net = try Network(inputSize: xs.count, layers: [.activation(f)])
      let y = net.forward(Tensor(shape: [1, xs.count], scalars: xs), parameters: [])
      for (x, v) in zip(xs, y.scalars) {
        let exact = f == .tanh ? Foundation.tanh(Double(x)) : (x > 0 ? Double(x) : Foundation.expm1(Double(x)))
        #expect(abs(Double(v) - exact) <= 4e-7 * max(1, abs(exact)), "\(f)(\(x)) = \(v), expected \(exact)")
      }
    }
  }

  @Test func mismatchedLayersAreRejected() {
    #expect(throws: NetworkError.self) { try Network(inputSize: 4, layers: [.dense(inputs: 5, outputs: 2)]) }
    #expect(throws: NetworkError.self) { try Network(inputSize: 4, layers: [.layerNorm(features: 3)]) }
  }
}
