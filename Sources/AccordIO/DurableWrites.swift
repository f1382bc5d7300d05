import Foundation
import Synchronization

/// The crash-point counter: every durable write (file create, write, fsync, rename,
/// remove, SQLite commit, checkpoint) passes through ``point(_:)``.
///
/// In debug builds, `ACCORD_CRASH_AT_WRITE=N` ends the process at the N-th such point,
/// before the write happens, with `_exit` (no buffer flushed, no handler run: as a
/// crash or SIGKILL would), status ``exitStatus``, after naming the point on standard
/// error. The crash-point tests loop N over every point of a command, as SQLite tests
/// its commits. `ACCORD_CRASH_TRACE=1` lists the points as they pass. Release builds
/// read neither variable.
package enum DurableWrites {
  /// The status of a process ended at a crash point.
  package static let exitStatus: Int32 = 86

  #if DEBUG
  private static let target: Int? = ProcessInfo.processInfo.environment[
    "ACCORD_CRASH_AT_WRITE"
  ].flatMap { Int($0) }
  private static let trace = ProcessInfo.processInfo.environment["ACCORD_CRASH_TRACE"] == "1"
  private static let count = Atomic<Int>(0)
  #endif

  /// Counts one durable write of `kind`, and ends the process there if it is the one
  /// `ACCORD_CRASH_AT_WRITE` names.
  @inline(__always)
  package static func point(_ kind: StaticString) {
    #if DEBUG
    guard target != nil || trace else { return }
    let n = count.add(1, ordering: .sequentiallyConsistent).newValue
    if trace { FileHandle.standardError.write(Data("crash point \(n): \(kind)\n".utf8)) }
    if n == target {
      FileHandle.standardError.write(
        Data("ACCORD_CRASH_AT_WRITE: ended at point \(n) (\(kind))\n".utf8))
      _exit(exitStatus)
    }
    #endif
  }
}
