import ArmatureCore

/// A feed-forward network: an immutable architecture whose parameters live in a flat Float32
/// vector owned by the caller (so optimizers, evolution strategies and files see one vector).
///
/// Inputs and outputs are `[batch, features]` row-major. `forward` keeps what `backward` needs in
/// a `Workspace`; `backward` accumulates parameter gradients (it adds to what is there).
public struct Network: Hashable, Sendable {
  public let inputSize: Int
  public let layers: [Layer]
  /// `sizes[i]` is the input size of layer i; the last entry is the output size.
  let sizes: [Int]
  /// Where each layer's parameters start in the flat vector.
  let offsets: [Int]
  public let parameterCount: Int

  /// A network of `layers` on inputs of `inputSize` features; throws when the sizes do not chain.
  public init(inputSize: Int, layers: [Layer]) throws(NetworkError) {
    guard inputSize > 0 else { throw .invalidLayer("a network needs a positive input size, got \(inputSize)") }
    var sizes = [inputSize]
    var offsets: [Int] = []
    var count = 0
    for layer in layers {
      switch layer.outputSize(forInput: sizes[sizes.count - 1]) {
      case .success(let n): sizes.append(n)
      case .failure(let e): throw e
      }
      offsets.append(count)
      count += layer.parameterCount
    }
    self.inputSize = inputSize
    self.layers = layers
    self.sizes = sizes
    self.offsets = offsets
    parameterCount = count
  }

  /// Output features per sample.
  public var outputSize: Int { sizes[sizes.count - 1] }

  /// A multilayer perceptron: dense layers of the `hidden` widths, each followed by optional
  /// layer normalization and the activation, then a linear output layer.
  public static func mlp(
    inputs: Int, hidden: [Int], outputs: Int, activation: Activation = .tanh, layerNorm: Bool = false
  ) throws(NetworkError) -> Network {
    var layers: [Layer] = []
    var width = inputs
    for h in hidden {
      layers.append(.dense(inputs: width, outputs: h))
      if layerNorm { layers.append(.layerNorm(features: h)) }
      layers.append(.activation(activation))
      width = h
    }
    layers.append(.dense(inputs: width, outputs: outputs))
    return try Network(inputSize: inputs, layers: layers)
  }

  /// A small convolutional encoder for 64–128 px images (after the DQN "Nature" network of Mnih
  /// et al. 2015): 8×8 stride 4, 4×4 stride 2 and 3×3 stride 1 convolutions with 32, 64, 64
  /// channels and ReLU, then a dense layer to `features` with layer norm and tanh.
  public static func convolutionalEncoder(
    channels: Int, height: Int, width: Int, features: Int = 256
  ) throws(NetworkError) -> Network {
    let c1 = Convolution(inChannels: channels, inHeight: height, inWidth: width, outChannels: 32, kernel: 8, stride: 4)
    let c2 = Convolution(inChannels: 32, inHeight: c1.outHeight, inWidth: c1.outWidth, outChannels: 64, kernel: 4, stride: 2)
    let c3 = Convolution(inChannels: 64, inHeight: c2.outHeight, inWidth: c2.outWidth, outChannels: 64, kernel: 3, stride: 1)
    return try Network(
      inputSize: c1.inputSize,
      layers: [
        .conv2d(c1), .activation(.relu), .conv2d(c2), .activation(.relu), .conv2d(c3), .activation(.relu),
        .dense(inputs: c3.outputSize, outputs: features), .layerNorm(features: features), .activation(.tanh),
      ])
  }

  /// A workspace for batches of up to `capacity` samples (it grows on demand).
  public func makeWorkspace(capacity: Int = 1) -> Workspace { Workspace(network: self, capacity: capacity) }

  // MARK: Initialization

