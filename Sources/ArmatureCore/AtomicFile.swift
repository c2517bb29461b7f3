import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes files so that a reader, or a process killed mid-write, sees the old file or the new one,
/// never a torn mixture: the bytes go to a temporary file beside the target, are flushed to disk,
/// and the temporary file is renamed over the target.
public enum AtomicFile {
  /// Writes `data` to `path` atomically, creating parent folders as needed.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw AtomicFileError(path: path, operation: "create", code: errno) }
    var failure: Int32 = 0
    data.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        offset += n
      }
    }
    if failure == 0, fsync(fd) != 0 { failure = errno }
    close(fd)
    guard failure == 0 else {
      unlink(temporary)
      throw AtomicFileError(path: path, operation: "write", code: failure)
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw AtomicFileError(path: path, operation: "rename", code: code)
    }
    let dirFD = open(folder, O_RDONLY)
    if dirFD >= 0 {
      fsync(dirFD)
      close(dirFD)
    }
  }

  /// Writes a string as UTF-8 atomically.
  public static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }
}

/// A failed atomic write, with the operation and the system's reason.
public struct AtomicFileError: Error, CustomStringConvertible {
  public var path: String
  public var operation: String
  public var code: Int32
  public var description: String { "\(path): cannot \(operation): \(String(cString: strerror(code)))" }
}
