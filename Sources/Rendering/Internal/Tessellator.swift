import ArmatureCore
import Foundation
import SceneDescription

/// Turns geometry into triangles. Curved shapes get smooth normals; boxes, caps and planes flat
/// ones; meshes share normals across edges sharper than the crease angle only.
enum Tessellator {
  static func f(_ v: Vector3) -> SIMD3<Float> { SIMD3(Float(v.x), Float(v.y), Float(v.z)) }

  /// The six faces of a box: outward normal and the direction of increasing s (image right).
  /// Image down is right × normal, so labels read upright: +z up on side faces, +y up on the
  /// top and bottom faces.
  static let boxFaces: [(normal: SIMD3<Float>, right: SIMD3<Float>)] = [
    (SIMD3(1, 0, 0), SIMD3(0, 1, 0)), (SIMD3(-1, 0, 0), SIMD3(0, -1, 0)),
    (SIMD3(0, 1, 0), SIMD3(-1, 0, 0)), (SIMD3(0, -1, 0), SIMD3(1, 0, 0)),
    (SIMD3(0, 0, 1), SIMD3(1, 0, 0)), (SIMD3(0, 0, -1), SIMD3(-1, 0, 0)),
  ]

  static func magnitude(_ v: SIMD3<Float>) -> SIMD3<Float> { pointwiseMax(v, -v) }

