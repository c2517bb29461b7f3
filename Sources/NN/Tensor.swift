import ArmatureCore

/// A dense Float32 array of any rank, stored row-major (the last index varies fastest).
///
/// Networks read a rank-2 tensor as `[batch, features]`; images are flattened per sample in
/// channel-height-width order, so a batch of 3×64×64 images is a `[batch, 12288]` tensor.
public struct Tensor: Hashable, Sendable, Codable {
  public private(set) var shape: [Int]
  public var scalars: [Float]

  /// A tensor of `shape` filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    precondition(shape.allSatisfy { $0 >= 0 }, "tensor shape \(shape) has a negative dimension")
    self.shape = shape
    scalars = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of `shape` holding `scalars` in row-major order.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.reduce(1, *) == scalars.count, "tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A `[rows, columns]` tensor from nested rows.
  public init(rows: [[Float]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "tensor rows differ in length")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// A tensor of standard-normal draws times `scale`.
  public static func randomNormal(shape: [Int], scale: Float = 1, using rng: inout RandomStream) -> Tensor {
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<count).map { _ in Float(rng.normal()) * scale })
  }

  /// Number of scalars.
  public var count: Int { scalars.count }
  /// The first dimension (the batch size of a `[batch, features]` tensor).
  public var rows: Int { shape.first ?? 1 }
  /// The product of all dimensions after the first (the features per sample).
  public var columns: Int { shape.dropFirst().reduce(1, *) }

  /// The element at a full multi-index.
  public subscript(_ index: Int...) -> Float {
    get { scalars[offset(index)] }
    set { scalars[offset(index)] = newValue }
  }

  /// Row `i` of a rank-2 view.
  public func row(_ i: Int) -> ArraySlice<Float> { scalars[(i * columns)..<((i + 1) * columns)] }

  /// The same scalars under another shape with the same count.
  public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

  private func offset(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index rank \(index.count) for a tensor of rank \(shape.count)")
    var o = 0
    for (i, n) in zip(index, shape) {
      precondition(i >= 0 && i < n, "index \(index) out of bounds for shape \(shape)")
      o = o * n + i
    }
    return o
  }
}
