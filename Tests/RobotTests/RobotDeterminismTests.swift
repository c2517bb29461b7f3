import ArmatureCore
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct RobotDeterminismTests {
  /// The same seed and commands give bit-identical states, and a restored state continues
  /// bit for bit, with the arm moving the cube through contacts.
  @Test func sameSeedSameBitsAndRestoreContinues() throws {
    let scene = try packageScene("ur5e-gripper-cube.yaml")
    func run(_ world: World, from: Int, to: Int) throws {
      let id = world.robot(named: "ur5e")!
      for step in from..<to {
        var targets = world.robot(id).model.clamped([-0.27, -1.51, 1.94, -2.0, -1.57, 1.30, 0.04])
        targets[1] += 0.2 * Double(step) / 600  // lower the arm onto the cube
        targets[6] = step > 300 ? 0 : 0.04
        try world.setRobotCommand(id, .position(targets: targets, efforts: [150, 150, 150, 28, 28, 28, 80]))
        try world.step()
      }
    }
    let a = try World(scene: scene, seed: 5)
    let b = try World(scene: scene, seed: 5)
    try run(a, from: 0, to: 300)
    let middle = a.state()
    try run(a, from: 300, to: 600)
    try run(b, from: 0, to: 600)
    #expect(a.state().isBitwiseEqual(to: b.state()))
    let c = try World(scene: scene, seed: 5)
    try c.restore(middle)
    try run(c, from: 300, to: 600)
    #expect(c.state().isBitwiseEqual(to: a.state()))
    #expect(a.contactCount > 0)
  }
}
