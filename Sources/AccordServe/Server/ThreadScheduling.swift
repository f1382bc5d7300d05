import Foundation

/// Keeps the server's own threads from preempting the runs' step loops.
///
/// On Linux, `accord serve` puts every thread it has (the NIO event loops, the task
/// pool running the senders) under `SCHED_BATCH`, which new threads inherit: a batch
/// thread that wakes up waits for the next tick instead of preempting the thread on
/// its core. Each run's step thread, started from a batch thread, puts itself back
/// under `SCHED_OTHER`. Both policies have the same weight (nice 0), so this changes
/// who waits at a wake-up, not anyone's share of the CPU, and needs no privilege.
/// Elsewhere both calls do nothing.
enum ThreadScheduling {
  #if os(Linux)
  /// `SCHED_OTHER` and `SCHED_BATCH` from `<sched.h>` (the second is a GNU extension
  /// the Glibc module does not export).
  static let other: Int32 = 0
  static let batch: Int32 = 3
  #endif

  /// Puts every current thread of the process under the batch policy.
  static func batchServerThreads() {
    #if os(Linux)
    guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
    else { return }
    for task in tasks {
      if let tid = Int32(task) { set(batch, on: tid) }
    }
    #endif
  }

  /// Puts the calling thread back under the normal policy (a run's step thread).
  static func interactiveCurrentThread() {
    #if os(Linux)
    set(other, on: 0)
    #endif
  }

  #if os(Linux)
  /// Sets a thread's policy (0: the calling thread); best effort: a refusal leaves the
  /// thread as it was.
  static func set(_ policy: Int32, on tid: Int32) {
    var parameters = sched_param(sched_priority: 0)
    _ = sched_setscheduler(tid, policy, &parameters)
  }
  #endif
}
