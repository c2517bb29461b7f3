import ArmatureCore
import Foundation
import Rendering
import Testing
import _TestSupport

@Suite struct PNGRoundTripTests {
  /// Random pixels from a seeded stream.
  func noise(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = RandomStream(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
  }

  @Test(arguments: [(1, 1), (3, 5), (17, 9), (64, 48)])
  func eightBitLayoutsRoundTripBitExactly(size: (Int, Int)) throws {
    let (w, h) = size
    for channels in [1, 3, 4] {
      let image = Image<UInt8>(width: w, height: h, channels: channels, pixels: noise(w * h * channels, seed: UInt64(channels)))
      for fast in [false, true] {
        let decoded = try PNG.decode(PNG.encode(image, fast: fast))
        switch (channels, decoded) {
        case (1, .gray8(let g)): #expect(g == image)
        case (3, .rgb8(let c)): #expect(c == image)
        case (4, .rgba8(let c)): #expect(c == image)
        default: Issue.record("\(channels) channels decoded as \(decoded.layout)")
        }
      }
    }
  }

  @Test func sixteenBitGrayRoundTripsBitExactly() throws {
    var rng = RandomStream(seed: 16)
    let pixels = (0..<(31 * 7)).map { i -> UInt16 in i < 4 ? [0, 1, 65534, 65535][i] : UInt16(truncatingIfNeeded: rng.next()) }
    let image = Image<UInt16>(width: 31, height: 7, channels: 1, pixels: pixels)
    guard case .gray16(let back) = try PNG.decode(PNG.encode(image)) else {
      Issue.record("16-bit gray did not decode as gray16")
      return
    }
    #expect(back == image)
  }

  @Test func filesRoundTripAndErrorsNameTheFile() throws {
    let folder = try temporaryDirectory("png")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let image = RGBImage(width: 5, height: 4, channels: 3, pixels: noise(60, seed: 9))
    let path = folder + "/sub/a.png"
    try PNG.write(image, to: path)
    #expect(try PNG.readRGB(file: path) == image)
    let missing = folder + "/none.png"
    #expect(throws: LocatedError(file: missing, message: "no such file")) { try PNG.read(file: missing) }
    let text = folder + "/text.png"
    try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
    do {
      _ = try PNG.read(file: text)
      Issue.record("a text file decoded as PNG")
    } catch let e as LocatedError {
      #expect(e.file == text)
      #expect(e.message.hasPrefix("not a readable PNG"))
    }
  }

  @Test func refusesLayoutsPNGCannotHold() {
    #expect(throws: LocatedError.self) { try PNG.encode(Image<UInt8>(width: 2, height: 2, channels: 2, repeating: 0)) }
    #expect(throws: LocatedError.self) { try PNG.encode(Image<UInt16>(width: 2, height: 2, channels: 3, repeating: 0)) }
  }
}

/// Files written by an independent encoder (MiniPNG) in layouts Armature does not write.
@Suite struct PNGForeignLayoutTests {
  @Test func oneBitAndTwoBitGrayExpandToEightBits() throws {
    // 1 bit: 10110000 → 255, 0, 255, 255, 0 ...
    let one = MiniPNG.png(width: 5, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1011_0000]])
    #expect(try PNG.decode(one) == .gray8(Image(width: 5, height: 1, channels: 1, pixels: [255, 0, 255, 255, 0])))
    // 2 bits: levels 0..3 scale by 85.
    let two = MiniPNG.png(width: 4, height: 1, bitDepth: 2, colorType: 0, rows: [[0b00_01_10_11]])
    #expect(try PNG.decode(two) == .gray8(Image(width: 4, height: 1, channels: 1, pixels: [0, 85, 170, 255])))
  }

  @Test func paletteImagesBecomeRGBOrRGBA() throws {
    let palette = MiniPNG.Chunk(type: "PLTE", data: [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    let plain = MiniPNG.png(width: 4, height: 1, bitDepth: 8, colorType: 3, rows: [[3, 2, 1, 0]], extra: [palette])
    #expect(
      try PNG.decode(plain)
        == .rgb8(Image(width: 4, height: 1, channels: 3, pixels: [10, 20, 30, 0, 0, 255, 0, 255, 0, 255, 0, 0])))
    let alpha = MiniPNG.Chunk(type: "tRNS", data: [255, 128])
    let transparent = MiniPNG.png(
      width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]], extra: [palette, alpha])
    #expect(try PNG.decode(transparent) == .rgba8(Image(width: 2, height: 1, channels: 4, pixels: [0, 255, 0, 128, 255, 0, 0, 255])))
  }

  @Test func grayAlphaBecomesRGBA() throws {
    let ga = MiniPNG.png(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[200, 255, 50, 0]])
    // A fully transparent pixel's color is undefined after conversion; only its alpha is checked.
    guard case .rgba8(let image) = try PNG.decode(ga) else {
      Issue.record("gray + alpha did not decode as RGBA")
      return
    }
    #expect(Array(image.pixels[0..<4]) == [200, 200, 200, 255])
    #expect(image.pixels[7] == 0)
  }

  @Test func sixteenBitColorScalesToEightBitsAndSixteenBitGrayKeepsItsValues() throws {
    // Multiples of 257 map to exact 8-bit values whichever rounding libpng uses.
    let rgb16 = MiniPNG.png(
      width: 2, height: 1, bitDepth: 16, colorType: 2,
      rows: [[UInt16(257 * 10), 257 * 200, 65535, 0, 257 * 128, 257].flatMap(MiniPNG.be16)])
    #expect(try PNG.decode(rgb16) == .rgb8(Image(width: 2, height: 1, channels: 3, pixels: [10, 200, 255, 0, 128, 1])))
    let gray16 = MiniPNG.png(
      width: 3, height: 1, bitDepth: 16, colorType: 0, rows: [[UInt16(1), 1234, 65535].flatMap(MiniPNG.be16)])
    #expect(try PNG.decode(gray16) == .gray16(Image(width: 3, height: 1, channels: 1, pixels: [1, 1234, 65535])))
  }
}

