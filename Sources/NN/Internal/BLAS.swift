import COpenBLAS

/// The only caller of OpenBLAS. Every product runs on the calling thread (OpenBLAS's own threads
/// are switched off once, before the first call), so a product's result depends only on its
/// operands and shapes, never on how many threads the program uses: parallel work in Armature
/// splits independent products across threads instead of splitting one product.
enum BLAS {
  private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

  /// `C = alpha·op(A)·op(B) + beta·C` for row-major matrices, `op(A)` being `m×k` and `op(B)` `k×n`.
  /// `lda`, `ldb` and `ldc` are the row strides of the matrices as stored.
  @inline(__always)
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
    _ c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    _ = singleThreaded
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative dimension")
    if m == 0 || n == 0 { return }
    if k == 0 {
      // BLAS leaves C untouched with k = 0 only when beta = 1; make the empty sum explicit.
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
      return
    }
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
}
