import ArmatureCore
import EnvInterface
import Foundation
import Randomization
import Rendering
import SceneDescription
import Tasks
import Testing
import _TestSupport

/// A parameter pinned to one value (a one-value choice), applied as `apply`.
private func pinned(_ name: String, _ value: Double, apply: ApplyMode = .absolute, every: DrawSchedule = .episode)
  -> ParameterRandomization
{
  ParameterRandomization(name: name, distribution: .choice(values: [value], weights: []), apply: apply, every: every)
}

/// `cube-push` with only `parameters` randomized (so the state is the same whatever they are),
/// and images from `cameras`.
private func cubePush(
  _ parameters: [ParameterRandomization], cameras: [String] = ["task"], kinds: [ImageKind] = [.rgb, .segmentation],
  width: Int = 64, height: Int = 64
) throws -> any TaskEnvironment {
  try TaskRegistry.make(
    "cube-push",
    options: TaskOptions(
      randomization: RandomizationSpec(parameters: parameters), cameras: cameras, imageKinds: kinds, imageWidth: width,
      imageHeight: height))
}

/// Pixel indices whose segmentation is the scene element `name`.
private func pixels(of name: String, _ obs: Observation, _ env: any TaskEnvironment, camera: String = "task") throws -> [Int] {
  let id = try #require(try env.segmentationTable().id(of: name), "no segmentation id for '\(name)'")
  let seg = try #require(obs.segmentation[camera])
  return seg.pixels.indices.filter { seg.pixels[$0] == id }
}

/// The mean RGB of `indices` (all pixels when nil).
private func meanRGB(_ image: RGBImage, _ indices: [Int]? = nil) -> SIMD3<Double> {
  let chosen = indices ?? Array(0..<(image.width * image.height))
  var sum = SIMD3<Double>.zero
  for i in chosen {
    sum += SIMD3(Double(image.pixels[3 * i]), Double(image.pixels[3 * i + 1]), Double(image.pixels[3 * i + 2]))
  }
  return sum / Double(max(1, chosen.count))
}

/// The centroid (u, v) of pixel indices in an image `width` wide.
private func centroid(_ indices: [Int], width: Int) -> SIMD2<Double> {
  var s = SIMD2<Double>.zero
  for i in indices { s += SIMD2(Double(i % width), Double(i / width)) }
  return s / Double(max(1, indices.count))
}

/// The cube's position from an observation vector.
private func cubePosition(_ env: any TaskEnvironment, _ obs: Observation) throws -> Vector3 {
  let r = try #require(env.observationSpace.range(of: "cube_position"))
  return Vector3(obs.vector[r.lowerBound], obs.vector[r.lowerBound + 1], obs.vector[r.lowerBound + 2])
}

/// The cube scene's task camera as declared, at `size` × `size`.
private func taskCameraSpec() throws -> CameraSpec {
  let scene = try Scene.load(file: packagePath("Scenes/tasks/cube.yaml"))
  return try #require(scene.cameras.first { $0.name == "task" })
}

/// Visual domain randomization: each visual parameter moves the rendered pixels the way it should,
/// draws come from the environment's seeded streams, and images in observations are what was asked for.
@Suite struct VisualRandomizationTests {
  @Test func aBrighterLightGivesABrighterImage() throws {
    func meanIntensity(_ intensity: Double) throws -> Double {
      let env = try cubePush([pinned("light.intensity", intensity)], kinds: [.rgb])
      let rgb = try #require(try env.reset(seed: 4).0.images["task"])
      let m = meanRGB(rgb)
      return (m.x + m.y + m.z) / 3
    }
    let dim = try meanIntensity(0.3)
    let nominal = try meanIntensity(1.0)
    let bright = try meanIntensity(1.6)
    #expect(dim + 10 < nominal)
    #expect(nominal + 5 < bright)
  }

