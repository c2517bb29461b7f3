import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A progress bar on standard error with rate and ETA, for long work (training, evaluation,
/// benchmarks). On a terminal it redraws one line at most ten times a second; otherwise (logs,
/// CI) it prints a plain line every `logInterval` seconds.
public final class ProgressBar: @unchecked Sendable {
  public let total: Double
  public let unit: String
  private let clock = Stopwatch()
  private var lastDraw = -Double.infinity
  private let interactive: Bool
  private let logInterval: Double
  private let width = 28
  private let startValue: Double
  private var finished = false

  /// A bar from `start` (work already done, after a resume) to `total` units.
  public init(total: Double, unit: String, start: Double = 0, logInterval: Double = 10) {
    self.total = total
    self.unit = unit
    self.startValue = start
    self.logInterval = logInterval
    interactive = isatty(STDERR_FILENO) != 0
  }

  /// Redraws for `done` units, with optional extra fields (`success 0.83`).
  public func update(_ done: Double, extra: [(String, String)] = []) {
    let now = clock.elapsed
    guard now - lastDraw >= (interactive ? 0.1 : logInterval) else { return }
    lastDraw = now
    draw(done, extra: extra, final: false)
  }

  /// Draws the final state and ends the line.
  public func finish(_ done: Double, extra: [(String, String)] = []) {
    guard !finished else { return }
    finished = true
    draw(done, extra: extra, final: true)
  }

  /// The text of the bar for `done` units after `elapsed` seconds (exposed for tests).
  public func line(_ done: Double, elapsed: Double, extra: [(String, String)] = []) -> String {
    let fraction = total > 0 ? Swift.min(1, Swift.max(0, done / total)) : 1
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
      + String(repeating: " ", count: Swift.max(0, width - filled - 1))
    let rate = elapsed > 0 ? (done - startValue) / elapsed : 0
    let eta = rate > 0 ? (total - done) / rate : .infinity
    var text = "[\(bar)] \(String(format: "%3.0f", fraction * 100))% \(ProgressBar.count(done))/\(ProgressBar.count(total)) \(unit)"
    text += "  \(ProgressBar.count(rate)) \(unit)/s  ETA \(ProgressBar.duration(eta))  elapsed \(ProgressBar.duration(elapsed))"
    for (k, v) in extra { text += "  \(k) \(v)" }
    return text
  }

  private func draw(_ done: Double, extra: [(String, String)], final: Bool) {
    let text = line(done, elapsed: clock.elapsed, extra: extra)
    let out = interactive ? "\r\u{1B}[2K" + text + (final ? "\n" : "") : text + "\n"
    FileHandle.standardError.write(Data(out.utf8))
  }

  /// 1234567 → "1.23M", 12345 → "12.3k".
  static func count(_ x: Double) -> String {
    guard x.isFinite else { return "–" }
    let a = abs(x)
    if a >= 1e6 { return String(format: "%.2fM", x / 1e6) }
    if a >= 1e4 { return String(format: "%.1fk", x / 1e3) }
    if a == a.rounded() { return String(Int(x)) }
    return String(format: "%.1f", x)
  }

  /// Seconds as h:mm:ss or m:ss.
  static func duration(_ s: Double) -> String {
    guard s.isFinite, s >= 0 else { return "–" }
    let t = Int(s.rounded())
    return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
  }
}