  /// Fresh parameters: orthogonal weights (Saxe et al. 2014) scaled by `hiddenGain` for every
  /// weight layer but the last, which uses `outputGain`; zero biases; unit layer-norm gains.
  public func initialParameters(hiddenGain: Float = Float(2).squareRoot(), outputGain: Float = 1, using rng: inout RandomStream)
    -> [Float]
  {
    var parameters = [Float](repeating: 0, count: parameterCount)
    let lastWeighted = layers.lastIndex { $0.parameterCount > 0 && !($0.isLayerNorm) }
    for (index, layer) in layers.enumerated() {
      let gain = index == lastWeighted ? outputGain : hiddenGain
      let o = offsets[index]
      switch layer {
      case .dense(let i, let n):
        let w = orthogonalMatrix(rows: i, columns: n, gain: gain, using: &rng)
        for k in 0..<(i * n) { parameters[o + k] = w[k] }
      case .conv2d(let c):
        // Weights are outChannels × patch; orthogonal over that matrix.
        let w = orthogonalMatrix(rows: c.outChannels, columns: c.patchSize, gain: gain, using: &rng)
        for k in 0..<w.count { parameters[o + k] = w[k] }
      case .layerNorm(let n, _):
        for k in 0..<n { parameters[o + k] = 1 }
      case .activation: break
      }
    }
    return parameters
  }

  // MARK: Forward and backward

  /// Runs `batch` samples from `input` (`batch × inputSize`) and returns the output
  /// (`batch × outputSize`, valid until the workspace is used again).
  @discardableResult
  public func forward(
    _ input: UnsafePointer<Float>, batch: Int, parameters: UnsafePointer<Float>, workspace: Workspace
  ) -> UnsafeMutablePointer<Float> {
    precondition(workspace.sizes == sizes, "workspace was made for another network")
    workspace.reserve(batch)
    workspace.batch = batch
    workspace.activations[0].update(from: input, count: batch * inputSize)
    for (index, layer) in layers.enumerated() {
      let x = UnsafePointer(workspace.activations[index])
      let y = workspace.activations[index + 1]
      let p = parameters + offsets[index]
      switch layer {
      case .dense(let i, let o):
        denseForward(x, y, batch: batch, inputs: i, outputs: o, p)
      case .activation(let f):
        f.forward(x, y, count: batch * sizes[index])
      case .layerNorm(let n, let eps):
        layerNormForward(x, y, batch: batch, features: n, epsilon: eps, p, stats: workspace.auxiliary[index]!)
      case .conv2d(let c):
        convolutionForward(x, y, batch: batch, c, p, columns: workspace.auxiliary[index]!)
      }
    }
    return workspace.output
  }

  /// Back-propagates `outputGradient` (`batch × outputSize`, the loss's gradient with respect to
  /// the output of the last `forward` on `workspace`): adds the parameter gradients to
  /// `gradients` and, when given, writes the input gradient to `inputGradient`.
  public func backward(
    outputGradient: UnsafePointer<Float>, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
    workspace: Workspace, inputGradient: UnsafeMutablePointer<Float>? = nil
  ) {
    let batch = workspace.batch
    var dy = UnsafeMutablePointer(mutating: outputGradient)
    var spare = workspace.gradientA
    for index in layers.indices.reversed() {
      let isFirst = index == 0
      if isFirst && inputGradient == nil && layers[index].parameterCount == 0 { break }
      let dx: UnsafeMutablePointer<Float>? = isFirst ? inputGradient : spare
      let x = UnsafePointer(workspace.activations[index])
      let y = UnsafePointer(workspace.activations[index + 1])
      let p = parameters + offsets[index]
      let g = gradients + offsets[index]
      switch layers[index] {
      case .dense(let i, let o):
        denseBackward(x, dy: dy, dx: dx, batch: batch, inputs: i, outputs: o, p, g)
      case .activation(let f):
        if let dx { f.backward(x: x, y: y, dy: dy, dx: dx, count: batch * sizes[index]) }
      case .layerNorm(let n, _):
        layerNormBackward(x, dy: dy, dx: dx, batch: batch, features: n, p, g, stats: workspace.auxiliary[index]!)
      case .conv2d(let c):
        convolutionBackward(x, dy: dy, dx: dx, batch: batch, c, p, g, columns: workspace.auxiliary[index]!)
      }
      if let dx, !isFirst {
        dy = dx
        spare = dx == workspace.gradientA ? workspace.gradientB : workspace.gradientA
      }
    }
  }

