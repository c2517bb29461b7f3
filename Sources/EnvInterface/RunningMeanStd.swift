/// Running mean and variance of vectors (Welford's algorithm, with Chan et al.'s merge for
/// batches), in Double. Used to normalize observations and returns; saved with policies and
/// checkpoints.
public struct RunningMeanStd: Hashable, Sendable, Codable {
  /// Vectors seen so far.
  public private(set) var count: Double
  public private(set) var mean: [Double]
  /// Sum of squared deviations from the mean, per element.
  public private(set) var sumOfSquares: [Double]

  public init(dimension: Int) {
    count = 0
    mean = [Double](repeating: 0, count: dimension)
    sumOfSquares = [Double](repeating: 0, count: dimension)
  }

  /// Restores saved statistics.
  public init(count: Double, mean: [Double], variance: [Double]) {
    precondition(mean.count == variance.count, "mean and variance differ in length")
    self.count = count
    self.mean = mean
    sumOfSquares = variance.map { $0 * count }
  }

  public var dimension: Int { mean.count }

  /// The population variance per element (1 before anything was seen).
  public var variance: [Double] { count > 0 ? sumOfSquares.map { $0 / count } : [Double](repeating: 1, count: dimension) }

  /// Adds one vector.
  public mutating func update(_ x: [Double]) {
    precondition(x.count == dimension, "expected \(dimension) values, got \(x.count)")
    count += 1
    for i in 0..<dimension {
      let delta = x[i] - mean[i]
      mean[i] += delta / count
      sumOfSquares[i] += delta * (x[i] - mean[i])
    }
  }

  /// Adds a batch of vectors at once: its own mean and variance, merged (Chan et al. 1979).
  public mutating func update(batch: [[Double]]) {
    guard !batch.isEmpty else { return }
    var other = RunningMeanStd(dimension: dimension)
    for x in batch { other.update(x) }
    merge(other)
  }

  /// Merges statistics gathered elsewhere.
  public mutating func merge(_ other: RunningMeanStd) {
    precondition(other.dimension == dimension, "cannot merge statistics of different dimensions")
    guard other.count > 0 else { return }
    let total = count + other.count
    for i in 0..<dimension {
      let delta = other.mean[i] - mean[i]
      mean[i] += delta * other.count / total
      sumOfSquares[i] += other.sumOfSquares[i] + delta * delta * count * other.count / total
    }
    count = total
  }

  /// (x − mean)/√(variance + ε), clipped to ±clip.
  public func normalize(_ x: [Double], epsilon: Double = 1e-8, clip: Double = 10) -> [Double] {
    let v = variance
    return (0..<dimension).map { i in
      Swift.min(clip, Swift.max(-clip, (x[i] - mean[i]) / (v[i] + epsilon).squareRoot()))
    }
  }
}
