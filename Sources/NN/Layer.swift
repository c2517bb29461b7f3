/// One layer of a feed-forward network: the architecture only; parameters live in a flat vector.
public enum Layer: Hashable, Sendable, Codable {
  /// y = x·W + b, with W stored as `inputs × outputs` row-major followed by b.
  case dense(inputs: Int, outputs: Int)
  /// An elementwise nonlinearity on any number of features.
  case activation(Activation)
  /// Per-sample normalization over `features`, then a learned gain and bias (Ba et al. 2016).
  case layerNorm(features: Int, epsilon: Float = 1e-5)
  /// A 2-D convolution over a channel-height-width image.
  case conv2d(Convolution)

  /// Number of parameters the layer owns.
  public var parameterCount: Int {
    switch self {
    case .dense(let i, let o): return i * o + o
    case .activation: return 0
    case .layerNorm(let n, _): return 2 * n
    case .conv2d(let c): return c.outChannels * c.patchSize + c.outChannels
    }
  }

  /// The output size for an input of `inputSize` features, or why the input does not fit.
  func outputSize(forInput inputSize: Int) -> Result<Int, NetworkError> {
    switch self {
    case .dense(let i, let o):
      guard i > 0, o > 0 else { return .failure(.invalidLayer("dense layer sizes must be positive, got \(i)→\(o)")) }
      return i == inputSize ? .success(o) : .failure(.sizeMismatch(layer: "dense(\(i)→\(o))", expected: i, got: inputSize))
    case .activation: return .success(inputSize)
    case .layerNorm(let n, let eps):
      guard n > 0, eps > 0 else { return .failure(.invalidLayer("layer norm needs positive features and epsilon")) }
      return n == inputSize ? .success(n) : .failure(.sizeMismatch(layer: "layerNorm(\(n))", expected: n, got: inputSize))
    case .conv2d(let c):
      if let problem = c.problem { return .failure(.invalidLayer(problem)) }
      return c.inputSize == inputSize
        ? .success(c.outputSize) : .failure(.sizeMismatch(layer: "conv2d", expected: c.inputSize, got: inputSize))
    }
  }
}

/// The shape of a 2-D convolution: input image, kernel, stride and zero padding.
public struct Convolution: Hashable, Sendable, Codable {
  public var inChannels: Int
  public var inHeight: Int
  public var inWidth: Int
  public var outChannels: Int
  public var kernel: Int
  public var stride: Int
  public var padding: Int

  public init(inChannels: Int, inHeight: Int, inWidth: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0) {
    self.inChannels = inChannels
    self.inHeight = inHeight
    self.inWidth = inWidth
    self.outChannels = outChannels
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
  }

  public var outHeight: Int { (inHeight + 2 * padding - kernel) / stride + 1 }
  public var outWidth: Int { (inWidth + 2 * padding - kernel) / stride + 1 }
  /// Input features per sample (C·H·W).
  public var inputSize: Int { inChannels * inHeight * inWidth }
  /// Output features per sample (C′·H′·W′).
  public var outputSize: Int { outChannels * outHeight * outWidth }
  /// Weights per output channel (C·k·k).
  public var patchSize: Int { inChannels * kernel * kernel }
  /// Output positions per channel (H′·W′).
  public var positions: Int { outHeight * outWidth }

  var problem: String? {
    if inChannels <= 0 || inHeight <= 0 || inWidth <= 0 || outChannels <= 0 { return "conv2d sizes must be positive" }
    if kernel <= 0 || stride <= 0 || padding < 0 { return "conv2d needs a positive kernel and stride" }
    if inHeight + 2 * padding < kernel || inWidth + 2 * padding < kernel {
      return "conv2d kernel \(kernel) is larger than the padded \(inHeight)×\(inWidth) input"
    }
    return nil
  }
}

/// A network whose layers do not fit together.
public enum NetworkError: Error, Hashable, Sendable, CustomStringConvertible {
  case sizeMismatch(layer: String, expected: Int, got: Int)
  case invalidLayer(String)

  public var description: String {
    switch self {
    case .sizeMismatch(let layer, let expected, let got): return "\(layer) expects \(expected) input features, got \(got)"
    case .invalidLayer(let message): return message
    }
  }
}
