import ArmatureCore
import Rendering
import SceneDescription
import Testing

@Suite struct CameraTests {
  /// Camera at the origin looking along +x, z up, 90° vertical field of view, 101 × 101 pixels:
  /// f = 50.5 / tan 45° = 50.5 and (cx, cy) = (50, 50). The point (2, -1, 0.5) lies 2 m ahead,
  /// 1 m to the right (−y is right when facing +x) and 0.5 m up, so in the optical frame
  /// (x right, y down, z ahead) it is (1, -0.5, 2): u = 50.5 · 1/2 + 50 = 75.25 and
  /// v = 50.5 · (−0.5/2) + 50 = 37.375.
  static let camera = Camera(
    intrinsics: CameraIntrinsics(fieldOfView: 90, width: 101, height: 101), near: 0.05, far: 20,
    mount: .world(Camera.lookAt(eye: .zero, target: Vector3(1, 0, 0))))

  @Test func aKnownPointProjectsToTheHandComputedPixel() throws {
    let k = Self.camera.intrinsics
    #expect(abs(k.fx - 50.5) < 1e-12 && abs(k.fy - 50.5) < 1e-12 && k.cx == 50 && k.cy == 50)
    let pose = try Self.camera.pose(in: PoseSnapshot())
    let p = try #require(Self.camera.project(Vector3(2, -1, 0.5), from: pose))
    #expect(abs(p.u - 75.25) < 1e-9)
    #expect(abs(p.v - 37.375) < 1e-9)
    #expect(abs(p.depth - 2) < 1e-12)
    #expect(Self.camera.project(Vector3(-2, 0, 0), from: pose) == nil)
  }

  @Test func aSmallSphereAtThePointIsDrawnAtThatPixel() throws {
    var model = RenderModel(lights: [], ambient: 1)
    let radius = 0.05
    let id = try model.add(
      Drawable(name: "ball", pose: Pose(position: Vector3(2, -1, 0.5)), geometry: .sphere(radius: radius)))
    let frame = try Renderer(model: model).render(camera: Self.camera, poses: PoseSnapshot())
    let seg = try #require(frame.segmentation)
    let depth = try #require(frame.depth)
    #expect(seg[75, 37, 0] == id)
    // The ray through pixel (75, 37) meets the sphere (centre (1, -0.5, 2) in the optical frame)
    // at depth t with |t·ray − c| = r; the 24-segment sphere is within 1 mm of the true one there.
    let ray = Self.camera.ray(u: 75, v: 37)
    let c = Vector3(1, -0.5, 2)
    let (a, b, cc) = (ray.dot(ray), ray.dot(c), c.dot(c) - radius * radius)
    let t = (b - (b * b - a * cc).squareRoot()) / a
    #expect(abs(Double(depth[75, 37, 0]) - t) < 0.001)
    // The mirrored pixels (wrong axis signs) must be empty.
    #expect(seg[25, 37, 0] == 0 && seg[75, 63, 0] == 0 && seg[25, 63, 0] == 0)
    // The sphere's image is a disc of radius ≈ 50.5 · 0.05 / 2 ≈ 1.3 pixels around (75.25, 37.375).
    let hits = seg.pixels.enumerated().filter { $0.element == id }.map { (Double($0.offset % 101), Double($0.offset / 101)) }
    #expect(hits.count >= 3 && hits.allSatisfy { abs($0.0 - 75.25) <= 1.6 && abs($0.1 - 37.375) <= 1.6 })
  }

  @Test func fieldOfViewAndIntrinsicsFromASceneCamera() {
    let spec = CameraSpec(name: "c", position: Vector3(1, 0, 0), target: .zero, fieldOfView: 60, width: 64, height: 48)
    let cam = Camera(spec: spec)
    #expect(abs(cam.intrinsics.fy - 24 / (30.0 * .pi / 180).tan) < 1e-12)
    #expect(cam.intrinsics.cx == 31.5 && cam.intrinsics.cy == 23.5)
    #expect(abs(cam.intrinsics.verticalFieldOfView - 60) < 1e-9)
    // Half the resolution: focal lengths halve and the principal point stays at the centre.
    let half = Camera(spec: spec, width: 32, height: 24).intrinsics
    #expect(abs(half.fy - cam.intrinsics.fy / 2) < 1e-12 && half.cx == 15.5 && half.cy == 11.5)
    var explicit = spec
    explicit.intrinsics = CameraSpec.Intrinsics(fx: 100, fy: 110, cx: 30, cy: 20)
    let k = Camera(spec: explicit).intrinsics
    #expect(k.fx == 100 && k.fy == 110 && k.cx == 30 && k.cy == 20)
  }

  @Test func lookAtBuildsARightHandedOpticalFrame() {
    let pose = Camera.lookAt(eye: Vector3(0, 0, 2), target: .zero, up: Vector3(0, 0, 1))  // straight down
    let m = pose.orientation.matrix
    let (x, y, z) = (m.column(0), m.column(1), m.column(2))
    #expect((z - Vector3(0, 0, -1)).length < 1e-12)
    #expect(abs(x.dot(y)) < 1e-12 && (x.cross(y) - z).length < 1e-12)
    let level = Camera.lookAt(eye: .zero, target: Vector3(1, 0, 0)).orientation.matrix
    #expect((level.column(0) - Vector3(0, -1, 0)).length < 1e-12)  // image right
    #expect((level.column(1) - Vector3(0, 0, -1)).length < 1e-12)  // image down
  }

  @Test func anAttachedCameraRidesOnItsFrame() throws {
    var model = RenderModel()
    try model.add(Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0), color: .named["gray"]!))
    try model.add(Drawable(name: "box", frame: "box", geometry: .box(size: Vector3(0.2, 0.2, 0.2)), color: .named["red"]!))
    let k = CameraIntrinsics(fieldOfView: 60, width: 40, height: 30)
    let offset = Camera.lookAt(eye: Vector3(0.8, -0.5, 0.6), target: .zero)
    let link = Pose(position: Vector3(0.3, 0.1, 0.1), orientation: Quaternion(axis: Vector3(0, 0, 1), angle: 0.7))
    let poses = PoseSnapshot(["link": link, "box": Pose(position: Vector3(0.3, 0.1, 0.1))])
    let renderer = Renderer(model: model)
    let attached = try renderer.render(
      camera: Camera(intrinsics: k, mount: .attached(frame: "link", offset: offset)), poses: poses)
    let fixed = try renderer.render(camera: Camera(intrinsics: k, mount: .world(link * offset)), poses: poses)
    #expect(attached == fixed)
    #expect(Set(attached.segmentation!.pixels).isSuperset(of: [1, 2]))
    #expect(throws: RenderError.unknownFrame("wrist", user: "camera 'camera'")) {
      try renderer.render(camera: Camera(intrinsics: k, mount: .attached(frame: "wrist", offset: offset)), poses: poses)
    }
  }
}