  @Test func theLightDirectionShadesTheTableTopByLambertsLaw() throws {
    // The table top (normal +z, albedo (0.62, 0.48, 0.33) in Scenes/tasks/cube.yaml) is flat
    // shaded: each channel is round(255 × albedo × (ambient 0.3 + intensity 1 × cos θ)), θ between
    // the normal and the direction towards the light. The sun travels along (−0.3, 0.2, −1);
    // offsetting every component by 0.9 makes it (0.6, 1.1, −0.1), almost grazing.
    let albedo = SIMD3<Double>(0.62, 0.48, 0.33)
    for offset in [0.0, 0.9] {
      let direction = Vector3(-0.3 + offset, 0.2 + offset, -1 + offset)
      let cosine = max(0, -direction.z / direction.length)
      let light = 0.3 + cosine
      let expected = (albedo * light * 255).rounded(.toNearestOrAwayFromZero)
      let env = try cubePush([pinned("light.direction", offset, apply: .offset)])
      let (obs, _) = try env.reset(seed: 4)
      let rgb = try #require(obs.images["task"])
      // The top is the table's most common color (the sides are narrower from this camera).
      var counts: [SIMD3<Double>: Int] = [:]
      for i in try pixels(of: "table", obs, env) {
        counts[SIMD3(Double(rgb.pixels[3 * i]), Double(rgb.pixels[3 * i + 1]), Double(rgb.pixels[3 * i + 2])), default: 0] += 1
      }
      let top = try #require(counts.max { $0.value < $1.value }?.key)
      let d = top - expected
      #expect(max(abs(d.x), abs(d.y), abs(d.z)) <= 1, "offset \(offset): table top \(top), expected \(expected)")
    }
  }

