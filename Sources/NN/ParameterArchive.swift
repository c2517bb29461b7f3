import ArmatureCore
import Foundation

/// A file of named Float32 arrays with a JSON header: the container for policy files and trainer
/// checkpoints.
///
/// Layout: the line `ARMATURE-ARCHIVE 1\n`; the header's length in bytes as 8 little-endian
/// bytes; the header (UTF-8 JSON: the kind, the caller's metadata, and each array's name, offset
/// and count, and an FNV-1a checksum of the payload); then the payload, every array as
/// little-endian Float32 in order. Files are written atomically. Reading checks the magic line,
/// the format version, the kind, the sizes and the checksum, and names the file in every error.
public struct ParameterArchive: Sendable {
  /// The archive format version this code writes and reads.
  public static let formatVersion = 1
  static let magic = "ARMATURE-ARCHIVE"

  /// What the file holds (`"policy"`, `"ppo-checkpoint"`, …); readers ask for a kind.
  public var kind: String
  /// The caller's metadata as JSON (for an archive built in memory).
  private var metadata: Data
  /// The arrays, by name, in file order.
  public var arrays: [(name: String, values: [Float])]
  /// The header as read from a file (the metadata is decoded from it verbatim, so numbers come
  /// back bit for bit).
  private var headerJSON: Data?

  /// An archive with `metadata` encoded as JSON (sorted keys, so files are reproducible).
  public init<Metadata: Encodable>(kind: String, metadata: Metadata, arrays: [(name: String, values: [Float])]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    self.kind = kind
    self.metadata = try encoder.encode(metadata)
    self.arrays = arrays
  }

  private struct Entry: Codable {
    var name: String
    var offset: Int
    var count: Int
  }

  private struct Header: Codable {
    var formatVersion: Int
    var kind: String
    var arrays: [Entry]
    var payloadBytes: Int
    var payloadChecksum: String
  }

  /// The file's bytes.
  public func serialized() throws -> Data {
    var payload = Data()
    var entries: [Entry] = []
    var offset = 0
    for (name, values) in arrays {
      entries.append(Entry(name: name, offset: offset, count: values.count))
      values.withUnsafeBufferPointer { buffer in
        for v in buffer {
          var bits = v.bitPattern.littleEndian
          withUnsafeBytes(of: &bits) { payload.append(contentsOf: $0) }
        }
      }
      offset += values.count
    }
    let header = Header(
      formatVersion: Self.formatVersion, kind: kind, arrays: entries, payloadBytes: payload.count,
      payloadChecksum: String(checksum(payload), radix: 16))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // The header embeds the metadata verbatim under "metadata".
    var headerJSON = try encoder.encode(header)
    headerJSON.removeLast()  // the closing brace
    headerJSON.append(contentsOf: Array(",\"metadata\":".utf8))
    headerJSON.append(metadata)
    headerJSON.append(contentsOf: Array("}".utf8))
    var data = Data("\(Self.magic) \(Self.formatVersion)\n".utf8)
    var length = UInt64(headerJSON.count).littleEndian
    withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
    data.append(headerJSON)
    data.append(payload)
    return data
  }

  /// Writes the archive to `path` atomically.
  public func write(to path: String) throws { try AtomicFile.write(serialized(), to: path) }

