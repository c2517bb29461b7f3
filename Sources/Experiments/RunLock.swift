import ArmatureCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension RunDirectory {
  /// Takes the run's lock (`RUN/.lock`, an exclusive `flock`), so that two processes never train
  /// the same run folder at once; the lock lasts as long as the returned value.
  public func lock() throws -> RunLock { try RunLock(path: path + "/.lock") }
}

/// An exclusive lock on a run folder, released when it goes away (or the process ends).
public final class RunLock {
  private let descriptor: Int32

  init(path: String) throws {
    let fd = open(path, O_RDWR | O_CREAT, 0o644)
    guard fd >= 0 else { throw LocatedError(file: path, message: "cannot open the run's lock file: \(String(cString: strerror(errno)))") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw LocatedError(
        file: URL(fileURLWithPath: path).deletingLastPathComponent().path,
        message: "another armature process is training this run")
    }
    descriptor = fd
  }

  deinit { close(descriptor) }
}
