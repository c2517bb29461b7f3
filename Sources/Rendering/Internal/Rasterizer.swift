/// A vertex ready to rasterize: image position in 1/256 pixel units (the centre of pixel (i, j)
/// is at (256 i, 256 j)), reciprocal depth, and the values interpolated across the triangle.
struct RasterVertex {
  var x: Int64
  var y: Int64
  var invZ: Double
  /// Albedo × light for untextured surfaces, light alone for textured ones.
  var color: SIMD3<Float>
  var uv: SIMD2<Float>
}

/// Read-only access to a texture's texels for one frame.
struct TextureView {
  let texels: UnsafePointer<SIMD4<Float>>
  let width: Int
  let height: Int

  /// Bilinear sample at (s, t), repeating.
  @inline(__always) func sample(_ s: Float, _ t: Float) -> SIMD3<Float> {
    var x = s * Float(width) - 0.5
    var y = t * Float(height) - 0.5
    if !(abs(x) < 1e8) { x = 0 }
    if !(abs(y) < 1e8) { y = 0 }
    let fx = x.rounded(.down)
    let fy = y.rounded(.down)
    let ax = x - fx
    let ay = y - fy
    var x0 = Int(fx) % width
    if x0 < 0 { x0 += width }
    var y0 = Int(fy) % height
    if y0 < 0 { y0 += height }
    let x1 = x0 + 1 == width ? 0 : x0 + 1
    let y1 = y0 + 1 == height ? 0 : y0 + 1
    let r0 = y0 * width
    let r1 = y1 * width
    let top = texels[r0 + x0] + (texels[r0 + x1] - texels[r0 + x0]) * ax
    let bottom = texels[r1 + x0] + (texels[r1 + x1] - texels[r1 + x0]) * ax
    let c = top + (bottom - top) * ay
    return SIMD3(c.x, c.y, c.z)
  }
}

/// How a triangle is colored.
enum Shading {
  /// One color for the whole triangle (bytes).
  case flat(SIMD3<UInt8>)
  /// Vertex colors, interpolated perspective-correctly.
  case smooth
  /// A texture times the interpolated vertex light.
  case textured(TextureView)
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inline(__always) func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -floorDiv(-a, b) }

@inline(__always) func colorByte(_ v: Float) -> UInt8 { UInt8(min(255, max(0, v * 255 + 0.5))) }

/// The frame buffers a triangle is drawn into: reciprocal depth (the z-buffer; larger is nearer),
/// a segmentation id per pixel, and RGB (nil when color is not wanted).
struct FrameTarget {
  let width: Int
  let height: Int
  let invDepth: UnsafeMutablePointer<Float>
  let ids: UnsafeMutablePointer<UInt16>
  let rgb: UnsafeMutablePointer<UInt8>?

  /// Rasterizes one triangle with a z-buffer, the top-left fill rule on exact integer edge
  /// functions (so triangles sharing an edge neither overlap nor leave gaps), and
  /// perspective-correct interpolation of depth, color and texture coordinates.
  /// Triangles facing away from the camera are skipped when `cull` is set.
  @inline(__always)
  func draw(_ a: RasterVertex, _ b0: RasterVertex, _ c0: RasterVertex, cull: Bool, id: UInt16, shading: Shading) {
    var b = b0
    var c = c0
    var area = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)
    if area == 0 { return }
    if area < 0 {
      // Counter-clockwise in the world seen from the front is negative area in image coordinates.
      swap(&b, &c)
      area = -area
    } else if cull {
      return
    }
    let minX = max(0, ceilDiv(min(a.x, b.x, c.x), 256))
    let maxX = min(Int64(width - 1), floorDiv(max(a.x, b.x, c.x), 256))
    let minY = max(0, ceilDiv(min(a.y, b.y, c.y), 256))
    let maxY = min(Int64(height - 1), floorDiv(max(a.y, b.y, c.y), 256))
    if minX > maxX || minY > maxY { return }

    // Edge functions E(i, j) = A·(256 i − x0) + B·(256 j − y0), positive inside.
    let ax0 = a.y - b.y, bx0 = b.x - a.x
    let ax1 = b.y - c.y, bx1 = c.x - b.x
    let ax2 = c.y - a.y, bx2 = a.x - c.x
    // Top-left rule: pixels exactly on an edge belong to the triangle on its left or top side.
    let t0: Int64 = (ax0 > 0 || (ax0 == 0 && bx0 > 0)) ? 0 : 1
    let t1: Int64 = (ax1 > 0 || (ax1 == 0 && bx1 > 0)) ? 0 : 1
    let t2: Int64 = (ax2 > 0 || (ax2 == 0 && bx2 > 0)) ? 0 : 1
    var c0r = bx0 * (256 * minY - a.y) - ax0 * a.x
    var c1r = bx1 * (256 * minY - b.y) - ax1 * b.x
    var c2r = bx2 * (256 * minY - c.y) - ax2 * c.x
    let s0 = ax0 * 256, s1 = ax1 * 256, s2 = ax2 * 256

