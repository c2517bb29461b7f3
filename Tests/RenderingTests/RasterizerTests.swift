import ArmatureCore
import Foundation
import Rendering
import SceneDescription
import Testing

@Suite struct RasterizerTests {
  /// Every pixel's depth against the ray–plane intersection worked out independently here.
  @Test func depthOfATiltedPlaneMatchesTheAnalyticDepthEverywhere() throws {
    let normal = Vector3(0.2, -0.3, 1).normalized
    let offset = 0.1
    var model = RenderModel(lights: [], ambient: 1)
    try model.add(Drawable(name: "plane", geometry: .plane(normal: normal, offset: offset)))
    let eye = Vector3(0.3, -0.8, 1.5)
    let pose = Camera.lookAt(eye: eye, target: Vector3(0, 0.2, 0))
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 50, width: 64, height: 48), near: 0.01, far: 10,
      mount: .world(pose))
    let depth = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot(), outputs: .depth).depth)
    var worst = 0.0
    for j in 0..<48 {
      for i in 0..<64 {
        let ray = camera.ray(u: Double(i), v: Double(j))  // z = 1: t is the depth
        let direction = pose.orientation.rotate(ray)
        let t = (offset - normal.dot(eye)) / normal.dot(direction)
        #expect(t > 0.5 && t < 5, "the test geometry should put the plane in every pixel")
        worst = max(worst, abs(Double(depth[i, j, 0]) - t))
      }
    }
    #expect(worst < 0.001, "largest depth error \(worst) m")
  }

  @Test func aPlanePassingUnderAndBehindTheCameraIsClippedWithoutHoles() throws {
    var model = RenderModel(lights: [], ambient: 1)
    let id = try model.add(Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0)))
    // Looking down at 45°: the ground fills the lower image and reaches behind the camera.
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 80, width: 50, height: 50), near: 0.05, far: 100,
      mount: .world(Camera.lookAt(eye: Vector3(0, 0, 0.2), target: Vector3(1, 0, -0.8))))
    let seg = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).segmentation)
    // Rows below the horizon are fully covered (no cracks between the clipped pieces).
    for j in 30..<50 { for i in 0..<50 { #expect(seg[i, j, 0] == id, "pixel (\(i), \(j))") } }
  }

  @Test func backFacesAreCulledUnlessTheDrawableIsTwoSided() throws {
    // One triangle, counter-clockwise seen from +z.
    let triangle = TriangleMesh(vertices: [Vector3(-1, -1, 0), Vector3(1, -1, 0), Vector3(0, 1, 0)], indices: [0, 1, 2])
    let k = CameraIntrinsics(fieldOfView: 60, width: 20, height: 20)
    let above = Camera(intrinsics: k, mount: .world(Camera.lookAt(eye: Vector3(0, 0, 3), target: .zero, up: Vector3(0, 1, 0))))
    let below = Camera(intrinsics: k, mount: .world(Camera.lookAt(eye: Vector3(0, 0, -3), target: .zero, up: Vector3(0, 1, 0))))
    for twoSided in [false, true] {
      var model = RenderModel()
      try model.add(Drawable(name: "t", geometry: .mesh(triangle), cullBackFaces: !twoSided))
      let r = Renderer(model: model)
      let front = try r.render(camera: above, poses: PoseSnapshot()).segmentation!
      let back = try r.render(camera: below, poses: PoseSnapshot()).segmentation!
      #expect(front[10, 10, 0] == 1)
      #expect(back[10, 10, 0] == (twoSided ? 1 : 0))
    }
  }

  @Test func trianglesSharingEdgesLeaveNoGaps() throws {
    // A plane of 32 × 32 cells seen head-on from an odd angle: every pixel must be covered.
    var options = RenderModel.Options()
    options.planeSubdivisions = 32
    options.planeHalfExtent = 2
    var model = RenderModel(lights: [], ambient: 1, options: options)
    try model.add(Drawable(name: "grid", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0)))
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 40, width: 97, height: 83), near: 0.01, far: 10,
      mount: .world(Camera.lookAt(eye: Vector3(0.13, -0.31, 1.7), target: Vector3(0.05, 0.02, 0), up: Vector3(0.3, 1, 0))))
    let seg = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).segmentation)
    #expect(seg.pixels.allSatisfy { $0 == 1 })
  }

  /// A 16 × 16 texture whose quadrants are white and black repeats every metre on the ground; the
  /// camera looks along the ground at a grazing angle, where affine (not perspective-correct)
  /// interpolation would put the squares' edges many pixels off. The camera is rolled so that depth
  /// changes along image rows as well as down columns.
  @Test func texturesArePerspectiveCorrect() throws {
    var checker = RGBImage(width: 16, height: 16, channels: 3, repeating: 0)
    for y in 0..<16 { for x in 0..<16 where (x < 8) == (y < 8) { for c in 0..<3 { checker[x, y, c] = 255 } } }
    var model = RenderModel(lights: [], ambient: 1)
    try model.add(Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0), texture: Texture(checker)))
    let eye = Vector3(0.1, -0.2, 0.4)
    let pose = Camera.lookAt(eye: eye, target: Vector3(2.1, 1.3, 0), up: Vector3(0.7, -0.5, 1))
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 50, width: 80, height: 60), near: 0.01, far: 8,
      mount: .world(pose))
    let rgb = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).rgb)
    var checked = 0
    for j in 0..<60 {
      for i in 0..<80 {
        let d = pose.orientation.rotate(camera.ray(u: Double(i), v: Double(j)))
        guard d.z < 0 else { continue }
        let t = -eye.z / d.z
        guard t < 7 else { continue }
        let hit = eye + t * d
        // The plane maps (x, y) to texture coordinates (x, -y), one repeat per metre.
        let s = hit.x - hit.x.rounded(.down)
        let r = -hit.y - (-hit.y).rounded(.down)
        // Skip pixels within one texel of a quadrant edge (bilinear filtering blends there).
        let margin = 1.0 / 16
        func nearEdge(_ v: Double) -> Bool { min(v, abs(v - 0.5), 1 - v) < margin }
        guard !nearEdge(s), !nearEdge(r) else { continue }
        let white = (s < 0.5) == (r < 0.5)
        #expect(rgb[i, j, 0] == (white ? 255 : 0), "pixel (\(i), \(j))")
        checked += 1
      }
    }
    #expect(checked > 1500)
  }

  @Test func segmentationIdsMatchTheObjects() throws {
    var scene = Scene(name: "ids")
    scene.staticGeometry = [StaticGeometry(name: "ground", shape: .plane(normal: Vector3(0, 0, 1), offset: 0))]
    scene.objects = [
      SceneObject(name: "left", parts: [ObjectPart(shape: .box(size: Vector3(0.2, 0.2, 0.2)))], pose: Pose(position: Vector3(-0.5, 0, 0.1))),
      SceneObject(name: "right", parts: [ObjectPart(shape: .sphere(radius: 0.12))], pose: Pose(position: Vector3(0.5, 0, 0.12))),
      SceneObject(
        name: "dumbbell",
        parts: [
          ObjectPart(shape: .sphere(radius: 0.08), pose: Pose(position: Vector3(-0.15, 0, 0))),
          ObjectPart(shape: .sphere(radius: 0.08), pose: Pose(position: Vector3(0.15, 0, 0))),
          ObjectPart(shape: .cylinder(radius: 0.02, length: 0.3), pose: Pose(orientation: Quaternion(axis: Vector3(0, 1, 0), angle: .pi / 2))),
        ], pose: Pose(position: Vector3(0, 0.5, 0.08))),
      // Hidden under the ground.
      SceneObject(name: "buried", parts: [ObjectPart(shape: .box(size: Vector3(0.1, 0.1, 0.1)))], pose: Pose(position: Vector3(0, -0.5, -0.5))),
    ]
    let model = try RenderModel(scene: scene)
    let table = model.segmentation
    #expect(table.names == ["background", "ground", "left", "right", "dumbbell", "buried"])
    #expect(table.json.serialized() == #"{"0":"background","1":"ground","2":"left","3":"right","4":"dumbbell","5":"buried"}"#)
    let pose = Camera.lookAt(eye: Vector3(0, 0, 3), target: .zero, up: Vector3(0, 1, 0))
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 45, width: 120, height: 120), mount: .world(pose))
    let seg = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot(initialPosesOf: scene)).segmentation)
    func id(at p: Vector3) -> UInt16 {
      let (u, v, _) = camera.project(p, from: pose)!
      return seg[Int(u.rounded()), Int(v.rounded()), 0]
    }
    #expect(id(at: Vector3(-0.5, 0, 0.2)) == table.id(of: "left"))
    #expect(id(at: Vector3(0.5, 0, 0.24)) == table.id(of: "right"))
    #expect(id(at: Vector3(-0.15, 0.5, 0.16)) == table.id(of: "dumbbell"))
    #expect(id(at: Vector3(0.15, 0.5, 0.16)) == table.id(of: "dumbbell"))
    #expect(id(at: Vector3(0, 0.5, 0.1)) == table.id(of: "dumbbell"))
    #expect(id(at: Vector3(0, -0.5, 0)) == table.id(of: "ground"))
    #expect(Set(seg.pixels) == [1, 2, 3, 4])
  }

  @Test func rendersAreDeterministicAcrossRenderersAndThreads() async throws {
    let scene = try Scene.load(file: Repository.path("Scenes/render-bench-arm.yaml"))
    let model = try RenderModel(scene: scene)
    let camera = Camera(spec: scene.cameras[0], width: 64, height: 64)
    let poses = PoseSnapshot(initialPosesOf: scene)
    let reference = try Renderer(model: model, options: RenderOptions(shadows: true)).render(camera: camera, poses: poses)
    let others = try await withThrowingTaskGroup(of: RenderedFrame.self) { group in
      for _ in 0..<3 {
        group.addTask { try Renderer(model: model, options: RenderOptions(shadows: true)).render(camera: camera, poses: poses) }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(others.allSatisfy { $0 == reference })
  }

  @Test func outputsNotAskedForAreOmittedAndTheOthersAgree() throws {
    let scene = try Scene.load(file: Repository.path("Scenes/cube-drop.yaml"))
    let r = Renderer(model: try RenderModel(scene: scene))
    let camera = Camera(spec: scene.cameras[0], width: 32, height: 32)
    let poses = PoseSnapshot(initialPosesOf: scene)
    let all = try r.render(camera: camera, poses: poses)
    let depthOnly = try r.render(camera: camera, poses: poses, outputs: .depth)
    #expect(depthOnly.rgb == nil && depthOnly.segmentation == nil && depthOnly.depth == all.depth)
    let segOnly = try r.render(camera: camera, poses: poses, outputs: .segmentation)
    #expect(segOnly.segmentation == all.segmentation)
  }

  @Test func badDrawablesAndCamerasAreRefused() throws {
    var model = RenderModel()
    #expect(throws: RenderError.self) { try model.add(Drawable(name: "x", geometry: .sphere(radius: -1))) }
    #expect(throws: RenderError.self) {
      try model.add(Drawable(name: "x", geometry: .sphere(radius: 1), faceColors: [.named["red"]!]))
    }
    #expect(throws: RenderError.self) {
      try model.add(Drawable(name: "x", geometry: .box(size: Vector3(1, 1, 1)), faceLabels: ["é", "", "", "", "", ""]))
    }
    try model.add(Drawable(name: "rider", frame: "missing", geometry: .sphere(radius: 1)))
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 60, width: 8, height: 8), mount: .world(.identity))
    #expect(throws: RenderError.unknownFrame("missing", user: "drawable 'rider'")) {
      try Renderer(model: model).render(camera: camera, poses: PoseSnapshot())
    }
    var bad = camera
    bad.far = bad.near
    #expect(throws: RenderError.self) { try Renderer(model: model).render(camera: bad, poses: PoseSnapshot(["missing": .identity])) }
  }
}

