import ArmatureCore

extension Renderer {
  /// Planar shadows: for each directional light and each plane, the other drawables are projected
  /// onto the plane along the light, and the plane's visible pixels inside the projection lose
  /// that light's contribution (keeping ambient and the other lights). Point lights cast none.
  func drawShadows(worldPoses: [Pose], view: Pose, frustum: Frustum, frameLights: FrameLights, target: FrameTarget) {
    let n = target.width * target.height
    let planes = model.prepared.indices.filter { model.prepared[$0].isPlane }
    let lights = model.lights.filter { $0.kind == .directional && $0.intensity > 0 && $0.direction.length > 0 }
    guard !planes.isEmpty, !lights.isEmpty, let rgb = target.rgb else { return }
    if shadowMask.count != n {
      shadowDepth = [Float](repeating: -.infinity, count: n)
      shadowMask = [UInt16](repeating: 0, count: n)
      shadowRemoved = [SIMD3<Float>](repeating: .zero, count: n)
    }
    for planeIndex in planes {
      let plane = model.prepared[planeIndex]
      guard case .plane(let rawNormal, let offset) = plane.drawable.geometry else { continue }
      let normal = rawNormal.normalized
      // The plane's light: ambient plus every directional light that reaches its front side.
      var total = SIMD3<Float>(repeating: Float(model.ambient))
      for l in model.lights where l.intensity > 0 {
        let c = l.kind == .directional ? max(0, normal.dot(-l.direction.normalized)) : 0
        total += SIMD3(Float(l.color.red), Float(l.color.green), Float(l.color.blue)) * Float(l.intensity * c)
      }
      shadowRemoved.withUnsafeMutableBufferPointer { $0.update(repeating: .zero) }
      var any = false
      for light in lights {
        let toward = -light.direction.normalized
        let cosine = normal.dot(toward)
        guard cosine > 1e-3 else { continue }
        shadowDepth.withUnsafeMutableBufferPointer { $0.update(repeating: -.infinity) }
        shadowMask.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        var drew = false
        // Onto the plane along the light: p ↦ p − toward · (n·p − offset) / cos, lifted 0.1 mm off
        // the plane so it never loses to the plane's own depth. Composed with the caster's pose and
        // the view, an affine map of the caster's own coordinates.
        let flatten = Matrix3.identity + (-1 / cosine) * Matrix3(toward * normal.x, toward * normal.y, toward * normal.z).transposed
        let lift = toward * (offset / cosine) + normal * 1e-4
        let viewRotation = view.orientation.matrix
        shadowDepth.withUnsafeMutableBufferPointer { zb in
          shadowMask.withUnsafeMutableBufferPointer { mb in
            let mask = FrameTarget(width: target.width, height: target.height, invDepth: zb.baseAddress!, ids: mb.baseAddress!, rgb: nil)
            for (i, caster) in model.prepared.enumerated() where !caster.isPlane && caster.drawable.castsShadow {
              let world = worldPoses[i]
              let linear = viewRotation * flatten * world.orientation.matrix
              let translation = viewRotation * (flatten * world.position + lift) + view.position
              draw(
                caster, transform: Affine3(linear: linear, translation: translation), frustum: frustum, lights: frameLights,
                textures: [], target: mask, cull: false, id: 1)
              drew = true
            }
          }
        }
        guard drew else { continue }
        let lost = SIMD3(Float(light.color.red), Float(light.color.green), Float(light.color.blue))
          * Float(light.intensity * cosine)
        let id = plane.segmentID
        shadowMask.withUnsafeBufferPointer { mb in
          shadowRemoved.withUnsafeMutableBufferPointer { rb in
            for p in 0..<n where mb[p] != 0 && target.ids[p] == id {
              rb[p] += lost
              any = true
            }
          }
        }
      }
      guard any else { continue }
      shadowRemoved.withUnsafeBufferPointer { rb in
        for p in 0..<n where rb[p] != .zero {
          let ratio = pointwiseMax(total - rb[p], .zero) / pointwiseMax(total, SIMD3(repeating: 1e-6))
          for c in 0..<3 { rgb[3 * p + c] = colorByte(Float(rgb[3 * p + c]) / 255 * ratio[c]) }
        }
      }
    }
  }
}
