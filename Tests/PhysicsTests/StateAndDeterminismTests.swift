import ArmatureCore
import Dispatch
import Physics
import SceneDescription
import Testing
import _TestSupport

@Suite struct StateAndDeterminismTests {
  @Test func restoredStateContinuesBitwiseIdentically() throws {
    let world = try Fixtures.tumblingPile()
    try world.step(count: 300)
    let snapshot = world.state()
    try world.step(count: 400)
    let original = world.state()
    try world.restore(snapshot)
    #expect(world.state().isBitwiseEqual(to: snapshot))
    try world.step(count: 400)
    #expect(world.state().isBitwiseEqual(to: original))
  }

  @Test func restoringIntoAFreshWorldContinuesIdentically() throws {
    let a = try Fixtures.tumblingPile()
    try a.step(count: 250)
    let snapshot = a.state()
    try a.step(count: 300)
    let b = try Fixtures.tumblingPile(seed: 12345)
    try b.restore(snapshot)
    try b.step(count: 300)
    #expect(b.state().isBitwiseEqual(to: a.state()))
  }

  @Test func sameSeedGivesBitwiseIdenticalRuns() throws {
    let a = try Fixtures.tumblingPile(seed: 3)
    let b = try Fixtures.tumblingPile(seed: 3)
    try a.step(count: 800)
    try b.step(count: 800)
    #expect(a.state().isBitwiseEqual(to: b.state()))
  }

  @Test func theSeedReachesODE() throws {
    // Quickstep reorders constraints with ODE's random generator: another seed, another pile.
    let a = try Fixtures.tumblingPile(seed: 3)
    let b = try Fixtures.tumblingPile(seed: 4)
    try a.step(count: 800)
    try b.step(count: 800)
    #expect(!a.state().isBitwiseEqual(to: b.state()))
  }

  @Test func worldsOnDifferentThreadsStepIndependently() throws {
    // Reference: each pile stepped alone on this thread.
    let seeds: [UInt64] = [1, 2, 3, 4]
    let reference = try seeds.map { seed -> SimState in
      let w = try Fixtures.tumblingPile(seed: seed)
      try w.step(count: 600)
      return w.state()
    }
    // Now all four at once, interleaved on concurrent threads.
    let worlds = try seeds.map { try Fixtures.tumblingPile(seed: $0) }
    let results = ResultBox(count: worlds.count)
    DispatchQueue.concurrentPerform(iterations: worlds.count) { i in
      do {
        try worlds[i].step(count: 600)
        results.set(i, worlds[i].state())
      } catch {
        results.set(i, nil)
      }
    }
    for i in seeds.indices {
      let state = try #require(results.get(i))
      #expect(state.isBitwiseEqual(to: reference[i]), "world \(i) differs when stepped concurrently")
    }
  }

  @Test func stateHoldsJointControls() throws {
    let world = try World()
    let bob = try Fixtures.addSphere(world, name: "bob", radius: 0.01, mass: 1, at: Vector3(0.5, 0, 1))
    let hinge = try world.addJoint(
      JointSpec(name: "pivot", kind: .hinge, parent: nil, child: bob, anchor: Vector3(0, 0, 1), axis: Vector3(0, 1, 0)))
    try world.setControl(hinge, .position(target: 0.2, stiffness: 50, damping: 5, maxForce: 20))
    let snapshot = world.state()
    try world.step(count: 300)
    let expected = world.state()
    try world.setControl(hinge, .passive)
    try world.restore(snapshot)
    #expect(world.control(of: hinge) == .position(target: 0.2, stiffness: 50, damping: 5, maxForce: 20))
    try world.step(count: 300)
    #expect(world.state().isBitwiseEqual(to: expected))
  }
}

/// Collects per-thread results.
final class ResultBox: @unchecked Sendable {
  private var values: [SimState?]
  private let lock = NSLockLike()
  init(count: Int) { values = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ v: SimState?) { lock.sync { values[i] = v } }
  func get(_ i: Int) -> SimState? { lock.sync { values[i] } }
}

/// A minimal lock over a dispatch semaphore.
final class NSLockLike: @unchecked Sendable {
  private let semaphore = DispatchSemaphore(value: 1)
  func sync<T>(_ body: () -> T) -> T {
    semaphore.wait()
    defer { semaphore.signal() }
    return body()
  }
}
