import ArmatureCore
import Foundation
import Rendering
import Testing

/// Golden images: compared exactly with `Snapshots/NAME.png`, rewritten only when the environment
/// has `RECORD_SNAPSHOTS=1`.
enum Snapshot {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots").path
  static let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"

  static func check(_ image: RGBImage, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = folder + "/" + name + ".png"
    if recording {
      try PNG.write(image, to: path)
      return
    }
    guard FileManager.default.fileExists(atPath: path) else {
      Issue.record("missing golden image \(path); run the tests with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
      return
    }
    let expected = try PNG.readRGB(file: path)
    guard expected != image else { return }
    let actual = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).actual.png").path
    try PNG.write(image, to: actual)
    var differing = 0
    if expected.width == image.width && expected.height == image.height {
      for i in 0..<(image.width * image.height) where (0..<3).contains(where: { expected.pixels[3 * i + $0] != image.pixels[3 * i + $0] }) {
        differing += 1
      }
    }
    Issue.record(
      "\(name): the image differs from \(path) (\(image.width)×\(image.height) vs \(expected.width)×\(expected.height), \(differing) pixels differ); this render is at \(actual)",
      sourceLocation: sourceLocation)
  }
}

/// Files of the repository.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static func path(_ relative: String) -> String { root + "/" + relative }
}