  @Test func aColorDrawShowsInTheObjectsPixels() throws {
    // Each component of `cube.color` is drawn on its own, uniform in [0.05, 0.6] (low enough that
    // no channel saturates); under white light the cube's mean pixel is proportional to it.
    let spec = [ParameterRandomization(name: "cube.color", distribution: .uniform(low: 0.05, high: 0.6), apply: .absolute)]
    let env = try cubePush(spec, width: 128, height: 128)
    var replay = try Randomizer(spec: RandomizationSpec(parameters: spec), catalogue: env.randomizableParameters, seed: 0)
    for seed: UInt64 in [5, 6, 7] {
      let (obs, _) = try env.reset(seed: seed)
      replay.reseed(seed)
      replay.beginEpisode()
      let drawn = replay.value("cube.color")
      let cube = try pixels(of: "cube", obs, env)
      #expect(cube.count > 20)
      let m = meanRGB(try #require(obs.images["task"]), cube)
      let expected = SIMD3(drawn[0], drawn[1], drawn[2])
      let cosine = (m * expected).sum() / ((m * m).sum() * (expected * expected).sum()).squareRoot()
      #expect(cosine > 0.999, "cube pixels \(m) against the drawn color \(drawn)")
    }
  }

  @Test func aTextureDrawCoversTheTable() throws {
    func distinctTableColors(_ texture: Double) throws -> Int {
      let env = try cubePush([pinned("table.texture", texture)], width: 96, height: 96)
      let (obs, _) = try env.reset(seed: 4)
      let rgb = try #require(obs.images["task"])
      var colors = Set<[UInt8]>()
      for i in try pixels(of: "table", obs, env) { colors.insert(Array(rgb.pixels[3 * i..<3 * i + 3])) }
      return colors.count
    }
    // A plain table shows one shade per visible face; the checker texture (k = 2) many.
    #expect(try distinctTableColors(0) <= 4)
    #expect(try distinctTableColors(2) >= 30)
  }

  @Test func aNarrowerFieldOfViewAndABiggerCubeCoverMorePixels() throws {
    func cubeArea(_ parameters: [ParameterRandomization]) throws -> Int {
      let env = try cubePush(parameters, width: 200, height: 200)
      let (obs, _) = try env.reset(seed: 4)
      let cube = try pixels(of: "cube", obs, env)
      // The cube is fully inside the frame.
      #expect(!cube.contains { $0 % 200 == 0 || $0 % 200 == 199 || $0 < 200 || $0 >= 199 * 200 })
      return cube.count
    }
    // A small object's area goes as the focal length squared: (tan 22.5° / tan 11.25°)² = 4.33.
    let wide = try cubeArea([pinned("camera.task.fov", 45)])
    let narrow = try cubeArea([pinned("camera.task.fov", 22.5)])
    let ratio = Double(narrow) / Double(wide)
    #expect(abs(ratio - 4.33) < 0.45, "area ratio \(ratio) (\(narrow) / \(wide) pixels)")
    // The drawn cube follows `cube.size`: 7 cm against 5 cm is (7/5)² = 1.96 times the area.
    let big = try cubeArea([pinned("camera.task.fov", 22.5), pinned("cube.size", 0.07)])
    let sizeRatio = Double(big) / Double(narrow)
    #expect(abs(sizeRatio - 1.96) < 0.25, "area ratio \(sizeRatio)")
  }

  @Test func cameraPositionAndRotationMoveTheImageAsProjectionPredicts() throws {
    // The centroid of the cube's pixels moves by what projecting the cube's centre through the
    // nominal and the offset camera predicts (the same pinhole model, computed here by hand).
    let spec = try taskCameraSpec()
    let size = 160
    let camera = Camera(spec: spec, width: size, height: size)
    let nominalPose = Camera.lookAt(eye: spec.position, target: spec.target, up: spec.up)
    func measure(_ parameters: [ParameterRandomization]) throws -> (centroid: SIMD2<Double>, cube: Vector3) {
      let env = try cubePush(parameters, width: size, height: size)
      let (obs, _) = try env.reset(seed: 9)
      return (centroid(try pixels(of: "cube", obs, env), width: size), try cubePosition(env, obs))
    }
    func projected(_ p: Vector3, _ pose: Pose) throws -> SIMD2<Double> {
      let uv = try #require(camera.project(p, from: pose))
      return SIMD2(uv.u, uv.v)
    }
    let base = try measure([])
    let baseProjection = try projected(base.cube, nominalPose)

    // Position: the eye 6 cm further along each world axis.
    let moved = try measure([pinned("camera.task.position", 0.06, apply: .offset)])
    var movedPose = nominalPose
    movedPose.position += Vector3(0.06, 0.06, 0.06)
    let predictedShift = try projected(moved.cube, movedPose) - baseProjection
    let shift = moved.centroid - base.centroid
    #expect(((predictedShift * predictedShift).sum()).squareRoot() > 5, "the offset should move the cube visibly")
    #expect(((shift - predictedShift) * (shift - predictedShift)).sum().squareRoot() < 1.0, "shift \(shift), predicted \(predictedShift)")

    // Rotation: 0.03 rad about each optical axis.
    let turned = try measure([pinned("camera.task.rotation", 0.03, apply: .offset)])
    var turnedPose = nominalPose
    turnedPose.orientation = (nominalPose.orientation * Quaternion(rotationVector: Vector3(0.03, 0.03, 0.03))).normalized
    let predictedTurn = try projected(turned.cube, turnedPose) - baseProjection
    let turn = turned.centroid - base.centroid
    #expect(((predictedTurn * predictedTurn).sum()).squareRoot() > 5)
    #expect(((turn - predictedTurn) * (turn - predictedTurn)).sum().squareRoot() < 1.0, "shift \(turn), predicted \(predictedTurn)")
  }

  @Test func imageNoiseHasTheConfiguredStandardDeviation() throws {
    let sigma = 8.0
    let clean = try cubePush([], kinds: [.rgb], width: 96, height: 96)
    let noisy = try cubePush([pinned("image.noise", sigma)], kinds: [.rgb], width: 96, height: 96)
    let a = try #require(try clean.reset(seed: 2).0.images["task"])
    let (first, _) = try noisy.reset(seed: 2)
    let b = try #require(first.images["task"])
    // Only components far from 0 and 255, where clamping cannot cut the noise off.
    var differences: [Double] = []
    for i in a.pixels.indices where (40...215).contains(a.pixels[i]) {
      differences.append(Double(b.pixels[i]) - Double(a.pixels[i]))
    }
    #expect(differences.count > 10_000)
    let mean = differences.reduce(0, +) / Double(differences.count)
    let std = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(differences.count)).squareRoot()
    // Rounding to whole levels adds a variance of 1/12.
    let expected = (sigma * sigma + 1.0 / 12).squareRoot()
    #expect(abs(mean) < 0.25, "noise mean \(mean)")
    #expect(abs(std - expected) < 0.25, "noise std \(std), expected \(expected)")
    // Fresh noise every step, over an unchanged view of the scene's static parts.
    let next = try #require(try noisy.step([0, 0, 0, 0]).observation.images["task"])
    #expect(next != b)
  }

