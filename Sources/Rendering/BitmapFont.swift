/// A small built-in bitmap font covering printable ASCII (32–126): 5 × 7 pixel capitals and
/// digits, lowercase with one-row descenders, on a 6 × 9 cell. Used for plot labels, contact-sheet
/// captions and the letters on the Dactyl cube's faces.
public struct BitmapFont: Sendable {
  /// Pixels per glyph column and row, descender included.
  public let glyphWidth = 5
  public let glyphHeight = 8
  /// Horizontal distance from one character to the next, and from one line to the next.
  public let advance = 6
  public let lineHeight = 10
  /// Rows above the baseline (the cap height).
  public let capHeight = 7

  /// Bit masks per character: `glyphHeight` rows, bit 4 is the leftmost column.
  private let glyphs: [UInt8: [UInt8]]

  /// The built-in font.
  public static let standard = BitmapFont()

  private init() {
    var table: [UInt8: [UInt8]] = [:]
    for (character, art) in BitmapFont.art {
      let rows = art.split(separator: "|", omittingEmptySubsequences: false).map { row -> UInt8 in
        var bits: UInt8 = 0
        for (i, c) in row.enumerated() where c == "#" { bits |= 1 << UInt8(4 - i) }
        return bits
      }
      table[character.asciiValue!] = rows + [UInt8](repeating: 0, count: max(0, 8 - rows.count))
    }
    glyphs = table
  }

  /// Whether the font draws `character` (every printable ASCII character).
  public func contains(_ character: Character) -> Bool {
    guard let a = character.asciiValue else { return false }
    return glyphs[a] != nil
  }

  /// Whether pixel (column, row) of `character`'s glyph is set; characters outside the font draw
  /// as a filled box so that they are noticed.
  public func isSet(_ character: Character, column: Int, row: Int) -> Bool {
    guard column >= 0, column < glyphWidth, row >= 0, row < glyphHeight else { return false }
    guard let a = character.asciiValue, let rows = glyphs[a] else { return row < capHeight }
    return rows[row] & (1 << UInt8(4 - column)) != 0
  }

