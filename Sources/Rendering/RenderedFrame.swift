import ArmatureCore

/// Which images a render produces. Depth is always computed (it is the z-buffer); asking for it
/// only converts it to metres.
public struct RenderOutputs: OptionSet, Hashable, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  public static let rgb = RenderOutputs(rawValue: 1)
  public static let depth = RenderOutputs(rawValue: 2)
  public static let segmentation = RenderOutputs(rawValue: 4)
  public static let all: RenderOutputs = [.rgb, .depth, .segmentation]
}

/// The images of one camera for one pose snapshot; the ones not asked for are nil.
public struct RenderedFrame: Hashable, Sendable {
  /// 8-bit color.
  public var rgb: RGBImage?
  /// Metres along the camera axis; `.infinity` where nothing nearer than the far plane was hit.
  public var depth: DepthImage?
  /// The segmentation id of the surface seen at each pixel (0: background); names in the model's
  /// `segmentation` table.
  public var segmentation: SegmentationImage?

  public init(rgb: RGBImage? = nil, depth: DepthImage? = nil, segmentation: SegmentationImage? = nil) {
    self.rgb = rgb
    self.depth = depth
    self.segmentation = segmentation
  }
}

/// Settings of a renderer that may change from frame to frame.
public struct RenderOptions: Hashable, Sendable {
  /// Shadows cast by directional lights onto planes (the ground): cheap, and off by default.
  public var shadows = false
  /// Anti-aliasing: an odd number k renders k × k samples per pixel and averages them for RGB.
  /// Depth and segmentation keep the middle sample, which lies exactly on the pixel centre, so
  /// they equal an unsupersampled render up to rounding. 1 (the default) renders one sample.
  public var supersampling = 1

  public init(shadows: Bool = false, supersampling: Int = 1) {
    self.shadows = shadows
    self.supersampling = supersampling
  }
}
