import ArmatureCore
import EnvInterface
import Rendering

/// One evaluation episode as a contact sheet: task-camera frames of evenly spaced steps, each
/// labelled with its step number (`armature eval --frames`).
public enum EpisodeContactSheet {
  /// The sheet of evaluation episode `episode` (seeded as `Evaluator.evaluate` seeds it), at most
  /// `maxFrames` frames in rows of up to eight. Throws `TaskCameraUnavailable` for tasks that
  /// cannot render.
  public static func make(
    evaluator: Evaluator, policy: any Policy, seed: UInt64, episode: Int = 0, maxFrames: Int = 16
  ) throws -> RGBImage {
    let frames = try evaluator.frames(episode: episode, seed: seed, policy: policy, maxFrames: maxFrames)
    return try ContactSheet.tile(frames.map(\.image), columns: Swift.min(8, frames.count), labels: frames.map { "step \($0.step)" })
  }

  /// Writes a sheet to `path` as PNG, atomically.
  public static func write(_ sheet: RGBImage, to path: String) throws {
    try AtomicFile.write(try PNG.encode(sheet, file: path), to: path)
  }
}
