import ArmatureCore
import Kinematics
import Rendering
import SceneDescription
import Testing

/// The UR5e-with-gripper scene: link visuals from the URDF, posed by forward kinematics.
@Suite struct RobotRenderingTests {
  static let scene = try! Scene.load(file: Repository.path("Scenes/ur5e-gripper-cube.yaml"))

  /// Every link's world pose as `ROBOT/LINK` at the scene's initial joint positions, and the cube.
  static func poses() throws -> PoseSnapshot {
    let placement = scene.robots[0]
    let model = try KinematicModel(URDFLoader.load(file: scene.resolve(placement.urdf)))
    let q = model.variableNames.map { placement.initialJoints[$0] ?? 0 }
    var snapshot = PoseSnapshot(initialPosesOf: scene)
    for (name, pose) in zip(model.linkNames, model.linkPoses(q, base: placement.base)) {
      snapshot[placement.name + "/" + name] = pose
    }
    return snapshot
  }

  @Test func eachLinkWithVisualsGetsASegmentationId() throws {
    let model = try RenderModel(scene: Self.scene)
    #expect(
      model.segmentation.names == [
        "background", "floor", "table", "cube", "ur5e/base_link", "ur5e/shoulder_link", "ur5e/upper_arm_link",
        "ur5e/forearm_link", "ur5e/wrist_1_link", "ur5e/wrist_2_link", "ur5e/wrist_3_link", "ur5e/gripper_base",
        "ur5e/left_finger", "ur5e/right_finger",
      ])
    // Link visuals ride on their links.
    #expect(model.drawables.filter { $0.name.hasPrefix("ur5e/") }.allSatisfy { $0.frame == $0.name })
  }

  @Test func overheadGoldenImageShowsTheArm() throws {
    let model = try RenderModel(scene: Self.scene)
    let camera = Camera(spec: Self.scene.cameras[0])
    let frame = try Renderer(model: model, options: RenderOptions(shadows: true)).render(camera: camera, poses: Self.poses())
    let seen = Set(frame.segmentation!.pixels).compactMap { model.segmentation.name(of: $0) }
    for link in ["ur5e/gripper_base", "ur5e/forearm_link", "ur5e/left_finger", "cube"] { #expect(seen.contains(link)) }
    try Snapshot.check(frame.rgb!, named: "ur5e-gripper-cube")
  }

  /// The wrist camera rides on `ur5e/tcp` (a frame without visuals) and looks down between the
  /// open fingers at the cube 17.5 cm below.
  @Test func theWristCameraSeesTheCubeBetweenTheFingers() throws {
    let model = try RenderModel(scene: Self.scene)
    let wrist = try #require(Self.scene.cameras.first { $0.name == "wrist" })
    let seg = try #require(
      try Renderer(model: model).render(camera: Camera(spec: wrist, width: 64, height: 64), poses: Self.poses()).segmentation)
    let ids = Set(seg.pixels)
    for name in ["cube", "ur5e/left_finger", "ur5e/right_finger", "table"] {
      #expect(ids.contains(try #require(model.segmentation.id(of: name))), "\(name) should be in view")
    }
  }
}