@Suite struct ShadingTests {
  /// Lambert plus ambient, worked out by hand: a white-ish plane of albedo 0.5 under ambient 0.3
  /// and a unit light straight down is 0.5 · (0.3 + 1) = 0.65 (byte 166) when lit and
  /// 0.5 · 0.3 = 0.15 (byte 38) in the shadow of a 0.2 m cube hovering over the origin, whose shadow
  /// is the square |x|, |y| ≤ 0.1 on the plane.
  @Test func lambertShadingAndPlanarShadowsMatchHandValues() throws {
    let sun = LightSpec(name: "sun", kind: .directional, direction: Vector3(0, 0, -1), intensity: 1)
    var model = RenderModel(lights: [sun], ambient: 0.3)
    try model.add(
      Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0), color: Color(red: 0.5, green: 0.5, blue: 0.5)))
    try model.add(Drawable(name: "cube", pose: Pose(position: Vector3(0, 0, 0.5)), geometry: .box(size: Vector3(0.2, 0.2, 0.2))))
    let pose = Camera.lookAt(eye: Vector3(0, -2, 0.6), target: .zero)
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 40, width: 120, height: 90), mount: .world(pose))
    func value(_ rgb: RGBImage, at p: Vector3) -> UInt8 {
      let (u, v, _) = camera.project(p, from: pose)!
      return rgb[Int(u.rounded()), Int(v.rounded()), 0]
    }
    let plain = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).rgb)
    let shaded = try #require(try Renderer(model: model, options: RenderOptions(shadows: true)).render(camera: camera, poses: PoseSnapshot()).rgb)
    for p in [Vector3(0.05, -0.05, 0), Vector3(-0.06, 0.04, 0)] {
      #expect(value(plain, at: p) == 166)
      #expect(value(shaded, at: p) == 38)
    }
    for p in [Vector3(0.3, 0, 0), Vector3(0, 0.4, 0), Vector3(-0.25, -0.2, 0)] { #expect(value(shaded, at: p) == 166) }
    // The cube's top faces the light (0.95 · 1.3 clamps to 1); its front faces the camera, unlit.
    #expect(value(plain, at: Vector3(0, -0.1, 0.55)) == colorByte(0.7 * 0.3))
  }

  func colorByte(_ v: Double) -> UInt8 { UInt8((v * 255 + 0.5).rounded(.down)) }

  @Test func supersamplingAveragesColorAndKeepsCentreSamplesForDepthAndIds() throws {
    let scene = try Scene.load(file: Repository.path("Scenes/render-bench-arm.yaml"))
    let model = try RenderModel(scene: scene)
    let camera = Camera(spec: scene.cameras[0], width: 48, height: 48)
    let poses = PoseSnapshot(initialPosesOf: scene)
    let one = try Renderer(model: model).render(camera: camera, poses: poses)
    let three = try Renderer(model: model, options: RenderOptions(supersampling: 3)).render(camera: camera, poses: poses)
    #expect(three.rgb!.width == 48 && three.rgb != one.rgb)
    // Centre samples: the same pixels are hit, and depths agree up to the rounding of vertex
    // positions to 1/256 pixel (which moves grazing surfaces by a little depth).
    let seg1 = one.segmentation!.pixels, seg3 = three.segmentation!.pixels
    #expect(zip(seg1, seg3).filter { $0 != $1 }.count <= 2)
    let relativeGap = zip(one.depth!.pixels, three.depth!.pixels).filter { $0.isFinite && $1.isFinite }.map { abs($0 - $1) / $0 }.max()!
    #expect(relativeGap < 5e-4)
    #expect(throws: RenderError.self) {
      try Renderer(model: model, options: RenderOptions(supersampling: 2)).render(camera: camera, poses: poses)
    }
  }

  @Test func robotLinkVisualsRideOnTheirLinkFrames() throws {
    var model = RenderModel()
    let visual = Drawable.linkVisual(
      robot: "ur5e", link: "wrist_3_link", origin: Pose(position: Vector3(0, 0, 0.05)), geometry: .cylinder(radius: 0.04, length: 0.1))
    #expect(visual.name == "ur5e/wrist_3_link" && visual.frame == "ur5e/wrist_3_link")
    let id = try model.add(visual)
    #expect(model.segmentation.name(of: id) == "ur5e/wrist_3_link")
    let camera = Camera(intrinsics: CameraIntrinsics(fieldOfView: 50, width: 32, height: 32), mount: .world(Camera.lookAt(eye: Vector3(0.6, 0, 0.5), target: Vector3(0, 0, 0.5))))
    let seg = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot(["ur5e/wrist_3_link": Pose(position: Vector3(0, 0, 0.45))])).segmentation)
    #expect(seg[16, 16, 0] == id)
  }
}

