import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Work that holds a run slot while it steps: a run, or a batch of seeds.
protocol SlotRun: AnyObject, Sendable {
  /// Starts stepping on a thread of its own (the slots call this when it has a slot).
  func launch()
}

/// The server's run slots: at most ``limit`` runs step at once, the rest wait in order.
///
/// Shared by every session of one server. A run asks for a slot when it starts and
/// gives it back when its thread returns (finished, failed or cancelled); a run
/// cancelled while waiting leaves the queue without ever starting a thread. So the
/// step threads never outnumber the limit, however many tabs ask.
package final class RunSlots: @unchecked Sendable {
  package let limit: Int
  private let lock = NSLock()
  // Guarded by `lock`:
  private var running = 0
  private var waiting: [any SlotRun] = []

  package init(limit: Int) {
    self.limit = max(1, limit)
  }

  /// Runs stepping now and runs waiting (for the page and the tests).
  package var counts: (running: Int, waiting: Int) {
    lock.withLock { (running, waiting.count) }
  }

  /// Starts `run` now if a slot is free, else queues it.
  func submit(_ run: any SlotRun) {
    let startNow = lock.withLock {
      guard running < limit else {
        waiting.append(run)
        return false
      }
      running += 1
      return true
    }
    if startNow { run.launch() }
  }

  /// How many runs wait ahead of `run`, plus one (1: next); nil once it has a slot.
  func position(of run: any SlotRun) -> Int? {
    lock.withLock { waiting.firstIndex { $0 === run }.map { $0 + 1 } }
  }

  /// Takes a cancelled run out of the queue; false when it already has a slot.
  func withdraw(_ run: any SlotRun) -> Bool {
    lock.withLock {
      guard let index = waiting.firstIndex(where: { $0 === run }) else { return false }
      waiting.remove(at: index)
      return true
    }
  }

  /// Gives back a finished run's slot and starts the next waiting run, if any.
  func release() {
    let next: (any SlotRun)? = lock.withLock {
      if waiting.isEmpty {
        running -= 1
        return nil
      }
      return waiting.removeFirst()
    }
    if let next {
      next.launch()
    } else {
      returnFreeMemorySoon()
    }
  }

  /// Hands freed heap back a moment from now if nothing runs or waits then: the caller's
  /// own buffers (a finished run's rows, a closed tab's session) are freed only after it
  /// returns.
  package func returnFreeMemorySoon() {
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { [self] in
      if counts == (0, 0) { Self.returnFreeMemory() }
    }
  }

  /// Hands freed heap back to the system once nothing runs: glibc keeps what threads
  /// freed in per-thread arenas, so without this a burst of runs leaves its peak resident.
  package static func returnFreeMemory() {
    #if canImport(Glibc)
    if let trim = mallocTrim { _ = trim(0) }
    #endif
  }

  #if canImport(Glibc)
  /// glibc's `malloc_trim`, found at run time: `<malloc.h>` is not in the Glibc module,
  /// and another C library (musl) has no such function.
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
  }()
  #endif
}
