import ArmatureCore
import Foundation
import NN
import Testing

private struct Meta: Codable, Equatable {
  var name: String
  var value: Double
  var seed: UInt64
}

@Suite struct ArchiveTests {
  private func path(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("armature-nn-\(getpid())-\(name)").path
  }

  @Test func roundTripIsBitExact() throws {
    let file = path("a.arch")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let values: [Float] = [1.5, -0.0, .leastNonzeroMagnitude, 3.1415927, .greatestFiniteMagnitude]
    let meta = Meta(name: "x", value: 0.1 + 0.2, seed: UInt64.max - 3)
    try ParameterArchive(kind: "test", metadata: meta, arrays: [("w", values), ("empty", [])]).write(to: file)
    let back = try ParameterArchive.read(from: file, kind: "test")
    #expect(try back.decodeMetadata(Meta.self, file: file) == meta)
    #expect(try back.array("w", count: 5, file: file).map(\.bitPattern) == values.map(\.bitPattern))
    #expect(try back.array("empty", file: file).isEmpty)
  }

  @Test func damagedFilesGiveErrorsNamingTheFile() throws {
    let file = path("b.arch")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let archive = try ParameterArchive(kind: "test", metadata: Meta(name: "x", value: 1, seed: 1), arrays: [("w", [1, 2, 3])])
    var data = try archive.serialized()
    func expectError(_ containing: String, kind: String = "test") {
      do {
        _ = try ParameterArchive.read(from: file, kind: kind)
        Issue.record("no error for \(containing)")
      } catch {
        let text = String(describing: error)
        #expect(text.hasPrefix(file) && text.contains(containing), "\(text)")
      }
    }
    try data.write(to: URL(fileURLWithPath: file))
    expectError("expected a 'policy'", kind: "policy")
    data[data.count - 2] ^= 0x40
    try data.write(to: URL(fileURLWithPath: file))
    expectError("checksum")
    try data.prefix(data.count - 5).write(to: URL(fileURLWithPath: file))
    expectError("truncated")
    try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
    expectError("not an Armature archive")
    let archiveBack = try ParameterArchive.parse(try archive.serialized(), file: file, kind: "test")
    #expect(throws: LocatedError.self) { try archiveBack.array("w", count: 4, file: file) }
    #expect(throws: LocatedError.self) { try archiveBack.array("missing", file: file) }
  }
}