/// Hundreds of deterministic mutations of valid PNGs: each must decode or fail with a located
/// error naming the file; truncations inside the image data must fail.
@Suite struct CorruptPNGTests {
  static let fixtures: [(String, Data)] = {
    var rng = RandomStream(seed: 77)
    let rgb = RGBImage(
      width: 16, height: 12, channels: 3, pixels: (0..<(16 * 12 * 3)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
    let gray16 = Image<UInt16>(
      width: 9, height: 9, channels: 1, pixels: (0..<81).map { UInt16($0 * 800) })
    let palette = MiniPNG.png(
      width: 6, height: 2, bitDepth: 8, colorType: 3, rows: [[0, 1, 2, 0, 1, 2], [2, 1, 0, 2, 1, 0]],
      extra: [MiniPNG.Chunk(type: "PLTE", data: [255, 0, 0, 0, 255, 0, 0, 0, 255])])
    return [
      ("rgb.png", try! PNG.encode(rgb)), ("gray16.png", try! PNG.encode(gray16)), ("palette.png", palette),
    ]
  }()

  enum Outcome { case decoded, failed }

  func attempt(_ data: Data, name: String) -> Outcome {
    do {
      let image = try PNG.decode(data, file: name, maxPixels: 1 << 20)
      #expect(image.width > 0 && image.height > 0 && image.width * image.height <= 1 << 20)
      return .decoded
    } catch let e as LocatedError {
      #expect(e.file == name)
      #expect(!e.message.isEmpty)
      return .failed
    } catch {
      Issue.record("\(name): unexpected error type \(error)")
      return .failed
    }
  }

  @Test func bitFlipsNeverCrash() {
    var rng = RandomStream(seed: 1)
    var failures = 0
    for n in 0..<150 {
      let (name, original) = Self.fixtures[n % Self.fixtures.count]
      var bytes = [UInt8](original)
      for _ in 0...(n % 3) {
        let i = rng.integer(below: bytes.count)
        bytes[i] ^= 1 << UInt8(rng.integer(below: 8))
      }
      if attempt(Data(bytes), name: "flip\(n)-" + name) == .failed { failures += 1 }
    }
    // Most flips land in CRC-protected chunks, whose damage libpng detects.
    #expect(failures > 100)
  }

  @Test func truncationsInsideTheImageDataFail() throws {
    var rng = RandomStream(seed: 2)
    for n in 0..<90 {
      let (name, original) = Self.fixtures[n % Self.fixtures.count]
      let chunks = try #require(MiniPNG.chunks(of: original))
      // The byte just past the last IDAT chunk.
      var end = 8
      var idatEnd = 0
      for c in chunks {
        end += 12 + c.data.count
        if c.type == "IDAT" { idatEnd = end }
      }
      let cut = rng.integer(below: idatEnd)
      #expect(attempt(original.prefix(cut), name: "cut\(n)-" + name) == .failed, "cut at \(cut) of \(original.count)")
    }
    // Past the image data (inside IEND) the image is complete; either verdict is acceptable.
    for (name, original) in Self.fixtures { _ = attempt(original.prefix(original.count - 3), name: "tail-" + name) }
  }

  @Test func chunkGarbageWithValidChecksumsFailsCleanly() throws {
    var rng = RandomStream(seed: 3)
    var failures = 0
    for n in 0..<90 {
      let (name, original) = Self.fixtures[n % Self.fixtures.count]
      var chunks = try #require(MiniPNG.chunks(of: original))
      let k = rng.integer(below: chunks.count)
      switch n % 3 {
      case 0:  // random bytes over a chunk's payload, checksum recomputed
        chunks[k].data = chunks[k].data.map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      case 1:  // a payload of random length
        chunks[k].data = (0..<rng.integer(below: 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      default:  // an unknown critical chunk, or a chunk type of random bytes
        let type = n % 2 == 0 ? "QxYz" : String(decoding: (0..<4).map { _ in UInt8(65 + rng.integer(below: 26)) }, as: UTF8.self)
        chunks.insert(MiniPNG.Chunk(type: type, data: [1, 2, 3]), at: max(1, k))
      }
      if attempt(MiniPNG.assemble(chunks), name: "garbage\(n)-" + name) == .failed { failures += 1 }
    }
    #expect(failures > 45)
  }

  @Test func hugeClaimedSizesAreRefusedBeforeAllocating() throws {
    var chunks = try #require(MiniPNG.chunks(of: Self.fixtures[0].1))
    chunks[0].data.replaceSubrange(0..<8, with: MiniPNG.be32(900_000) + MiniPNG.be32(900_000))
    do {
      _ = try PNG.decode(MiniPNG.assemble(chunks), file: "huge.png")
      Issue.record("a 900k × 900k header decoded")
    } catch let e as LocatedError {
      #expect(e.file == "huge.png")
      #expect(e.message.contains("900000 × 900000"))
    }
  }
}
