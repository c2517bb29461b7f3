/// A drawable's surface, tessellated once: positions and normals in the drawable's frame,
/// optional texture coordinates, counter-clockwise triangles, and a material per triangle.
struct RenderMesh: Sendable {
  var positions: [SIMD3<Float>] = []
  var normals: [SIMD3<Float>] = []
  /// Empty when no material of the drawable is textured.
  var uvs: [SIMD2<Float>] = []
  /// Three vertex indices per triangle.
  var indices: [UInt32] = []
  /// A material index per triangle; empty when every triangle uses material 0.
  var triangleMaterials: [UInt8] = []

  var triangleCount: Int { indices.count / 3 }

  /// The centre and radius of a sphere around every vertex.
  var bounds: (center: SIMD3<Float>, radius: Float) {
    guard var lo = positions.first else { return (.zero, 0) }
    var hi = lo
    for p in positions {
      lo = pointwiseMin(lo, p)
      hi = pointwiseMax(hi, p)
    }
    let c = (lo + hi) / 2
    var r: Float = 0
    for p in positions {
      let d = p - c
      r = max(r, (d * d).sum().squareRoot())
    }
    return (c, r * 1.0001 + 1e-6)
  }

  mutating func addVertex(_ p: SIMD3<Float>, _ n: SIMD3<Float>, _ uv: SIMD2<Float> = .zero) -> UInt32 {
    positions.append(p)
    normals.append(n)
    uvs.append(uv)
    return UInt32(positions.count - 1)
  }

  mutating func addTriangle(_ a: UInt32, _ b: UInt32, _ c: UInt32, material: UInt8 = 0) {
    indices += [a, b, c]
    triangleMaterials.append(material)
  }

  /// Drops per-triangle materials when all are 0 and texture coordinates when unused.
  mutating func compact(keepUVs: Bool) {
    if triangleMaterials.allSatisfy({ $0 == 0 }) { triangleMaterials = [] }
    if !keepUVs { uvs = [] }
  }
}

/// A material: a base color, and a texture that replaces it when present.
struct SurfaceMaterial: Sendable {
  var albedo: SIMD3<Float>
  /// Index into the model's textures, or -1.
  var texture: Int
}
