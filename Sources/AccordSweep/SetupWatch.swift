import Foundation
import Synchronization

/// Ends a stopped sweep while workers are still building a run's world.
///
/// Building a world (decoding the point, the network, exact power indices of a large
/// nation) cannot stop midway and may take minutes, yet a worker there has nothing to
/// save. When the sweep is stopped, the watch waits until no worker is simulating or
/// committing (those end their runs at the current step and commit what finished), and
/// then, holding the store's writer lock, calls its `abandon` action, which ends the
/// process. The runs being set up are not recorded as in flight (they did not crash),
/// and a finished run their workers had not yet committed is missing like any other:
/// `--resume` runs both.
final class SetupWatch: Sendable {
  /// What a worker is doing.
  enum Phase: Sendable { case idle, working, setup }

  /// The store's writer lock: commits, and the decision to abandon, hold it.
  let writer = Mutex(())
  private let phases: Mutex<[Phase]>
  private let over = Atomic<Bool>(false)
  /// The action, dropped by ``finish()``: it holds the store, whose connection must close
  /// when the command ends (a store left open keeps its `-wal` and `-shm` files).
  private let action = Mutex<(@Sendable () -> Void)?>(nil)

  init(workers: Int) { phases = Mutex(Array(repeating: .idle, count: max(1, workers))) }

  /// Records what `worker` is doing now.
  func set(_ worker: Int, _ phase: Phase) {
    phases.withLock { $0[worker % $0.count] = phase }
  }

  /// Whether every worker still at work is building a world, and one is.
  var onlySetupLeft: Bool {
    phases.withLock { all in !all.contains(.working) && all.contains(.setup) }
  }

  /// Watches, on a thread of its own, until ``finish()``: once `stop` is raised and only
  /// setups are left, runs `abandon` with the writer lock held.
  func start(stop: StopSignal, abandon: @escaping @Sendable () -> Void) {
    action.withLock { $0 = abandon }
    Thread.detachNewThread { [self] in
      while !over.load(ordering: .acquiring) {
        if stop.isRaised && onlySetupLeft {
          writer.withLock { _ in
            // Rechecked under the lock: a worker may have left its setup meanwhile.
            if onlySetupLeft, let abandon = action.withLock({ $0 }) { abandon() }
          }
        }
        Thread.sleep(forTimeInterval: 0.02)
      }
    }
  }

  /// Ends the watch (the workers have returned) and drops its action.
  func finish() {
    over.store(true, ordering: .releasing)
    action.withLock { $0 = nil }
  }
}
