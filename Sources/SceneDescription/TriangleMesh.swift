import ArmatureCore
import Foundation

/// An indexed triangle mesh: vertices in metres and counter-clockwise triangles.
public struct TriangleMesh: Hashable, Sendable {
  public var vertices: [Vector3]
  /// Three vertex indices per triangle.
  public var indices: [UInt32]

  public init(vertices: [Vector3], indices: [UInt32]) {
    self.vertices = vertices
    self.indices = indices
  }

  public var triangleCount: Int { indices.count / 3 }

  /// The mesh with every vertex scaled per axis. A mirroring scale (odd number of negative factors)
  /// reverses the winding so triangles stay counter-clockwise.
  public func scaled(by s: Vector3) -> TriangleMesh {
    var m = TriangleMesh(vertices: vertices.map { $0 * s }, indices: indices)
    if s.x * s.y * s.z < 0 {
      for t in stride(from: 0, to: m.indices.count, by: 3) { m.indices.swapAt(t + 1, t + 2) }
    }
    return m
  }

  /// The axis-aligned bounds, or nil for an empty mesh.
  public var bounds: (min: Vector3, max: Vector3)? {
    guard var lo = vertices.first else { return nil }
    var hi = lo
    for v in vertices {
      lo = pointwiseMin(lo, v)
      hi = pointwiseMax(hi, v)
    }
    return (lo, hi)
  }

  /// Checks indices and values; the message names the first problem.
  public func validate(file: String) throws {
    guard !indices.isEmpty else { throw LocatedError(file: file, message: "the mesh has no triangles") }
    guard indices.count % 3 == 0 else { throw LocatedError(file: file, message: "index count is not a multiple of 3") }
    if let bad = vertices.firstIndex(where: { !$0.isFinite }) {
      throw LocatedError(file: file, message: "vertex \(bad) is not finite")
    }
    if let bad = indices.first(where: { Int($0) >= vertices.count }) {
      throw LocatedError(file: file, message: "index \(bad) is out of range (\(vertices.count) vertices)")
    }
  }
}

/// Reads STL (binary and ASCII) and Wavefront OBJ meshes.
public enum MeshLoader {
  /// The mesh file formats this loader reads.
  public enum Format: String, Sendable { case stl, obj, dae }

