import ArmatureCore
import Foundation
import SceneDescription

/// Many frames in one picture, and episodes saved frame by frame.
public enum ContactSheet {
  /// Tiles `frames` left to right, top to bottom, in `columns` columns (default: about square),
  /// `spacing` pixels apart, each above its label (if `labels` is given). Frames of different
  /// sizes are centred in cells of the largest size.
  public static func tile(
    _ frames: [RGBImage], columns: Int? = nil, labels: [String]? = nil, spacing: Int = 4,
    background: Color = Color(red: 0.12, green: 0.12, blue: 0.12), labelColor: Color = Color(red: 1, green: 1, blue: 1),
    labelScale: Int = 1
  ) throws -> RGBImage {
    guard !frames.isEmpty else { throw LocatedError(message: "a contact sheet needs at least one frame") }
    if let labels, labels.count != frames.count {
      throw LocatedError(message: "\(labels.count) labels for \(frames.count) frames")
    }
    let cols = max(1, min(frames.count, columns ?? Int(Double(frames.count).squareRoot().rounded(.up))))
    let rows = (frames.count + cols - 1) / cols
    let cellW = frames.map(\.width).max()!
    let cellH = frames.map(\.height).max()!
    let font = BitmapFont.standard
    let labelH = labels == nil ? 0 : font.lineHeight * labelScale + 2
    let width = cols * cellW + (cols + 1) * spacing
    let height = rows * (cellH + labelH) + (rows + 1) * spacing
    var canvas = Canvas(width: width, height: height, background: background)
    var sheet = canvas.image
    for (i, frame) in frames.enumerated() {
      let x0 = spacing + (i % cols) * (cellW + spacing) + (cellW - frame.width) / 2
      let y0 = spacing + (i / cols) * (cellH + labelH + spacing) + (cellH - frame.height) / 2
      for y in 0..<frame.height {
        for x in 0..<frame.width {
          let s = (y * frame.width + x) * frame.channels
          let d = ((y0 + y) * width + x0 + x) * 3
          for c in 0..<3 { sheet.pixels[d + c] = frame.pixels[s + min(c, frame.channels - 1)] }
        }
      }
    }
    canvas = Canvas(image: sheet)
    if let labels {
      for (i, label) in labels.enumerated() {
        let cellX = spacing + (i % cols) * (cellW + spacing)
        let y = spacing + (i / cols) * (cellH + labelH + spacing) + cellH + 2
        let (tw, _) = font.size(of: label, scale: labelScale)
        canvas.text(label, x: cellX + max(0, (cellW - tw) / 2), y: y, color: labelColor, scale: labelScale)
      }
    }
    return canvas.image
  }

  /// Writes frames as `folder/PREFIX_00000.png`, `…_00001.png`, … (numbered from `start`, five
  /// digits or more) and returns the paths.
  @discardableResult
  public static func saveFrames(_ frames: [RGBImage], folder: String, prefix: String = "frame", start: Int = 0) throws
    -> [String]
  {
    try frames.enumerated().map { i, frame in
      let path = folder + "/" + prefix + "_" + String(format: "%05d", start + i) + ".png"
      try PNG.write(frame, to: path)
      return path
    }
  }
}