  @Test func nominalValuesComeBackBetweenEpisodes() throws {
    // The light's intensity and the table's color are drawn per episode, each from {nominal,
    // another value}: episodes that draw both nominal values render bit-identically to an
    // environment without visual randomization, whatever the episodes before them drew.
    let spec = [
      ParameterRandomization(name: "light.intensity", distribution: .choice(values: [1, 0.3], weights: []), apply: .scale),
      ParameterRandomization(name: "table.color", distribution: .choice(values: [1, 1.4], weights: []), apply: .scale),
    ]
    let randomized = try cubePush(spec, kinds: [.rgb])
    let plain = try cubePush([], kinds: [.rgb])
    // The draws, replayed from the same seed with the public Randomizer.
    var draws = try Randomizer(spec: RandomizationSpec(parameters: spec), catalogue: randomized.randomizableParameters, seed: 0)
    draws.reseed(21)
    var nominalAfterRandomized = 0
    var previousRandomized = false
    for episode in 0..<10 {
      let seed: UInt64? = episode == 0 ? 21 : nil
      let a = try #require(try randomized.reset(seed: seed).0.images["task"])
      let b = try #require(try plain.reset(seed: seed).0.images["task"])
      draws.beginEpisode()
      let dimmed = draws.scalar("light.intensity") != 1
      let tinted = draws.value("table.color") != [0.62, 0.48, 0.33]
      if !dimmed && !tinted {
        #expect(a == b, "episode \(episode) drew nominal values but renders differently")
        if previousRandomized { nominalAfterRandomized += 1 }
      } else {
        #expect(a != b, "episode \(episode) drew other values but renders nominally")
      }
      if dimmed { #expect(meanRGB(a).sum() < meanRGB(b).sum() - 30, "episode \(episode): a dimmer light darkens the image") }
      previousRandomized = dimmed || tinted
    }
    #expect(nominalAfterRandomized >= 1, "the seed should give a nominal episode after a randomized one")
  }

  @Test func theSameSeedGivesBitIdenticalImages() throws {
    let spec = [
      ParameterRandomization(name: "cube.color", distribution: .uniform(low: 0, high: 1), apply: .absolute),
      ParameterRandomization(name: "table.color", distribution: .uniform(low: 0.7, high: 1.3)),
      ParameterRandomization(name: "table.texture", distribution: .choice(values: [0, 1, 2, 3, 4], weights: []), apply: .absolute),
      ParameterRandomization(name: "light.direction", distribution: .uniform(low: -0.3, high: 0.3), apply: .offset),
      ParameterRandomization(name: "light.intensity", distribution: .uniform(low: 0.7, high: 1.3), every: .step),
      ParameterRandomization(name: "camera.task.position", distribution: .normal(mean: 0, standardDeviation: 0.02), apply: .offset),
      ParameterRandomization(name: "camera.wrist.rotation", distribution: .normal(mean: 0, standardDeviation: 0.02), apply: .offset),
      ParameterRandomization(name: "camera.task.fov", distribution: .uniform(low: 0.9, high: 1.1)),
      ParameterRandomization(name: "image.noise", distribution: .uniform(low: 1, high: 4), apply: .absolute),
      pinned("image.latency", 2),
    ]
    func run(seed: UInt64) throws -> [Observation] {
      let env = try cubePush(spec, cameras: ["task", "wrist"], kinds: [.rgb, .depth, .segmentation], width: 48, height: 40)
      var out = [try env.reset(seed: seed).0]
      for k in 0..<4 { out.append(try env.step([0.5, -0.5, Double(k) / 4 - 0.5, 0]).observation) }
      out.append(try env.reset(seed: nil).0)
      return out
    }
    let a = try run(seed: 31)
    let b = try run(seed: 31)
    #expect(a == b)
    let c = try run(seed: 32)
    #expect(a[0].images["task"] != c[0].images["task"])
    #expect(a[0].images["wrist"] != c[0].images["wrist"])
    // A saved state continues with the same images (draws, noise stream and all) in another copy.
    let first = try cubePush(spec, cameras: ["task", "wrist"], kinds: [.rgb, .depth, .segmentation], width: 48, height: 40)
    _ = try first.reset(seed: 31)
    _ = try first.step([0.5, -0.5, -0.5, 0])
    let saved = try #require(first.saveState())
    let second = try cubePush(spec, cameras: ["task", "wrist"], kinds: [.rgb, .depth, .segmentation], width: 48, height: 40)
    _ = try second.reset(seed: 99)
    try second.restoreState(saved)
    for k in 1..<4 {
      let action = [0.5, -0.5, Double(k) / 4 - 0.5, 0]
      #expect(try first.step(action).observation == second.step(action).observation, "step \(k) after the restore")
    }
  }

  @Test func imageLatencyDelaysTheImagesAndNotTheVector() throws {
    let delayed = try cubePush([pinned("image.latency", 2)], kinds: [.rgb, .depth, .segmentation], width: 32, height: 32)
    let current = try cubePush([], kinds: [.rgb, .depth, .segmentation], width: 32, height: 32)
    var a = [try delayed.reset(seed: 8).0]
    var b = [try current.reset(seed: 8).0]
    for k in 0..<6 {
      let action = [Double(k % 3) - 1, 0.5, -0.5, 0]
      a.append(try delayed.step(action).observation)
      b.append(try current.step(action).observation)
    }
    for k in a.indices {
      #expect(a[k].vector == b[k].vector)
      let j = max(0, k - 2)
      #expect(a[k].images == b[j].images && a[k].depth == b[j].depth && a[k].segmentation == b[j].segmentation, "observation \(k)")
    }
    // The arm moved, so the delay is visible.
    #expect(b[6].images != b[4].images)
  }

  @Test func observationsCarryTheRequestedImagesWithSceneSegmentation() throws {
    let env = try cubePush([], cameras: ["task", "wrist"], kinds: [.rgb, .depth, .segmentation], width: 72, height: 48)
    #expect(env.cameraNames == ["task", "wrist"])
    let (first, _) = try env.reset(seed: 3)
    let step = try env.step([0, 0, 0, 0]).observation
    let table = try env.segmentationTable()
    for obs in [first, step] {
      #expect(Set(obs.images.keys) == ["task", "wrist"])
      #expect(Set(obs.depth.keys) == ["task", "wrist"])
      #expect(Set(obs.segmentation.keys) == ["task", "wrist"])
      for camera in ["task", "wrist"] {
        let rgb = try #require(obs.images[camera])
        let depth = try #require(obs.depth[camera])
        let seg = try #require(obs.segmentation[camera])
        #expect((rgb.width, rgb.height, rgb.channels) == (72, 48, 3))
        #expect((depth.width, depth.height, depth.channels) == (72, 48, 1))
        #expect((seg.width, seg.height, seg.channels) == (72, 48, 1))
        // Every id names a scene element: background, floor, table, cube, a robot link or the
        // target marker.
        for id in Set(seg.pixels) {
          let name = try #require(table.name(of: id), "segmentation id \(id) has no name")
          #expect(
            ["background", "floor", "table", "cube", "target-marker"].contains(name) || name.hasPrefix("ur5e/"),
            "unexpected segmentation name '\(name)'")
        }
      }
    }
    // The task camera sees the table, the cube and the arm; the cube's depth is its distance
    // along the camera axis (within its half-size).
    let seg = try #require(first.segmentation["task"])
    let names = Set(seg.pixels.compactMap { table.name(of: $0) })
    #expect(names.isSuperset(of: ["table", "cube", "floor"]))
    #expect(names.contains { $0.hasPrefix("ur5e/") })
    let spec = try taskCameraSpec()
    let pose = Camera.lookAt(eye: spec.position, target: spec.target, up: spec.up)
    let cubeZ = pose.inverse.transform(try cubePosition(env, first)).z
    let depth = try #require(first.depth["task"])
    let cubePixels = try pixels(of: "cube", first, env)
    #expect(!cubePixels.isEmpty)
    for i in cubePixels { #expect(abs(Double(depth.pixels[i]) - cubeZ) < 0.045) }
    // The wrist camera rides on the gripper: it sees the gripper's own links.
    let wrist = Set(try #require(first.segmentation["wrist"]).pixels.compactMap { table.name(of: $0) })
    #expect(wrist.contains { $0.hasPrefix("ur5e/") })
  }

  /// Every task with a scene gives images from both its cameras under a wide visual
  /// randomization of every visual parameter it has; the physics-free task refuses cameras.
  @Test(arguments: TaskRegistry.names)
  func everyTaskRendersItsCamerasUnderVisualRandomization(task: String) throws {
    let probe = try TaskRegistry.make(task)
    guard !probe.cameraNames.isEmpty else {
      #expect(throws: (any Error).self) { _ = try TaskRegistry.make(task, options: TaskOptions(cameras: ["task"])) }
      return
    }
    var parameters: [ParameterRandomization] = []
    for p in probe.randomizableParameters {
      let name = p.name
      if name.hasSuffix(".color") {
        parameters.append(.init(name: name, distribution: .uniform(low: 0, high: 1), apply: .absolute))
      } else if name.hasSuffix(".texture") {
        parameters.append(.init(name: name, distribution: .choice(values: [0, 1, 2, 3, 4], weights: []), apply: .absolute))
      } else if name.hasPrefix("light.") || name.hasSuffix(".fov") {
        parameters.append(.init(name: name, distribution: .uniform(low: 0.5, high: 1.5), every: .step))
      } else if name.hasPrefix("camera.") {
        parameters.append(.init(name: name, distribution: .normal(mean: 0, standardDeviation: 0.05), apply: .offset))
      } else if name == "image.noise" {
        parameters.append(.init(name: name, distribution: .uniform(low: 0, high: 10), apply: .absolute, every: .step))
      }
    }
    #expect(parameters.count >= 12)
    let env = try TaskRegistry.make(
      task,
      options: TaskOptions(
        randomization: RandomizationSpec(parameters: parameters), cameras: probe.cameraNames,
        imageKinds: [.rgb, .depth, .segmentation], imageWidth: 32, imageHeight: 24))
    var rng = RandomStream(seed: 5)
    var observations = [try env.reset(seed: 5).0]
    for _ in 0..<3 { observations.append(try env.step(env.actionSpace.sample(using: &rng)).observation) }
    let names = try env.segmentationTable()
    for obs in observations {
      for camera in probe.cameraNames {
        let rgb = try #require(obs.images[camera])
        #expect((rgb.width, rgb.height, rgb.channels) == (32, 24, 3))
        #expect(try #require(obs.depth[camera]).pixels.allSatisfy { $0 > 0 })
        #expect(try #require(obs.segmentation[camera]).pixels.allSatisfy { names.name(of: $0) != nil })
      }
    }
  }

  @Test func badCameraRequestsAreRefusedWithTheirReason() throws {
    #expect {
      _ = try cubePush([], cameras: ["front"])
    } throws: { error in
      "\(error)".contains("unknown camera 'front'") && "\(error)".contains("task, wrist")
    }
    #expect {
      _ = try cubePush([], width: 0)
    } throws: { error in "\(error)".contains("imageWidth") }
    #expect {
      _ = try cubePush([], kinds: [])
    } throws: { error in "\(error)".contains("image kinds") }
  }
}