  /// The format of a path by its extension, or nil if unknown.
  public static func format(of path: String) -> Format? {
    Format(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
  }

  /// Loads a mesh file. Collada (`.dae`) is not read: callers replace it (see the URDF loader).
  public static func load(_ path: String) throws -> TriangleMesh {
    guard FileManager.default.fileExists(atPath: path) else {
      throw LocatedError(file: path, message: "mesh file not found")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LocatedError(file: path, message: "mesh file cannot be read")
    }
    let mesh: TriangleMesh
    switch format(of: path) {
    case .stl: mesh = try parseSTL(data, file: path)
    case .obj: mesh = try parseOBJ(data, file: path)
    case .dae: throw LocatedError(file: path, message: "Collada (.dae) meshes are not read; use STL or OBJ")
    case nil: throw LocatedError(file: path, message: "unknown mesh format (expected .stl or .obj)")
    }
    try mesh.validate(file: path)
    return mesh
  }

  /// Parses STL bytes, binary or ASCII; identical vertices are merged.
  public static func parseSTL(_ data: Data, file: String) throws -> TriangleMesh {
    let bytes = [UInt8](data)
    if bytes.count >= 84 {
      let count = Int(UInt32(bytes[80]) | UInt32(bytes[81]) << 8 | UInt32(bytes[82]) << 16 | UInt32(bytes[83]) << 24)
      if 84 + 50 * count == bytes.count { return try parseBinarySTL(bytes, count: count, file: file) }
    }
    let head = String(decoding: bytes.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespaces)
    guard head.hasPrefix("solid") else {
      throw LocatedError(
        file: file, message: "not an STL file: too short or wrong size for binary STL and no 'solid' header")
    }
    return try parseASCIISTL(String(decoding: bytes, as: UTF8.self), file: file)
  }

  private static func parseBinarySTL(_ bytes: [UInt8], count: Int, file: String) throws -> TriangleMesh {
    var welder = VertexWelder()
    var indices: [UInt32] = []
    indices.reserveCapacity(count * 3)
    func float(_ offset: Int) -> Double {
      let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
        | UInt32(bytes[offset + 3]) << 24
      return Double(Float(bitPattern: bits))
    }
    for t in 0..<count {
      let base = 84 + 50 * t + 12
      for v in 0..<3 {
        let o = base + 12 * v
        let p = Vector3(float(o), float(o + 4), float(o + 8))
        guard p.isFinite else { throw LocatedError(file: file, message: "triangle \(t) has a non-finite vertex") }
        indices.append(welder.index(of: p))
      }
    }
    return TriangleMesh(vertices: welder.vertices, indices: indices)
  }

  private static func parseASCIISTL(_ text: String, file: String) throws -> TriangleMesh {
    var welder = VertexWelder()
    var indices: [UInt32] = []
    var pending = 0
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let first = words.first else { continue }
      switch first {
      case "vertex":
        guard words.count == 4, let x = Double(words[1]), let y = Double(words[2]), let z = Double(words[3]),
          x.isFinite, y.isFinite, z.isFinite
        else {
          throw LocatedError(file: file, line: number + 1, message: "malformed vertex: '\(rawLine.trimmingCharacters(in: .whitespaces))'")
        }
        indices.append(welder.index(of: Vector3(x, y, z)))
        pending += 1
      case "endloop":
        guard pending == 3 else {
          throw LocatedError(file: file, line: number + 1, message: "a facet has \(pending) vertices, expected 3")
        }
        pending = 0
      default:
        continue
      }
    }
    guard pending == 0 else { throw LocatedError(file: file, message: "the file ends inside a facet") }
    return TriangleMesh(vertices: welder.vertices, indices: indices)
  }

  /// Parses Wavefront OBJ text: `v` and `f` records; polygons become triangle fans.
  public static func parseOBJ(_ data: Data, file: String) throws -> TriangleMesh {
    let text = String(decoding: data, as: UTF8.self)
    var vertices: [Vector3] = []
    var indices: [UInt32] = []
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let first = words.first else { continue }
      if first == "v" {
        guard words.count >= 4, let x = Double(words[1]), let y = Double(words[2]), let z = Double(words[3]),
          x.isFinite, y.isFinite, z.isFinite
        else {
          throw LocatedError(file: file, line: number + 1, message: "malformed vertex: '\(rawLine.trimmingCharacters(in: .whitespaces))'")
        }
        vertices.append(Vector3(x, y, z))
      } else if first == "f" {
        var polygon: [UInt32] = []
        for word in words.dropFirst() {
          let field = word.split(separator: "/", omittingEmptySubsequences: false).first ?? ""
          guard let raw = Int(field), raw != 0 else {
            throw LocatedError(file: file, line: number + 1, message: "malformed face index '\(word)'")
          }
          let index = raw > 0 ? raw - 1 : vertices.count + raw
          guard index >= 0, index < vertices.count else {
            throw LocatedError(
              file: file, line: number + 1,
              message: "face index \(raw) refers to a vertex not yet defined (\(vertices.count) so far)")
          }
          polygon.append(UInt32(index))
        }
        guard polygon.count >= 3 else {
          throw LocatedError(file: file, line: number + 1, message: "a face needs at least 3 vertices")
        }
        for k in 1..<(polygon.count - 1) { indices += [polygon[0], polygon[k], polygon[k + 1]] }
      }
    }
    return TriangleMesh(vertices: vertices, indices: indices)
  }
}

/// Merges bit-identical vertices.
private struct VertexWelder {
  var vertices: [Vector3] = []
  private var lookup: [Vector3: UInt32] = [:]

  mutating func index(of p: Vector3) -> UInt32 {
    if let i = lookup[p] { return i }
    let i = UInt32(vertices.count)
    vertices.append(p)
    lookup[p] = i
    return i
  }
}
