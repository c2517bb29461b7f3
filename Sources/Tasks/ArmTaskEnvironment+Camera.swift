import ArmatureCore
import EnvInterface
import Foundation
import Physics
import Randomization
import Rendering
import SceneDescription

extension ArmTaskEnvironment {
  /// The task camera (the scene camera named `task`, else its first) with this episode's visual
  /// randomization but no image noise, so that recording frames draws nothing from the
  /// environment's streams.
  func renderTaskCamera(width: Int, height: Int) throws -> RGBImage {
    let cameras = try sceneCameras()
    guard let name = (cameras.spec(named: "task") ?? cameras.specs.first)?.name else {
      throw TaskCameraUnavailable(task: Task.description.name)
    }
    let randomizer = self.randomizer
    try cameras.apply(randomizer.value, world: cell.world)
    let camera = try cameras.camera(name, width: width, height: height, randomizer.value)
    guard let rgb = try cameras.render(camera, world: cell.world, target: task.targetMarker, outputs: .rgb).rgb else {
      throw TaskCameraUnavailable(task: Task.description.name)
    }
    return rgb
  }

  var cameraNames: [String] { cell.scene.cameras.map(\.name) }

  func segmentationTable() throws -> SegmentationTable { try sceneCameras().segmentation }

  /// The images of `options.cameras` for the current state, with the visual randomization and
  /// `image.noise` (drawn from `imageStream`).
  func observationImages(noise: inout RandomStream) throws -> ObservationImages {
    var images = ObservationImages()
    guard !options.cameras.isEmpty else { return images }
    let cameras = try sceneCameras()
    let randomizer = self.randomizer
    try cameras.apply(randomizer.value, world: cell.world)
    var outputs: RenderOutputs = []
    for kind in options.imageKinds {
      switch kind {
      case .rgb: outputs.insert(.rgb)
      case .depth: outputs.insert(.depth)
      case .segmentation: outputs.insert(.segmentation)
      }
    }
    let sigma = randomizer.scalar(VisualParameters.imageNoise)
    for name in options.cameras {
      let camera = try cameras.camera(name, width: options.imageWidth, height: options.imageHeight, randomizer.value)
      let frame = try cameras.render(camera, world: cell.world, target: task.targetMarker, outputs: outputs)
      if var rgb = frame.rgb {
        ImageNoise.apply(to: &rgb, standardDeviation: sigma, stream: &noise)
        images.rgb[name] = rgb
      }
      images.depth[name] = frame.depth
      images.segmentation[name] = frame.segmentation
    }
    return images
  }
}

/// The camera images of one observation, by camera name (saved with an environment's state as
/// raw bytes).
struct ObservationImages: Codable {
  var rgb: [String: RGBImage] = [:]
  var depth: [String: DepthImage] = [:]
  var segmentation: [String: SegmentationImage] = [:]

  init() {}

  /// One image's size and its components' bytes (little-endian for depth and ids).
  private struct Stored: Codable {
    var width: Int
    var height: Int
    var channels: Int
    var bytes: Data
  }

  private enum CodingKeys: String, CodingKey { case rgb, depth, segmentation }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func images<T>(_ key: CodingKeys, _ size: Int, _ read: (UnsafeRawBufferPointer, Int) -> T) throws -> [String: Image<T>] {
      var out: [String: Image<T>] = [:]
      for (name, s) in try c.decode([String: Stored].self, forKey: key) {
        let count = s.width * s.height * s.channels
        guard s.width > 0, s.height > 0, s.channels > 0, s.bytes.count == count * size else {
          throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "image '\(name)' has the wrong size")
        }
        let pixels = s.bytes.withUnsafeBytes { raw in (0..<count).map { read(raw, $0) } }
        out[name] = Image(width: s.width, height: s.height, channels: s.channels, pixels: pixels)
      }
      return out
    }
    rgb = try images(.rgb, 1) { raw, i in raw[i] }
    depth = try images(.depth, 4) { raw, i in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
    segmentation = try images(.segmentation, 2) { raw, i in UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    func stored<T>(_ images: [String: Image<T>], _ bytes: (T) -> [UInt8]) -> [String: Stored] {
      images.mapValues { Stored(width: $0.width, height: $0.height, channels: $0.channels, bytes: Data($0.pixels.flatMap(bytes))) }
    }
    try c.encode(stored(rgb) { [$0] }, forKey: .rgb)
    try c.encode(
      stored(depth) { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }, forKey: .depth)
    try c.encode(stored(segmentation) { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }, forKey: .segmentation)
  }
}
