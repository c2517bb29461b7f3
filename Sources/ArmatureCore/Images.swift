/// A row-major image of `width × height` pixels with `channels` interleaved components.
///
/// Value types that policies use directly: `RGBImage` (8-bit color), `DepthImage` (float32
/// metres), `SegmentationImage` (an object id per pixel) and `GrayImage16`. PNG reading and
/// writing, and rendering, live in the Rendering module.
public struct Image<Component: Sendable & Hashable>: Hashable, Sendable {
  public let width: Int
  public let height: Int
  public let channels: Int
  /// `height` rows of `width` pixels of `channels` components.
  public var pixels: [Component]

  public init(width: Int, height: Int, channels: Int, pixels: [Component]) {
    precondition(width > 0 && height > 0 && channels > 0, "image dimensions must be positive")
    precondition(pixels.count == width * height * channels, "pixel count does not match the dimensions")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  public init(width: Int, height: Int, channels: Int, repeating value: Component) {
    self.init(
      width: width, height: height, channels: channels,
      pixels: [Component](repeating: value, count: width * height * channels))
  }

  /// The component `channel` of pixel (x, y), x to the right and y down from the top-left corner.
  @inlinable public subscript(x: Int, y: Int, channel: Int) -> Component {
    get { pixels[(y * width + x) * channels + channel] }
    set { pixels[(y * width + x) * channels + channel] = newValue }
  }
}

/// 8-bit RGB color, 3 channels.
public typealias RGBImage = Image<UInt8>
/// Depth in metres along the camera axis, 1 channel; `.infinity` where nothing was hit.
public typealias DepthImage = Image<Float>
/// An object id per pixel, 1 channel; 0 is background.
public typealias SegmentationImage = Image<UInt16>

extension Image where Component == UInt8 {
  /// The image as channel-first floats in [0, 1] (`channels × height × width`), the layout
  /// convolutional networks take.
  public func channelFirstFloats() -> [Float] {
    var out = [Float](repeating: 0, count: pixels.count)
    let plane = width * height
    for i in 0..<plane {
      for c in 0..<channels {
        out[c * plane + i] = Float(pixels[i * channels + c]) / 255
      }
    }
    return out
  }
}
