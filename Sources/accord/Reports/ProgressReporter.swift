import Foundation
import Synchronization

/// Progress on a terminal (one updating bar with rate and time left), or a plain line
/// every few seconds when standard error is a file or a pipe.
///
/// Nothing is shown before the first interval has passed, so short jobs print nothing.
final class ProgressReporter: Sendable {
  private let terminal: Bool
  private let unit: String
  private let state = Mutex((start: Date(), last: Date(), done: 0, total: 0, shown: false))

  /// `unit` names what is counted: "runs" of a sweep, "steps" of a run.
  init(terminal: Bool, unit: String = "runs") {
    self.terminal = terminal
    self.unit = unit
  }

  /// Progress on standard error, or nothing when `quiet`.
  static func standardError(unit: String, quiet: Bool) -> ProgressReporter? {
    quiet ? nil : ProgressReporter(terminal: isatty(STDERR_FILENO) != 0, unit: unit)
  }

  func report(done: Int, total: Int) {
    let line: String? = state.withLock { s in
      s.done = done
      s.total = total
      let now = Date()
      guard now.timeIntervalSince(s.last) >= (terminal ? 0.2 : 5) || (done == total && s.shown)
      else { return nil }
      s.last = now
      s.shown = true
      let elapsed = max(now.timeIntervalSince(s.start), 1e-9)
      let rate = Double(done) / elapsed
      let left = rate > 0 ? Double(total - done) / rate : 0
      let width = 30
      let filled = total > 0 ? width * min(done, total) / total : 0
      let bar =
        String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      return String(
        format: "[%@] %d/%d %@, %.1f %@/s, %.0f s left", bar, done, total, unit, rate, unit, left)
    }
    if let line {
      FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
    }
  }

  func finish() {
    let shown = state.withLock { $0.shown }
    if terminal && shown { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