    // Planes of the interpolated quantities in pixel units.
    let xa = Double(a.x) / 256, ya = Double(a.y) / 256
    let dx1 = Double(b.x - a.x) / 256, dy1 = Double(b.y - a.y) / 256
    let dx2 = Double(c.x - a.x) / 256, dy2 = Double(c.y - a.y) / 256
    let det = dx1 * dy2 - dx2 * dy1
    let zx = ((b.invZ - a.invZ) * dy2 - (c.invZ - a.invZ) * dy1) / det
    let zy = ((c.invZ - a.invZ) * dx1 - (b.invZ - a.invZ) * dx2) / det
    let zxF = Float(zx)

    // Color and texture coordinates divided by depth (perspective-correct interpolation).
    var qa = SIMD4<Double>.zero, qx = SIMD4<Double>.zero, qy = SIMD4<Double>.zero
    var wa = SIMD2<Double>.zero, wx = SIMD2<Double>.zero, wy = SIMD2<Double>.zero
    let colored = rgb != nil
    var isFlat = false
    var flat = SIMD3<UInt8>.zero
    var texture: TextureView? = nil
    switch shading {
    case .flat(let f):
      isFlat = true
      flat = f
    case .textured(let t):
      texture = t
      fallthrough
    case .smooth:
      if colored {
        func q(_ v: RasterVertex) -> SIMD4<Double> {
          SIMD4(Double(v.color.x), Double(v.color.y), Double(v.color.z), 0) * v.invZ
        }
        qa = q(a)
        let d1 = q(b) - qa, d2 = q(c) - qa
        qx = (d1 * dy2 - d2 * dy1) / det
        qy = (d2 * dx1 - d1 * dx2) / det
        if texture != nil {
          func w(_ v: RasterVertex) -> SIMD2<Double> { SIMD2(Double(v.uv.x), Double(v.uv.y)) * v.invZ }
          wa = w(a)
          let e1 = w(b) - wa, e2 = w(c) - wa
          wx = (e1 * dy2 - e2 * dy1) / det
          wy = (e2 * dx1 - e1 * dx2) / det
        }
      }
    }
    let qxF = SIMD3<Float>(Float(qx.x), Float(qx.y), Float(qx.z))
    let wxF = SIMD2<Float>(Float(wx.x), Float(wx.y))

    var j = minY
    while j <= maxY {
      defer {
        c0r += bx0 * 256
        c1r += bx1 * 256
        c2r += bx2 * 256
        j += 1
      }
      var lo = minX, hi = maxX
      if ax0 > 0 { lo = max(lo, ceilDiv(t0 - c0r, s0)) } else if ax0 < 0 { hi = min(hi, floorDiv(c0r - t0, -s0)) } else if c0r < t0 { continue }
      if ax1 > 0 { lo = max(lo, ceilDiv(t1 - c1r, s1)) } else if ax1 < 0 { hi = min(hi, floorDiv(c1r - t1, -s1)) } else if c1r < t1 { continue }
      if ax2 > 0 { lo = max(lo, ceilDiv(t2 - c2r, s2)) } else if ax2 < 0 { hi = min(hi, floorDiv(c2r - t2, -s2)) } else if c2r < t2 { continue }
      if lo > hi { continue }
      let ox = Double(lo) - xa, oy = Double(j) - ya
      let zStart = Float(a.invZ + zx * ox + zy * oy)
      let row = Int(j) * width
      let first = row + Int(lo)
      let count = Int(hi - lo) + 1
      let zb = invDepth + first
      let idp = ids + first
      if !colored {
        for k in 0..<count {
          let z = zStart + Float(k) * zxF
          if z > zb[k] {
            zb[k] = z
            idp[k] = id
          }
        }
      } else if isFlat {
        let px = rgb! + 3 * first
        for k in 0..<count {
          let z = zStart + Float(k) * zxF
          if z > zb[k] {
            zb[k] = z
            idp[k] = id
            px[3 * k] = flat.x
            px[3 * k + 1] = flat.y
            px[3 * k + 2] = flat.z
          }
        }
      } else {
        let px = rgb! + 3 * first
        let qs = qa + qx * ox + qy * oy
        let qStart = SIMD3<Float>(Float(qs.x), Float(qs.y), Float(qs.z))
        let ws = wa + wx * ox + wy * oy
        let wStart = SIMD2<Float>(Float(ws.x), Float(ws.y))
        for k in 0..<count {
          let z = zStart + Float(k) * zxF
          if z > zb[k] {
            zb[k] = z
            idp[k] = id
            let depth = 1 / z
            var color = (qStart + Float(k) * qxF) * depth
            if let texture {
              let uv = (wStart + Float(k) * wxF) * depth
              color *= texture.sample(uv.x, uv.y)
            }
            px[3 * k] = colorByte(color.x)
            px[3 * k + 1] = colorByte(color.y)
            px[3 * k + 2] = colorByte(color.z)
          }
        }
      }
    }
  }
}
