// The per-layer forward and backward computations. Every reduction runs in a fixed order, so
// results are bit-identical from run to run.

// MARK: Dense

/// y = x·W + b; W is `inputs × outputs` at p, b follows.
func denseForward(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, inputs: Int, outputs: Int,
  _ p: UnsafePointer<Float>
) {
  let bias = p + inputs * outputs
  for r in 0..<batch { (y + r * outputs).update(from: bias, count: outputs) }
  BLAS.gemm(
    transposeA: false, transposeB: false, m: batch, n: outputs, k: inputs, x, lda: inputs, p, ldb: outputs, beta: 1, y,
    ldc: outputs)
}

/// dW += xᵀ·dy, db += Σ dy, dx = dy·Wᵀ.
func denseBackward(
  _ x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?, batch: Int, inputs: Int,
  outputs: Int, _ p: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>
) {
  BLAS.gemm(
    transposeA: true, transposeB: false, m: inputs, n: outputs, k: batch, x, lda: inputs, dy, ldb: outputs, beta: 1, g,
    ldc: outputs)
  addColumnSums(dy, rows: batch, columns: outputs, into: g + inputs * outputs)
  if let dx {
    BLAS.gemm(
      transposeA: false, transposeB: true, m: batch, n: inputs, k: outputs, dy, lda: outputs, p, ldb: outputs, beta: 0,
      dx, ldc: inputs)
  }
}

/// out[j] += Σᵢ m[i, j], summing rows in order.
func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
  typealias V = SIMD8<Float>
  var j = 0
  while j + 8 <= columns {
    var s = V()
    for i in 0..<rows { s += UnsafeRawPointer(m + i * columns + j).loadUnaligned(as: V.self) }
    let o = UnsafeMutableRawPointer(out + j)
    o.storeBytes(of: o.loadUnaligned(as: V.self) + s, as: V.self)
    j += 8
  }
  while j < columns {
    var s: Float = 0
    for i in 0..<rows { s += m[i * columns + j] }
    out[j] += s
    j += 1
  }
}

// MARK: Layer normalization

/// y = γ·(x − μ)/σ + β per sample; stats holds μ and 1/σ per sample.
func layerNormForward(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, features n: Int, epsilon: Float,
  _ p: UnsafePointer<Float>, stats: UnsafeMutablePointer<Float>
) {
  let gain = p
  let bias = p + n
  for r in 0..<batch {
    let xr = x + r * n
    let yr = y + r * n
    var mean: Float = 0
    for i in 0..<n { mean += xr[i] }
    mean /= Float(n)
    var variance: Float = 0
    for i in 0..<n {
      let d = xr[i] - mean
      variance += d * d
    }
    variance /= Float(n)
    let inv = 1 / (variance + epsilon).squareRoot()
    stats[2 * r] = mean
    stats[2 * r + 1] = inv
    for i in 0..<n { yr[i] = gain[i] * ((xr[i] - mean) * inv) + bias[i] }
  }
}

func layerNormBackward(
  _ x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?, batch: Int, features n: Int,
  _ p: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, stats: UnsafePointer<Float>
) {
  let gain = p
  let dGain = g
  let dBias = g + n
  let count = Float(n)
  for r in 0..<batch {
    let xr = x + r * n
    let dyr = dy + r * n
    let mean = stats[2 * r]
    let inv = stats[2 * r + 1]
    var sumD: Float = 0
    var sumDX: Float = 0
    for i in 0..<n {
      let xhat = (xr[i] - mean) * inv
      dGain[i] += dyr[i] * xhat
      dBias[i] += dyr[i]
      let d = dyr[i] * gain[i]
      sumD += d
      sumDX += d * xhat
    }
    if let dx {
      let dxr = dx + r * n
      for i in 0..<n {
        let xhat = (xr[i] - mean) * inv
        dxr[i] = inv / count * (count * dyr[i] * gain[i] - sumD - xhat * sumDX)
      }
    }
  }
}

// MARK: Convolution

