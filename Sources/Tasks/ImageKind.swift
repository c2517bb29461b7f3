import SceneDescription

/// The images a camera can put into an observation.
public enum ImageKind: String, ConfigEnum {
  /// 8-bit color (`Observation.images`), with the `image.noise` randomization.
  case rgb
  /// Metres along the camera axis (`Observation.depth`).
  case depth
  /// Segmentation ids (`Observation.segmentation`); names in `TaskEnvironment.segmentationTable()`.
  case segmentation
}
