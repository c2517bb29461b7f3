import ArmatureCore
import Foundation
import SceneDescription

/// A CPU rasterizer for RGB, depth and segmentation images of a `RenderModel`.
///
/// Draws with a z-buffer, back-face culling, near-plane clipping, per-vertex Lambert shading
/// (ambient plus directional and point lights, no distance fall-off) interpolated
/// perspective-correctly, and bilinear textures. A renderer keeps scratch buffers between frames,
/// so it serves one thread at a time; give each thread (each environment) its own. The same
/// model, camera and poses give bit-identical images.
public final class Renderer {
  /// The model drawn; its lights and background may be changed between frames.
  public var model: RenderModel
  public var options: RenderOptions

  // Scratch space reused from frame to frame.
  private var invDepth: [Float] = []
  private var viewPositions: [SIMD3<Float>] = []
  private var vertexLight: [SIMD3<Float>] = []
  private var screen: [SIMD2<Int64>] = []
  private var vertexInvZ: [Double] = []
  private var vertexFlags: [UInt8] = []
  private var clipA: [ClipVertex] = []
  private var clipB: [ClipVertex] = []
  var shadowDepth: [Float] = []
  var shadowMask: [UInt16] = []
  var shadowRemoved: [SIMD3<Float>] = []

  public init(model: RenderModel, options: RenderOptions = RenderOptions()) {
    self.model = model
    self.options = options
    clipA.reserveCapacity(16)
    clipB.reserveCapacity(16)
  }

  /// Renders what `camera` sees of the model with the frames at `poses`.
  public func render(camera: Camera, poses: PoseSnapshot, outputs: RenderOutputs = .all) throws -> RenderedFrame {
    if let problem = camera.intrinsics.problem { throw RenderError.invalidCamera(camera.name, reason: problem) }
    let k = options.supersampling
    guard k >= 1, k % 2 == 1, k <= 15 else {
      throw RenderError.invalidCamera(camera.name, reason: "supersampling must be an odd number from 1 to 15, got \(k)")
    }
    guard k == 1 else { return try supersampled(camera: camera, poses: poses, outputs: outputs, factor: k) }
    return try renderOnce(camera: camera, poses: poses, outputs: outputs)
  }

  /// Renders k × k samples per pixel and reduces them (see `RenderOptions.supersampling`).
  private func supersampled(camera: Camera, poses: PoseSnapshot, outputs: RenderOutputs, factor k: Int) throws
    -> RenderedFrame
  {
    var fine = camera
    let (w, h) = (camera.intrinsics.width, camera.intrinsics.height)
    fine.intrinsics = camera.intrinsics.resized(width: w * k, height: h * k)
    let big = try renderOnce(camera: fine, poses: poses, outputs: outputs)
    func centres<T>(_ image: Image<T>) -> Image<T> {
      var pixels: [T] = []
      pixels.reserveCapacity(w * h)
      for j in 0..<h { for i in 0..<w { pixels.append(image.pixels[(k * j + k / 2) * w * k + k * i + k / 2]) } }
      return Image(width: w, height: h, channels: 1, pixels: pixels)
    }
    return RenderedFrame(
      rgb: big.rgb?.resized(width: w, height: h), depth: big.depth.map(centres),
      segmentation: big.segmentation.map(centres))
  }

