/// Scratch memory for a network's forward and backward passes: the activations of every layer
/// for up to `capacity` samples, kept between a forward pass and the backward pass that follows.
///
/// One workspace serves one thread; it grows when a larger batch arrives and otherwise never
/// allocates, so training loops run without allocation.
public final class Workspace {
  let sizes: [Int]
  private(set) var capacity = 0
  /// `activations[i]` is the input of layer i; the last is the network's output.
  private(set) var activations: [UnsafeMutablePointer<Float>] = []
  private(set) var gradientA: UnsafeMutablePointer<Float>
  private(set) var gradientB: UnsafeMutablePointer<Float>
  /// Per-layer extra storage: layer norm keeps per-sample mean and inverse deviation; a
  /// convolution keeps one sample's unrolled patches.
  private(set) var auxiliary: [UnsafeMutablePointer<Float>?] = []
  private let auxiliaryPerSample: [Int]
  private let auxiliaryFixed: [Int]
  /// Samples in the last forward pass.
  var batch = 0

  init(network: Network, capacity: Int) {
    sizes = network.sizes
    auxiliaryPerSample = network.layers.map { if case .layerNorm = $0 { 2 } else { 0 } }
    auxiliaryFixed = network.layers.map { if case .conv2d(let c) = $0 { c.patchSize * c.positions } else { 0 } }
    gradientA = .allocate(capacity: 1)
    gradientB = .allocate(capacity: 1)
    reserve(max(1, capacity))
  }

  deinit { release() }

  /// Makes room for `samples` samples.
  func reserve(_ samples: Int) {
    guard samples > capacity else { return }
    release()
    capacity = samples
    activations = sizes.map { size in
      let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, size * samples))
      p.initialize(repeating: 0, count: max(1, size * samples))
      return p
    }
    let widest = max(1, sizes.max() ?? 1) * samples
    gradientA = .allocate(capacity: widest)
    gradientA.initialize(repeating: 0, count: widest)
    gradientB = .allocate(capacity: widest)
    gradientB.initialize(repeating: 0, count: widest)
    auxiliary = zip(auxiliaryPerSample, auxiliaryFixed).map { perSample, fixed in
      let n = perSample * samples + fixed
      guard n > 0 else { return nil }
      let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
      p.initialize(repeating: 0, count: n)
      return p
    }
  }

  private func release() {
    for p in activations { p.deallocate() }
    for p in auxiliary { p?.deallocate() }
    gradientA.deallocate()
    gradientB.deallocate()
    activations = []
    auxiliary = []
  }

  /// The output of the last forward pass: `batch × outputSize` floats.
  public var output: UnsafeMutablePointer<Float> { activations[activations.count - 1] }
}