  // MARK: Tensor conveniences

  /// The network's output for `input` (`[batch, inputSize]`).
  public func forward(_ input: Tensor, parameters: [Float], workspace: Workspace? = nil) -> Tensor {
    precondition(input.columns == inputSize, "input has \(input.columns) features, the network expects \(inputSize)")
    precondition(parameters.count == parameterCount, "expected \(parameterCount) parameters, got \(parameters.count)")
    let ws = workspace ?? makeWorkspace(capacity: input.rows)
    let batch = input.rows
    let out = input.scalars.withUnsafeBufferPointer { x in
      parameters.withUnsafeBufferPointer { p in forward(x.baseAddress!, batch: batch, parameters: p.baseAddress!, workspace: ws) }
    }
    return Tensor(shape: [batch, outputSize], scalars: Array(UnsafeBufferPointer(start: out, count: batch * outputSize)))
  }

  /// Parameter and input gradients of a loss whose gradient with respect to the output of the
  /// last `forward(_:parameters:workspace:)` on `workspace` is `outputGradient`.
  public func backward(_ outputGradient: Tensor, parameters: [Float], workspace: Workspace) -> (
    parameters: [Float], input: Tensor
  ) {
    let batch = workspace.batch
    precondition(outputGradient.count == batch * outputSize, "output gradient has the wrong size")
    var g = [Float](repeating: 0, count: parameterCount)
    var dx = [Float](repeating: 0, count: batch * inputSize)
    outputGradient.scalars.withUnsafeBufferPointer { dy in
      parameters.withUnsafeBufferPointer { p in
        g.withUnsafeMutableBufferPointer { gp in
          dx.withUnsafeMutableBufferPointer { dxp in
            backward(
              outputGradient: dy.baseAddress!, parameters: p.baseAddress!, gradients: gp.baseAddress!, workspace: workspace,
              inputGradient: dxp.baseAddress!)
          }
        }
      }
    }
    return (g, Tensor(shape: [batch, inputSize], scalars: dx))
  }
}

extension Layer {
  var isLayerNorm: Bool { if case .layerNorm = self { true } else { false } }
}

extension Network: Codable {
  private enum CodingKeys: String, CodingKey { case inputSize, layers }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let inputSize = try c.decode(Int.self, forKey: .inputSize)
    let layers = try c.decode([Layer].self, forKey: .layers)
    do {
      try self.init(inputSize: inputSize, layers: layers)
    } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(inputSize, forKey: .inputSize)
    try c.encode(layers, forKey: .layers)
  }
}

/// A `rows × columns` matrix (row-major) with orthonormal rows or columns, whichever are fewer,
/// times `gain`: Gram–Schmidt on Gaussian draws, in Double.
func orthogonalMatrix(rows: Int, columns: Int, gain: Float, using rng: inout RandomStream) -> [Float] {
  let transpose = rows < columns
  let (n, m) = transpose ? (columns, rows) : (rows, columns)  // n ≥ m: orthonormalize m vectors of length n
  var vectors = (0..<m).map { _ in (0..<n).map { _ in rng.normal() } }
  for j in 0..<m {
    for k in 0..<j {
      var dot = 0.0
      for t in 0..<n { dot += vectors[j][t] * vectors[k][t] }
      for t in 0..<n { vectors[j][t] -= dot * vectors[k][t] }
    }
    var norm = 0.0
    for t in 0..<n { norm += vectors[j][t] * vectors[j][t] }
    norm = norm.squareRoot()
    for t in 0..<n { vectors[j][t] /= max(norm, 1e-12) }
  }
  var out = [Float](repeating: 0, count: rows * columns)
  for r in 0..<rows {
    for c in 0..<columns {
      out[r * columns + c] = gain * Float(transpose ? vectors[r][c] : vectors[c][r])
    }
  }
  return out
}