  private func renderOnce(camera: Camera, poses: PoseSnapshot, outputs: RenderOutputs) throws -> RenderedFrame {
    guard camera.near > 0, camera.far > camera.near, camera.far.isFinite else {
      throw RenderError.invalidCamera(camera.name, reason: "needs 0 < near < far < ∞")
    }
    let cameraPose = try camera.pose(in: poses)
    guard cameraPose.isFinite else { throw RenderError.invalidCamera(camera.name, reason: "its pose is not finite") }
    // Resolve every drawable's world pose first, so that a missing frame fails before drawing.
    var worldPoses: [Pose] = []
    worldPoses.reserveCapacity(model.prepared.count)
    for p in model.prepared {
      if let frame = p.drawable.frame {
        guard let base = poses[frame] else { throw RenderError.unknownFrame(frame, user: "drawable '\(p.drawable.name)'") }
        guard base.isFinite else { throw RenderError.nonFinitePose(frame) }
        worldPoses.append(base * p.drawable.pose)
      } else {
        worldPoses.append(p.drawable.pose)
      }
    }
    let k = camera.intrinsics
    let (w, h) = (k.width, k.height)
    let clear = Float(1 / camera.far)
    if invDepth.count != w * h {
      invDepth = [Float](repeating: clear, count: w * h)
    } else {
      invDepth.withUnsafeMutableBufferPointer { $0.update(repeating: clear) }
    }
    var ids = [UInt16](repeating: 0, count: w * h)
    var rgb: [UInt8] = []
    if outputs.contains(.rgb) {
      let bg = model.background
      let b = SIMD3<UInt8>(colorByte(Float(bg.red)), colorByte(Float(bg.green)), colorByte(Float(bg.blue)))
      rgb = [UInt8](unsafeUninitializedCapacity: 3 * w * h) { buffer, count in
        for i in 0..<(w * h) {
          buffer[3 * i] = b.x
          buffer[3 * i + 1] = b.y
          buffer[3 * i + 2] = b.z
        }
        count = 3 * w * h
      }
    }
    let view = cameraPose.inverse
    let lights = FrameLights(model: model, view: view)
    let frustum = Frustum(camera: camera)

    invDepth.withUnsafeMutableBufferPointer { zb in
      ids.withUnsafeMutableBufferPointer { idb in
        rgb.withUnsafeMutableBufferPointer { cb in
          let target = FrameTarget(
            width: w, height: h, invDepth: zb.baseAddress!, ids: idb.baseAddress!,
            rgb: outputs.contains(.rgb) ? cb.baseAddress! : nil)
          model.textures.withUnsafeTextureViews { textures in
            for (i, p) in model.prepared.enumerated() {
              draw(
                p, transform: Affine3(view * worldPoses[i]), frustum: frustum, lights: lights, textures: textures,
                target: target, cull: p.drawable.cullBackFaces, id: p.segmentID)
            }
          }
          if options.shadows && outputs.contains(.rgb) {
            drawShadows(worldPoses: worldPoses, view: view, frustum: frustum, frameLights: lights, target: target)
          }
        }
      }
    }

    var frame = RenderedFrame()
    if outputs.contains(.rgb) { frame.rgb = RGBImage(width: w, height: h, channels: 3, pixels: rgb) }
    if outputs.contains(.depth) {
      let depth = [Float](unsafeUninitializedCapacity: w * h) { buffer, count in
        invDepth.withUnsafeBufferPointer { zb in
          for i in 0..<(w * h) { buffer[i] = zb[i] > clear ? 1 / zb[i] : .infinity }
        }
        count = w * h
      }
      frame.depth = DepthImage(width: w, height: h, channels: 1, pixels: depth)
    }
    if outputs.contains(.segmentation) { frame.segmentation = SegmentationImage(width: w, height: h, channels: 1, pixels: ids) }
    return frame
  }

