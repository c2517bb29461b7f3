import ArmatureCore
import Foundation
import Testing
import _TestSupport

@Suite struct OutputTests {
  @Test func jsonKeepsKeyOrderAndRoundTripsNumbers() throws {
    let value = JSONValue.object([
      ("z", .integer(1)), ("a", .numbers([0.1, -2, 1e-7])), ("s", .string("quote \" and\nnewline")),
      ("n", .number(.nan)),
    ])
    let text = value.serialized()
    #expect(text == #"{"z":1,"a":[0.1,-2,1e-07],"s":"quote \" and\nnewline","n":null}"#)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect((parsed["a"] as? [Double]) == [0.1, -2, 1e-7])
  }

  @Test func locatedErrorFormat() {
    let e = LocatedError(file: "Scenes/x.yaml", line: 14, context: "objects[2].size", message: "expected 3 positive numbers")
    #expect(e.description == "Scenes/x.yaml:14: objects[2].size: expected 3 positive numbers")
    #expect(LocatedError(file: "a.urdf", message: "no such file").description == "a.urdf: no such file")
  }

  @Test func atomicWriteReplacesWholeFiles() throws {
    let folder = URL(fileURLWithPath: try temporaryDirectory("atomic"))
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("deep/file.txt").path
    try AtomicFile.write("first", to: path)
    try AtomicFile.write("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("deep").path)
    #expect(leftovers == ["file.txt"])
  }

  @Test func channelFirstFloats() {
    let image = RGBImage(width: 2, height: 1, channels: 3, pixels: [255, 0, 51, 0, 255, 102])
    #expect(image.channelFirstFloats() == [1, 0, 0, 1, 0.2, 0.4])
  }
}

@Suite struct ProgressBarTests {
  @Test func showsRateAndETA() {
    let bar = ProgressBar(total: 10_000, unit: "steps")
    let text = bar.line(5_000, elapsed: 2, extra: [("success", "0.83")])
    #expect(text.contains(" 50% 5000/10.0k steps"))
    #expect(text.contains("2500 steps/s"))
    #expect(text.contains("ETA 0:02"))
    #expect(text.hasSuffix("success 0.83"))
    // After a resume the rate counts only the new work.
    let resumed = ProgressBar(total: 10_000, unit: "steps", start: 4_000)
    #expect(resumed.line(5_000, elapsed: 1).contains("1000 steps/s"))
  }
}