  /// The size in pixels of `text` drawn at `scale` (lines split at newlines).
  public func size(of text: String, scale: Int = 1) -> (width: Int, height: Int) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let longest = lines.map(\.count).max() ?? 0
    let width = longest == 0 ? 0 : (longest * advance - 1) * scale
    return (width, (lines.count * lineHeight - (lineHeight - glyphHeight)) * scale)
  }

  /// Calls `plot(x, y)` for every set pixel of `text` drawn with its top-left corner at the origin.
  public func forEachPixel(of text: String, scale: Int = 1, _ plot: (Int, Int) -> Void) {
    var line = 0
    var column = 0
    for character in text {
      if character == "\n" {
        line += 1
        column = 0
        continue
      }
      for row in 0..<glyphHeight {
        for col in 0..<glyphWidth where isSet(character, column: col, row: row) {
          let x0 = (column * advance + col) * scale
          let y0 = (line * lineHeight + row) * scale
          for dy in 0..<scale { for dx in 0..<scale { plot(x0 + dx, y0 + dy) } }
        }
      }
      column += 1
    }
  }

  // Rows top to bottom separated by "|"; "#" is ink. Rows 0–6 are above the baseline, row 7 is
  // the descender. Drawn for this project.
  private static let art: [Character: String] = [
    " ": "", "!": "..#..|..#..|..#..|..#..|..#..|.....|..#..", "\"": ".#.#.|.#.#.",
    "#": ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#.", "$": "..#..|.####|#.#..|.###.|..#.#|####.|..#..",
    "%": "##...|##..#|...#.|..#..|.#...|#..##|...##", "&": ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#",
    "'": "..#..|..#..", "(": "...#.|..#..|.#...|.#...|.#...|..#..|...#.", ")": ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
    "*": ".....|..#..|#.#.#|.###.|#.#.#|..#..", "+": ".....|..#..|..#..|#####|..#..|..#..",
    ",": ".....|.....|.....|.....|.....|.##..|..#..|.#...", "-": ".....|.....|.....|#####",
    ".": ".....|.....|.....|.....|.....|.##..|.##..", "/": ".....|....#|...#.|..#..|.#...|#....",
    "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.", "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####", "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
    "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.", "5": "#####|#....|####.|....#|....#|#...#|.###.",
    "6": "..##.|.#...|#....|####.|#...#|#...#|.###.", "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
    "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.", "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
    ":": ".....|.##..|.##..|.....|.##..|.##..", ";": ".....|.##..|.##..|.....|.##..|..#..|.#...",
    "<": "...#.|..#..|.#...|#....|.#...|..#..|...#.", "=": ".....|.....|#####|.....|#####",
    ">": ".#...|..#..|...#.|....#|...#.|..#..|.#...", "?": ".###.|#...#|....#|...#.|..#..|.....|..#..",
    "@": ".###.|#...#|....#|.##.#|#.#.#|#.#.#|.###.",
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#", "B": "####.|#...#|#...#|####.|#...#|#...#|####.",
    "C": ".###.|#...#|#....|#....|#....|#...#|.###.", "D": "###..|#..#.|#...#|#...#|#...#|#..#.|###..",
    "E": "#####|#....|#....|####.|#....|#....|#####", "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.####", "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": ".###.|..#..|..#..|..#..|..#..|..#..|.###.", "J": "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    "K": "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#", "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#", "N": "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.", "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "Q": ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#", "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.", "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|#...#|#...#|.###.", "V": "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.", "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "Y": "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..", "Z": "#####|....#|...#.|..#..|.#...|#....|#####",
    "[": ".###.|.#...|.#...|.#...|.#...|.#...|.###.", "\\": ".....|#....|.#...|..#..|...#.|....#",
    "]": ".###.|...#.|...#.|...#.|...#.|...#.|.###.", "^": "..#..|.#.#.|#...#",
    "_": ".....|.....|.....|.....|.....|.....|#####", "`": ".#...|..#..",
    "a": ".....|.....|.###.|....#|.####|#...#|.####", "b": "#....|#....|#.##.|##..#|#...#|#...#|####.",
    "c": ".....|.....|.###.|#....|#....|#...#|.###.", "d": "....#|....#|.##.#|#..##|#...#|#...#|.####",
    "e": ".....|.....|.###.|#...#|#####|#....|.###.", "f": "..##.|.#..#|.#...|###..|.#...|.#...|.#...",
    "g": ".....|.....|.####|#...#|#...#|.####|....#|.###.", "h": "#....|#....|#.##.|##..#|#...#|#...#|#...#",
    "i": "..#..|.....|.##..|..#..|..#..|..#..|.###.", "j": "...#.|.....|..##.|...#.|...#.|...#.|#..#.|.##..",
    "k": "#....|#....|#..#.|#.#..|##...|#.#..|#..#.", "l": ".##..|..#..|..#..|..#..|..#..|..#..|.###.",
    "m": ".....|.....|##.#.|#.#.#|#.#.#|#...#|#...#", "n": ".....|.....|#.##.|##..#|#...#|#...#|#...#",
    "o": ".....|.....|.###.|#...#|#...#|#...#|.###.", "p": ".....|.....|####.|#...#|#...#|####.|#....|#....",
    "q": ".....|.....|.####|#...#|#...#|.####|....#|....#", "r": ".....|.....|#.##.|##..#|#....|#....|#....",
    "s": ".....|.....|.####|#....|.###.|....#|####.", "t": ".#...|.#...|###..|.#...|.#...|.#..#|..##.",
    "u": ".....|.....|#...#|#...#|#...#|#..##|.##.#", "v": ".....|.....|#...#|#...#|#...#|.#.#.|..#..",
    "w": ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#.", "x": ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",
    "y": ".....|.....|#...#|#...#|#...#|.####|....#|.###.", "z": ".....|.....|#####|...#.|..#..|.#...|#####",
    "{": "...#.|..#..|..#..|.#...|..#..|..#..|...#.", "|": "..#..|..#..|..#..|..#..|..#..|..#..|..#..",
    "}": ".#...|..#..|..#..|...#.|..#..|..#..|.#...", "~": ".....|.....|.#...|#.#.#|...#.",
  ]
}
