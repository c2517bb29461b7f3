import Dispatch

/// Runs independent pieces of work on a fixed number of threads. Work item i always runs the
/// same code on the same data whatever the thread count, so results that do not share state are
/// bit-identical for 1, 2 or N threads; only wall-clock time changes.
public struct ParallelExecutor: Sendable {
  /// Threads used (1 runs everything on the calling thread).
  public let threads: Int

  public init(threads: Int) {
    precondition(threads >= 1, "a parallel executor needs at least one thread, got \(threads)")
    self.threads = threads
  }

  /// Splits `0..<count` into at most `threads` contiguous chunks and calls `body(chunk, range)`
  /// once per chunk, chunks in parallel. The chunk index lets each thread use its own scratch
  /// state (an environment, a workspace); results must not depend on which chunk ran an item.
  public func forEachChunk(_ count: Int, _ body: (Int, Range<Int>) -> Void) {
    let chunks = min(threads, count)
    if chunks <= 1 {
      if count > 0 { body(0, 0..<count) }
      return
    }
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let work = body
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        work(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
      }
    }
  }

  /// Calls `body(i)` for every i in `0..<count`, in contiguous chunks, one chunk per thread.
  /// `body` must only touch state that belongs to item i (or is read-only).
  public func forEach(_ count: Int, _ body: (Int) -> Void) {
    let chunks = min(threads, count)
    if chunks <= 1 {
      for i in 0..<count { body(i) }
      return
    }
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let work = body
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * count / chunks
        let end = (chunk + 1) * count / chunks
        for i in start..<end { work(i) }
      }
    }
  }
}