/// Unrolls one C×H×W sample into `patchSize × positions` columns (zero outside the image).
func im2col(_ image: UnsafePointer<Float>, _ c: Convolution, _ columns: UnsafeMutablePointer<Float>) {
  let (oh, ow, k, s, pad) = (c.outHeight, c.outWidth, c.kernel, c.stride, c.padding)
  var row = 0
  for ch in 0..<c.inChannels {
    let plane = image + ch * c.inHeight * c.inWidth
    for ky in 0..<k {
      for kx in 0..<k {
        let out = columns + row * oh * ow
        for oy in 0..<oh {
          let iy = oy * s + ky - pad
          if iy < 0 || iy >= c.inHeight {
            for ox in 0..<ow { out[oy * ow + ox] = 0 }
            continue
          }
          let line = plane + iy * c.inWidth
          for ox in 0..<ow {
            let ix = ox * s + kx - pad
            out[oy * ow + ox] = (ix >= 0 && ix < c.inWidth) ? line[ix] : 0
          }
        }
        row += 1
      }
    }
  }
}

/// Adds unrolled column gradients back into a C×H×W image gradient (the adjoint of im2col).
func col2imAdd(_ columns: UnsafePointer<Float>, _ c: Convolution, _ image: UnsafeMutablePointer<Float>) {
  let (oh, ow, k, s, pad) = (c.outHeight, c.outWidth, c.kernel, c.stride, c.padding)
  var row = 0
  for ch in 0..<c.inChannels {
    let plane = image + ch * c.inHeight * c.inWidth
    for ky in 0..<k {
      for kx in 0..<k {
        let src = columns + row * oh * ow
        for oy in 0..<oh {
          let iy = oy * s + ky - pad
          if iy < 0 || iy >= c.inHeight { continue }
          let line = plane + iy * c.inWidth
          for ox in 0..<ow {
            let ix = ox * s + kx - pad
            if ix >= 0 && ix < c.inWidth { line[ix] += src[oy * ow + ox] }
          }
        }
        row += 1
      }
    }
  }
}

/// Per sample: y = W·columns + b, W being `outChannels × patchSize`.
func convolutionForward(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, _ c: Convolution, _ p: UnsafePointer<Float>,
  columns: UnsafeMutablePointer<Float>
) {
  let bias = p + c.outChannels * c.patchSize
  let positions = c.positions
  for r in 0..<batch {
    im2col(x + r * c.inputSize, c, columns)
    let out = y + r * c.outputSize
    for ch in 0..<c.outChannels { (out + ch * positions).update(repeating: bias[ch], count: positions) }
    BLAS.gemm(
      transposeA: false, transposeB: false, m: c.outChannels, n: positions, k: c.patchSize, p, lda: c.patchSize,
      columns, ldb: positions, beta: 1, out, ldc: positions)
  }
}

func convolutionBackward(
  _ x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>?, batch: Int, _ c: Convolution,
  _ p: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  let positions = c.positions
  let dBias = g + c.outChannels * c.patchSize
  for r in 0..<batch {
    let dyr = dy + r * c.outputSize
    im2col(x + r * c.inputSize, c, columns)
    // dW += dy·columnsᵀ
    BLAS.gemm(
      transposeA: false, transposeB: true, m: c.outChannels, n: c.patchSize, k: positions, dyr, lda: positions,
      columns, ldb: positions, beta: 1, g, ldc: c.patchSize)
    for ch in 0..<c.outChannels {
      var s: Float = 0
      for i in 0..<positions { s += dyr[ch * positions + i] }
      dBias[ch] += s
    }
    if let dx {
      // dcolumns = Wᵀ·dy, then scatter back into the image.
      BLAS.gemm(
        transposeA: true, transposeB: false, m: c.patchSize, n: positions, k: c.outChannels, p, lda: c.patchSize, dyr,
        ldb: positions, beta: 0, columns, ldc: positions)
      let dxr = dx + r * c.inputSize
      dxr.update(repeating: 0, count: c.inputSize)
      col2imAdd(columns, c, dxr)
    }
  }
}