  static func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
  }

  /// Face k's extent along its image right and down directions, for a box of `size`.
  static func faceExtent(_ k: Int, size: Vector3) -> (width: Double, height: Double) {
    let (n, r) = boxFaces[k]
    let d = cross(r, n)
    let s = f(size)
    return (Double((magnitude(r) * s).sum()), Double((magnitude(d) * s).sum()))
  }

  /// A box; with `perFaceMaterials`, face k (+x, −x, +y, −y, +z, −z) uses material k.
  static func box(size: Vector3, perFaceMaterials: Bool) -> RenderMesh {
    var m = RenderMesh()
    let h = f(size) / 2
    for (k, (n, r)) in boxFaces.enumerated() {
      let d = cross(r, n)
      let c = n * h
      let hr = (magnitude(r) * h).sum()
      let hd = (magnitude(d) * h).sum()
      let tl = m.addVertex(c - r * hr - d * hd, n, SIMD2(0, 0))
      let bl = m.addVertex(c - r * hr + d * hd, n, SIMD2(0, 1))
      let br = m.addVertex(c + r * hr + d * hd, n, SIMD2(1, 1))
      let tr = m.addVertex(c + r * hr - d * hd, n, SIMD2(1, 0))
      let material = perFaceMaterials ? UInt8(k) : 0
      m.addTriangle(tl, bl, br, material: material)
      m.addTriangle(tl, br, tr, material: material)
    }
    return m
  }

  /// One ring of a surface of revolution about z: radius, height, the normal's radial and z
  /// parts, and the texture coordinate t.
  struct Ring {
    var radius: Float
    var z: Float
    var normalRadial: Float
    var normalZ: Float
    var t: Float
  }

  /// A surface of revolution from rings listed top (+z) to bottom, with `slices` around.
  static func lathe(_ rings: [Ring], slices: Int, into m: inout RenderMesh) {
    let base = UInt32(m.positions.count)
    let row = UInt32(slices + 1)
    for ring in rings {
      for j in 0...slices {
        let phi = 2 * Float.pi * Float(j) / Float(slices)
        let (c, s) = (Foundation.cos(phi), Foundation.sin(phi))
        _ = m.addVertex(
          SIMD3(ring.radius * c, ring.radius * s, ring.z), SIMD3(ring.normalRadial * c, ring.normalRadial * s, ring.normalZ),
          SIMD2(Float(j) / Float(slices), ring.t))
      }
    }
    for i in 0..<(rings.count - 1) {
      for j in 0..<UInt32(slices) {
        let a = base + UInt32(i) * row + j
        let b = a + row
        let c = b + 1
        let d = a + 1
        if rings[i + 1].radius > 0 { m.addTriangle(a, b, c) }
        if rings[i].radius > 0 { m.addTriangle(a, c, d) }
      }
    }
  }

  static func sphere(radius r: Double, segments: Int) -> RenderMesh {
    let stacks = max(4, segments / 2)
    let rings = (0...stacks).map { i -> Ring in
      let theta = Float.pi * Float(i) / Float(stacks)
      let (s, c) = (Foundation.sin(theta), Foundation.cos(theta))
      return Ring(radius: i == 0 || i == stacks ? 0 : Float(r) * s, z: Float(r) * c, normalRadial: s, normalZ: c,
        t: Float(i) / Float(stacks))
    }
    var m = RenderMesh()
    lathe(rings, slices: segments, into: &m)
    return m
  }

  static func capsule(radius r: Double, length l: Double, segments: Int) -> RenderMesh {
    let quarter = max(2, segments / 4)
    let h = Float(l / 2)
    let rr = Float(r)
    let total = Float(l) + Float.pi * rr
    var rings: [Ring] = []
    for i in 0...quarter {  // top cap, pole to equator
      let theta = Float.pi / 2 * Float(i) / Float(quarter)
      let (s, c) = (Foundation.sin(theta), Foundation.cos(theta))
      rings.append(Ring(radius: i == 0 ? 0 : rr * s, z: h + rr * c, normalRadial: s, normalZ: c, t: rr * theta / total))
    }
    for i in 0...quarter {  // bottom cap, equator to pole
      let theta = Float.pi / 2 + Float.pi / 2 * Float(i) / Float(quarter)
      let (s, c) = (Foundation.sin(theta), Foundation.cos(theta))
      rings.append(
        Ring(radius: i == quarter ? 0 : rr * s, z: -h + rr * c, normalRadial: s, normalZ: c,
          t: (Float(l) + rr * theta) / total))
    }
    var m = RenderMesh()
    lathe(rings, slices: segments, into: &m)
    return m
  }

  static func cylinder(radius r: Double, length l: Double, segments: Int) -> RenderMesh {
    let h = Float(l / 2)
    let rr = Float(r)
    var m = RenderMesh()
    lathe(
      [Ring(radius: rr, z: h, normalRadial: 1, normalZ: 0, t: 0), Ring(radius: rr, z: -h, normalRadial: 1, normalZ: 0, t: 1)],
      slices: segments, into: &m)
    for (z, nz) in [(h, Float(1)), (-h, Float(-1))] {
      let n = SIMD3<Float>(0, 0, nz)
      let center = m.addVertex(SIMD3(0, 0, z), n, SIMD2(0.5, 0.5))
      let first = UInt32(m.positions.count)
      for j in 0...segments {
        let phi = 2 * Float.pi * Float(j) / Float(segments)
        let (c, s) = (Foundation.cos(phi), Foundation.sin(phi))
        _ = m.addVertex(SIMD3(rr * c, rr * s, z), n, SIMD2(0.5 + c / 2, 0.5 - s / 2))
      }
      for j in 0..<UInt32(segments) {
        if nz > 0 { m.addTriangle(center, first + j, first + j + 1) } else { m.addTriangle(center, first + j + 1, first + j) }
      }
    }
    return m
  }

  /// A square piece of the plane `normal · p = offset`, centred on its point nearest the origin,
  /// split into `subdivisions`² cells. Texture coordinates repeat every `textureScale` metres.
  static func plane(normal: Vector3, offset: Double, halfExtent: Double, subdivisions: Int, textureScale: Double)
    -> RenderMesh
  {
    let n = normal.normalized
    let helper = abs(n.x) > 0.9 ? Vector3(0, 1, 0) : Vector3(1, 0, 0)
    let e1 = (helper - n * n.dot(helper)).normalized
    let e2 = n.cross(e1)
    let center = n * offset
    var m = RenderMesh()
    let k = max(1, subdivisions)
    for i in 0...k {
      for j in 0...k {
        let s = -halfExtent + 2 * halfExtent * Double(j) / Double(k)
        let t = -halfExtent + 2 * halfExtent * Double(i) / Double(k)
        _ = m.addVertex(f(center + s * e1 + t * e2), f(n), SIMD2(Float(s / textureScale), Float(-t / textureScale)))
      }
    }
    let row = UInt32(k + 1)
    for i in 0..<UInt32(k) {
      for j in 0..<UInt32(k) {
        let a = i * row + j
        m.addTriangle(a, a + 1, a + row + 1)
        m.addTriangle(a, a + row + 1, a + row)
      }
    }
    return m
  }

  /// A triangle mesh. Without texture coordinates, corners share a normal with the neighbouring
  /// faces that meet them at less than `creaseAngle` degrees. With `textured`, each triangle gets its
  /// own flat vertices and coordinates projected along the axis nearest its normal.
  static func mesh(_ mesh: TriangleMesh, creaseAngle: Double, textured: Bool) -> RenderMesh {
    var m = RenderMesh()
    let p = mesh.vertices.map(f)
    let triangles = mesh.indices.count / 3
    var faceNormals = [SIMD3<Float>](repeating: .zero, count: triangles)
    for t in 0..<triangles {
      let (a, b, c) = (p[Int(mesh.indices[3 * t])], p[Int(mesh.indices[3 * t + 1])], p[Int(mesh.indices[3 * t + 2])])
      faceNormals[t] = cross(b - a, c - a)
    }
    func unit(_ v: SIMD3<Float>) -> SIMD3<Float> {
      let l = (v * v).sum().squareRoot()
      return l > 0 ? v / l : SIMD3(0, 0, 1)
    }
    if textured {
      let (lo, hi) = mesh.bounds.map { (f($0.min), f($0.max)) } ?? (.zero, .one)
      let extent = pointwiseMax(hi - lo, SIMD3(repeating: 1e-6))
      for t in 0..<triangles {
        let n = unit(faceNormals[t])
        let a = magnitude(n)
        var corners: [UInt32] = []
        for k in 0..<3 {
          let q = (p[Int(mesh.indices[3 * t + k])] - lo) / extent
          let uv: SIMD2<Float> = a.x >= a.y && a.x >= a.z ? SIMD2(q.y, 1 - q.z) : (a.y >= a.z ? SIMD2(q.x, 1 - q.z) : SIMD2(q.x, 1 - q.y))
          corners.append(m.addVertex(p[Int(mesh.indices[3 * t + k])], n, uv))
        }
        m.addTriangle(corners[0], corners[1], corners[2])
      }
      return m
    }
    var incident = [[Int]](repeating: [], count: p.count)
    for t in 0..<triangles { for k in 0..<3 { incident[Int(mesh.indices[3 * t + k])].append(t) } }
    let cosCrease = Float(Foundation.cos(creaseAngle * .pi / 180))
    var unitNormals = faceNormals.map(unit)
    for t in 0..<triangles where (faceNormals[t] * faceNormals[t]).sum() == 0 { unitNormals[t] = .zero }
    // One output vertex per (input vertex, smoothed normal).
    var lookup: [SIMD4<Int32>: UInt32] = [:]
    for t in 0..<triangles {
      var corners: [UInt32] = []
      for k in 0..<3 {
        let v = Int(mesh.indices[3 * t + k])
        var sum = SIMD3<Float>.zero
        for g in incident[v] where (unitNormals[g] * unitNormals[t]).sum() >= cosCrease { sum += faceNormals[g] }
        let n = unit(sum == .zero ? faceNormals[t] : sum)
        let key = SIMD4<Int32>(Int32(v), Int32((n.x * 4096).rounded()), Int32((n.y * 4096).rounded()), Int32((n.z * 4096).rounded()))
        if let index = lookup[key] {
          corners.append(index)
        } else {
          let index = m.addVertex(p[v], n)
          lookup[key] = index
          corners.append(index)
        }
      }
      m.addTriangle(corners[0], corners[1], corners[2])
    }
    return m
  }
}