  /// Transforms (to view space), lights, clips and rasterizes one drawable. Lighting is skipped
  /// when the target has no color (then `transform` may be any affine map, such as the projection
  /// of a shadow caster onto a plane).
  func draw(
    _ p: RenderModel.Prepared, transform a: Affine3, frustum: Frustum, lights: FrameLights, textures: [TextureView],
    target: FrameTarget, cull: Bool, id: UInt16
  ) {
    let (r0, r1, r2, t) = (a.r0, a.r1, a.r2, a.t)
    @inline(__always) func transform(_ v: SIMD3<Float>) -> SIMD3<Float> {
      SIMD3((r0 * v).sum(), (r1 * v).sum(), (r2 * v).sum())
    }
    if !frustum.mayContain(center: transform(p.boundsCenter) + t, radius: p.boundsRadius * a.stretchBound) { return }

    let mesh = p.mesh
    let n = mesh.positions.count
    if viewPositions.count < n {
      viewPositions = [SIMD3<Float>](repeating: .zero, count: n)
      vertexLight = [SIMD3<Float>](repeating: .zero, count: n)
      screen = [SIMD2<Int64>](repeating: .zero, count: n)
      vertexInvZ = [Double](repeating: 0, count: n)
      vertexFlags = [UInt8](repeating: 0, count: n)
    }
    let twoSided = !p.drawable.cullBackFaces
    let colored = target.rgb != nil
    viewPositions.withUnsafeMutableBufferPointer { vp in
      vertexLight.withUnsafeMutableBufferPointer { vl in
        screen.withUnsafeMutableBufferPointer { sc in
          vertexInvZ.withUnsafeMutableBufferPointer { iz in
            vertexFlags.withUnsafeMutableBufferPointer { fl in
              mesh.positions.withUnsafeBufferPointer { pos in
                mesh.normals.withUnsafeBufferPointer { nor in
                  for i in 0..<n {
                    let v = transform(pos[i]) + t
                    vp[i] = v
                    if colored { vl[i] = lights.light(at: v, normal: transform(nor[i]), twoSided: twoSided) }
                    if v.z < frustum.near {
                      fl[i] = 1
                    } else {
                      let u = Double(frustum.fx * v.x / v.z + frustum.cx)
                      let w = Double(frustum.fy * v.y / v.z + frustum.cy)
                      if abs(u) < frustum.guardLimit && abs(w) < frustum.guardLimit {
                        fl[i] = 0
                        sc[i] = SIMD2(Int64((u * 256).rounded()), Int64((w * 256).rounded()))
                        iz[i] = 1 / Double(v.z)
                      } else {
                        fl[i] = 2
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    let hasUV = !mesh.uvs.isEmpty
    let perTriangleMaterial = !mesh.triangleMaterials.isEmpty
    viewPositions.withUnsafeBufferPointer { vp in
      vertexLight.withUnsafeBufferPointer { vl in
        screen.withUnsafeBufferPointer { sc in
          vertexInvZ.withUnsafeBufferPointer { iz in
            vertexFlags.withUnsafeBufferPointer { fl in
              mesh.indices.withUnsafeBufferPointer { idx in
                mesh.uvs.withUnsafeBufferPointer { uvs in
                  mesh.triangleMaterials.withUnsafeBufferPointer { tm in
                    for tri in 0..<mesh.triangleCount {
                      let ia = Int(idx[3 * tri]), ib = Int(idx[3 * tri + 1]), ic = Int(idx[3 * tri + 2])
                      let material = p.materials[perTriangleMaterial ? Int(tm[tri]) : 0]
                      let texture = colored && material.texture >= 0 ? textures[material.texture] : nil
                      let albedo = texture == nil ? material.albedo : SIMD3<Float>(1, 1, 1)
                      let ca = colored ? albedo * vl[ia] : .zero
                      let cb = colored ? albedo * vl[ib] : .zero
                      let cc = colored ? albedo * vl[ic] : .zero
                      let shading: Shading
                      if let texture {
                        shading = .textured(texture)
                      } else if ca == cb && cb == cc {
                        shading = .flat(SIMD3(colorByte(ca.x), colorByte(ca.y), colorByte(ca.z)))
                      } else {
                        shading = .smooth
                      }
                      let ua = hasUV ? uvs[ia] : .zero, ub = hasUV ? uvs[ib] : .zero, uc = hasUV ? uvs[ic] : .zero
                      if fl[ia] | fl[ib] | fl[ic] == 0 {
                        target.draw(
                          RasterVertex(x: sc[ia].x, y: sc[ia].y, invZ: iz[ia], color: ca, uv: ua),
                          RasterVertex(x: sc[ib].x, y: sc[ib].y, invZ: iz[ib], color: cb, uv: ub),
                          RasterVertex(x: sc[ic].x, y: sc[ic].y, invZ: iz[ic], color: cc, uv: uc),
                          cull: cull, id: id, shading: shading)
                      } else if fl[ia] & fl[ib] & fl[ic] & 1 == 0 {
                        drawClipped(
                          [
                            ClipVertex(p: vp[ia], color: ca, uv: ua), ClipVertex(p: vp[ib], color: cb, uv: ub),
                            ClipVertex(p: vp[ic], color: cc, uv: uc),
                          ], frustum: frustum, cull: cull, id: id, shading: shading, target: target)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Clips a triangle against the near plane and the guard band in view space, then draws the
  /// pieces (a convex polygon, as a fan).
  func drawClipped(
    _ triangle: [ClipVertex], frustum: Frustum, cull: Bool, id: UInt16, shading: Shading, target: FrameTarget
  ) {
    clipA.removeAll(keepingCapacity: true)
    clipA.append(contentsOf: triangle)
    for plane in frustum.clipPlanes {
      clipB.removeAll(keepingCapacity: true)
      let count = clipA.count
      for i in 0..<count {
        let a = clipA[i]
        let b = clipA[(i + 1) % count]
        let da = (plane.normal * a.p).sum() + plane.offset
        let db = (plane.normal * b.p).sum() + plane.offset
        if da >= 0 { clipB.append(a) }
        if (da >= 0) != (db >= 0) {
          // Always from the inside end, so that neighbouring triangles clipping their shared edge
          // compute the same point bit for bit and leave no crack between them.
          let (inner, outer, di, dout) = da >= 0 ? (a, b, da, db) : (b, a, db, da)
          let s = di / (di - dout)
          clipB.append(
            ClipVertex(
              p: inner.p + (outer.p - inner.p) * s, color: inner.color + (outer.color - inner.color) * s,
              uv: inner.uv + (outer.uv - inner.uv) * s))
        }
      }
      swap(&clipA, &clipB)
      if clipA.count < 3 { return }
    }
    // Positions too far out for Float arithmetic come out non-finite; such triangles are skipped.
    func raster(_ v: ClipVertex) -> RasterVertex? {
      let z = max(v.p.z, frustum.near)
      let u = Double(frustum.fx * v.p.x / z + frustum.cx)
      let w = Double(frustum.fy * v.p.y / z + frustum.cy)
      guard abs(u) <= frustum.guardLimit, abs(w) <= frustum.guardLimit, z.isFinite else { return nil }
      return RasterVertex(
        x: Int64((u * 256).rounded()), y: Int64((w * 256).rounded()), invZ: 1 / Double(z), color: v.color, uv: v.uv)
    }
    guard let first = raster(clipA[0]), var previous = raster(clipA[1]) else { return }
    for i in 2..<clipA.count {
      guard let next = raster(clipA[i]) else { return }
      target.draw(first, previous, next, cull: cull, id: id, shading: shading)
      previous = next
    }
  }

}

/// An affine map of 3-space in single precision: the rows of its linear part and a translation.
struct Affine3 {
  var r0, r1, r2: SIMD3<Float>
  var t: SIMD3<Float>
  /// An upper bound on how much the map stretches lengths (the Frobenius norm of its linear part).
  var stretchBound: Float

  init(linear m: Matrix3, translation v: Vector3) {
    func f(_ v: Vector3) -> SIMD3<Float> { SIMD3(Float(v.x), Float(v.y), Float(v.z)) }
    r0 = f(m.r0)
    r1 = f(m.r1)
    r2 = f(m.r2)
    t = f(v)
    let frobenius = (m.r0.dot(m.r0) + m.r1.dot(m.r1) + m.r2.dot(m.r2)).squareRoot()
    stretchBound = Float(frobenius) * 1.0001
  }

  /// A rigid transform.
  init(_ pose: Pose) {
    self.init(linear: pose.orientation.matrix, translation: pose.position)
    stretchBound = 1.0001
  }
}

/// A vertex being clipped: view-space position and the values interpolated across the triangle.
struct ClipVertex {
  var p: SIMD3<Float>
  var color: SIMD3<Float>
  var uv: SIMD2<Float>
}

/// The camera's intrinsics and clipping volume in view space.
struct Frustum {
  let fx, fy, cx, cy: Float
  let near: Float
  let far: Float
  /// Image coordinates beyond which vertices are clipped (keeps the integer edge functions small).
  let guardLimit: Double
  /// Planes `normal · p + offset ≥ 0` that a triangle is clipped to: near, then the guard band.
  let clipPlanes: [(normal: SIMD3<Float>, offset: Float)]
  /// Planes through the eye bounding the visible image, for culling whole drawables.
  let sides: [SIMD3<Float>]

  init(camera: Camera) {
    let k = camera.intrinsics
    fx = Float(k.fx)
    fy = Float(k.fy)
    cx = Float(k.cx)
    cy = Float(k.cy)
    near = Float(camera.near)
    far = Float(camera.far)
    let size = Double(max(k.width, k.height))
    guardLimit = 8 * size + 1024
    let g = Float(guardLimit) * 0.999
    clipPlanes = [
      (SIMD3(0, 0, 1), -near),
      (SIMD3(fx, 0, g + cx), 0), (SIMD3(-fx, 0, g - cx), 0),
      (SIMD3(0, fy, g + cy), 0), (SIMD3(0, -fy, g - cy), 0),
    ]
    func unit(_ v: SIMD3<Float>) -> SIMD3<Float> { v / (v * v).sum().squareRoot() }
    let w = Float(k.width), h = Float(k.height)
    sides = [
      unit(SIMD3(fx, 0, cx + 0.5)), unit(SIMD3(-fx, 0, w - 0.5 - cx)),
      unit(SIMD3(0, fy, cy + 0.5)), unit(SIMD3(0, -fy, h - 0.5 - cy)),
    ]
  }

  /// False only when a sphere lies wholly outside the visible volume.
  @inline(__always) func mayContain(center c: SIMD3<Float>, radius r: Float) -> Bool {
    if c.z + r < near || c.z - r > far { return false }
    for s in sides where (s * c).sum() < -r { return false }
    return true
  }
}

/// The model's lights in view space for one frame.
struct FrameLights {
  let ambient: Float
  /// Unit vectors towards each directional light, and its color × intensity.
  let directional: [(toward: SIMD3<Float>, color: SIMD3<Float>)]
  let points: [(position: SIMD3<Float>, color: SIMD3<Float>)]

  init(model: RenderModel, view: Pose) {
    ambient = Float(model.ambient)
    func f(_ v: Vector3) -> SIMD3<Float> { SIMD3(Float(v.x), Float(v.y), Float(v.z)) }
    var d: [(SIMD3<Float>, SIMD3<Float>)] = []
    var p: [(SIMD3<Float>, SIMD3<Float>)] = []
    for l in model.lights where l.intensity > 0 {
      let color = f(Vector3(l.color.red, l.color.green, l.color.blue) * l.intensity)
      switch l.kind {
      case .directional:
        guard l.direction.length > 0 else { continue }
        d.append((f(view.orientation.rotate(-l.direction.normalized)), color))
      case .point: p.append((f(view.transform(l.position)), color))
      }
    }
    directional = d
    points = p
  }

  /// Ambient plus Lambert light at a view-space point with a unit normal.
  @inline(__always) func light(at p: SIMD3<Float>, normal n: SIMD3<Float>, twoSided: Bool) -> SIMD3<Float> {
    var sum = SIMD3<Float>(repeating: ambient)
    for l in directional {
      let c = (n * l.toward).sum()
      sum += l.color * (twoSided ? abs(c) : max(0, c))
    }
    for l in points {
      let d = l.position - p
      let len = (d * d).sum().squareRoot()
      if len > 0 {
        let c = (n * d).sum() / len
        sum += l.color * (twoSided ? abs(c) : max(0, c))
      }
    }
    return sum
  }
}

extension Array where Element == Texture {
  /// Calls `body` with pointer views of every texture, valid for the call.
  func withUnsafeTextureViews<R>(_ body: ([TextureView]) -> R) -> R {
    func nest(_ i: Int, _ views: [TextureView]) -> R {
      if i == count { return body(views) }
      return self[i].texels.withUnsafeBufferPointer { p in
        nest(i + 1, views + [TextureView(texels: p.baseAddress!, width: self[i].width, height: self[i].height)])
      }
    }
    return nest(0, [])
  }
}