@Suite struct RobustnessTests {
  @Test func nonFiniteAndFarAwayPosesNeverCrash() throws {
    var model = RenderModel()
    try model.add(Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0)))
    try model.add(Drawable(name: "box", frame: "box", geometry: .box(size: Vector3(0.1, 0.1, 0.1))))
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 60, width: 24, height: 24),
      mount: .world(Camera.lookAt(eye: Vector3(0.5, -0.5, 0.4), target: .zero)))
    let r = Renderer(model: model)
    #expect(throws: RenderError.nonFinitePose("box")) {
      try r.render(camera: camera, poses: PoseSnapshot(["box": Pose(position: Vector3(.nan, 0, 0))]))
    }
    // Huge but finite positions, including ones beside and behind the camera, just miss the image.
    for p in [Vector3(1e30, 0, 0), Vector3(0.5, -0.5, -1e25), Vector3(1e37, 1e37, 1e37), Vector3(0.49, -0.5, 0.4)] {
      let frame = try r.render(camera: camera, poses: PoseSnapshot(["box": Pose(position: p)]))
      #expect(frame.segmentation!.pixels.contains(1))
    }
  }
}

@Suite struct ClippingSeamTests {
  /// The ground's two triangles are both clipped by the near plane along their shared diagonal;
  /// the clipped points on that edge must be computed identically so no pixel falls between them.
  @Test(arguments: [64, 96, 128, 200, 256])
  func clippedNeighboursLeaveNoCracks(size: Int) throws {
    let scene = try Scene.load(file: Repository.path("Scenes/cube-drop.yaml"))
    var model = RenderModel()
    try model.add(Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0)))
    // The cube-drop camera looks down at the ground, which fills the whole image.
    let camera = Camera(spec: scene.cameras[0], width: size, height: size)
    let seg = try #require(try Renderer(model: model).render(camera: camera, poses: PoseSnapshot()).segmentation)
    let holes = seg.pixels.indices.filter { seg.pixels[$0] != 1 }.map { ($0 % size, $0 / size) }
    #expect(holes.isEmpty, "\(holes.count) uncovered pixels, first \(holes.prefix(5))")
  }
}
