import Foundation
import Synchronization

/// Progress on a terminal (one updating line), or a plain line every few seconds.
final class ProgressReporter: Sendable {
  private let terminal: Bool
  /// What is counted ("runs", "samples").
  private let unit: String
  private let state = Mutex((start: Date(), last: Date.distantPast, done: 0, total: 0))

  init(terminal: Bool, unit: String = "runs") {
    self.terminal = terminal
    self.unit = unit
  }

  func report(done: Int, total: Int) {
    let line: String? = state.withLock { s in
      s.done = done
      s.total = total
      let now = Date()
      guard now.timeIntervalSince(s.last) >= (terminal ? 0.2 : 5) || done == total else {
        return nil
      }
      s.last = now
      let elapsed = max(now.timeIntervalSince(s.start), 1e-9)
      let rate = Double(done) / elapsed
      let left = rate > 0 ? Double(total - done) / rate : 0
      let width = 30
      let filled = total > 0 ? width * done / total : 0
      let bar =
        String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      return String(
        format: "[%@] %d/%d %@, %.1f %@/s, %.0f s left", bar, done, total, unit, rate, unit, left)
    }
    if let line {
      FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
    }
  }

  func finish() { if terminal { FileHandle.standardError.write(Data("\n".utf8)) } }
}