  /// Reads the archive at `path`, which must be of `kind`.
  public static func read(from path: String, kind expectedKind: String) throws -> ParameterArchive {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw LocatedError(file: path, message: "cannot read the file (\((error as NSError).localizedDescription))")
    }
    return try parse(data, file: path, kind: expectedKind)
  }

  /// Parses archive bytes; `file` names the source in errors.
  public static func parse(_ data: Data, file: String, kind expectedKind: String) throws -> ParameterArchive {
    func fail(_ message: String) -> LocatedError { LocatedError(file: file, message: message) }
    let bytes = [UInt8](data)
    guard let newline = bytes.firstIndex(of: 10), newline < 64,
      let firstLine = String(bytes: bytes[0..<newline], encoding: .utf8), firstLine.hasPrefix(magic + " ")
    else { throw fail("not an Armature archive (the file does not start with '\(magic)')") }
    guard let version = Int(firstLine.dropFirst(magic.count + 1)) else {
      throw fail("unreadable archive version line '\(firstLine)'")
    }
    guard version == formatVersion else {
      throw fail("archive format version \(version) is not supported (this build reads version \(formatVersion))")
    }
    var cursor = newline + 1
    guard bytes.count >= cursor + 8 else { throw fail("the file is truncated before its header") }
    var length: UInt64 = 0
    for i in 0..<8 { length |= UInt64(bytes[cursor + i]) << (8 * UInt64(i)) }
    cursor += 8
    guard length < UInt64(bytes.count), cursor + Int(length) <= bytes.count else {
      throw fail("the file is truncated inside its header")
    }
    let headerData = Data(bytes[cursor..<(cursor + Int(length))])
    cursor += Int(length)
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: headerData)
    } catch {
      throw fail("the header is not a valid archive header (\(error))")
    }
    guard header.kind == expectedKind else {
      throw fail("holds a '\(header.kind)', expected a '\(expectedKind)'")
    }
    let payload = Data(bytes[cursor...])
    guard payload.count == header.payloadBytes else {
      throw fail("the payload has \(payload.count) bytes, the header says \(header.payloadBytes) (truncated or padded file)")
    }
    guard String(checksum(payload), radix: 16) == header.payloadChecksum else {
      throw fail("the payload checksum does not match (the file is corrupt)")
    }
    var arrays: [(name: String, values: [Float])] = []
    for entry in header.arrays {
      guard entry.offset >= 0, entry.count >= 0, (entry.offset + entry.count) * 4 <= payload.count else {
        throw fail("array '\(entry.name)' lies outside the payload")
      }
      var values = [Float](repeating: 0, count: entry.count)
      payload.withUnsafeBytes { raw in
        for i in 0..<entry.count {
          let bits = raw.loadUnaligned(fromByteOffset: (entry.offset + i) * 4, as: UInt32.self)
          values[i] = Float(bitPattern: UInt32(littleEndian: bits))
        }
      }
      arrays.append((entry.name, values))
    }
    var archive = try ParameterArchive(kind: header.kind, metadata: [String: Int](), arrays: arrays)
    archive.headerJSON = headerData
    return archive
  }

  /// The metadata decoded as `type`; `file` names the source in errors.
  public func decodeMetadata<Metadata: Decodable>(_ type: Metadata.Type, file: String) throws -> Metadata {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      if let headerJSON { return try decoder.decode(MetadataWrapper<Metadata>.self, from: headerJSON).metadata }
      return try decoder.decode(type, from: metadata)
    } catch let error as DecodingError {
      throw LocatedError(file: file, context: "metadata", message: describe(error))
    }
  }

  /// The array named `name`, which must hold `count` values when `count` is given.
  public func array(_ name: String, count: Int? = nil, file: String) throws -> [Float] {
    guard let values = arrays.first(where: { $0.name == name })?.values else {
      throw LocatedError(file: file, message: "the file has no array '\(name)'")
    }
    if let count, values.count != count {
      throw LocatedError(file: file, context: name, message: "expected \(count) values, the file has \(values.count)")
    }
    return values
  }
}

private struct MetadataWrapper<M: Decodable>: Decodable { var metadata: M }

private func checksum(_ data: Data) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  data.withUnsafeBytes { raw in
    for byte in raw {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
  }
  return hash
}

private func describe(_ error: DecodingError) -> String {
  func path(_ c: DecodingError.Context) -> String { c.codingPath.map(\.stringValue).joined(separator: ".") }
  switch error {
  case .keyNotFound(let key, let c): return "missing key '\((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
  case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c)): \(c.debugDescription)"
  case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
  @unknown default: return "malformed metadata"
  }
}
