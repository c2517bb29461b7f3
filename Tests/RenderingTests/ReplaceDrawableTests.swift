import ArmatureCore
import Rendering
import SceneDescription
import Testing

/// `RenderModel.replace(drawableAt:with:)`: a drawable changed in place (another color, size or
/// texture) keeps its segmentation id and drawing order, and renders as a model built with it.
@Suite struct ReplaceDrawableTests {
  @Test func aReplacedDrawableRendersLikeAModelBuiltWithIt() throws {
    let camera = Camera(
      intrinsics: CameraIntrinsics(fieldOfView: 50, width: 40, height: 30),
      mount: .world(Camera.lookAt(eye: Vector3(0.6, -0.4, 0.5), target: .zero)))
    let ground = Drawable(name: "ground", geometry: .plane(normal: Vector3(0, 0, 1), offset: 0))
    let small = Drawable(name: "box", pose: Pose(position: Vector3(0, 0, 0.05)), geometry: .box(size: Vector3(repeating: 0.1)))
    var big = small
    big.geometry = .box(size: Vector3(repeating: 0.16))
    big.color = Color(red: 0.1, green: 0.3, blue: 0.9)
    var texturedGround = ground
    texturedGround.texture = Texture(
      RGBImage(width: 2, height: 2, channels: 3, pixels: [255, 255, 255, 0, 0, 0, 0, 0, 0, 255, 255, 255]))
    texturedGround.textureScale = 0.05

    var model = RenderModel()
    try model.add(ground)
    let id = try model.add(small)
    try model.replace(drawableAt: 1, with: big)
    try model.replace(drawableAt: 0, with: texturedGround)
    #expect(model.segmentationID(ofDrawable: 1) == id)
    #expect(model.drawables == [texturedGround, big])

    var direct = RenderModel()
    try direct.add(texturedGround)
    try direct.add(big)
    let replaced = try Renderer(model: model).render(camera: camera, poses: PoseSnapshot())
    let built = try Renderer(model: direct).render(camera: camera, poses: PoseSnapshot())
    #expect(replaced == built)
    // And it differs from the original: the bigger box covers more pixels.
    var original = RenderModel()
    try original.add(ground)
    try original.add(small)
    let before = try #require(try Renderer(model: original).render(camera: camera, poses: PoseSnapshot()).segmentation)
    let after = try #require(replaced.segmentation)
    #expect(after.pixels.filter { $0 == id }.count > before.pixels.filter { $0 == id }.count + 20)
  }

  @Test func aReplacementMustKeepItsNameAndIndex() throws {
    var model = RenderModel()
    try model.add(Drawable(name: "box", geometry: .box(size: Vector3(repeating: 0.1))))
    #expect(throws: RenderError.self) { try model.replace(drawableAt: 0, with: Drawable(name: "other", geometry: .sphere(radius: 1))) }
    #expect(throws: RenderError.self) { try model.replace(drawableAt: 3, with: Drawable(name: "box", geometry: .sphere(radius: 1))) }
    #expect(throws: RenderError.self) { try model.replace(drawableAt: 0, with: Drawable(name: "box", geometry: .sphere(radius: -1))) }
    #expect(model.drawables.count == 1)
  }
}
