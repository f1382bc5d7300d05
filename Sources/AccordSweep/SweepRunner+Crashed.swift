import AccordConfig
import Foundation

/// A run that was in flight each time the process died: on its first try and on its
/// retry alone.
struct RunCrashed: Error, CustomStringConvertible {
  var at: String

  var description: String {
    "crashed: the process died while this run was in flight, and again when it was "
      + "retried alone (\(at)); the sweep went on without it "
      + "(`sweep run --resume --retry-failed` tries it again)"
  }
}

extension SweepRunner {
  /// Settles the runs that were in flight when the store's last writer died, before any
  /// other run: each is retried once, alone (so a run that kills the process again is
  /// known to be the one), and a run found in flight on its retry is recorded as failed.
  ///
  /// Each outcome is committed at once, so the next `--resume` does not meet it again.
  /// Returns the runs settled and how many of them failed.
  static func retryLeftInFlight(
    _ inFlight: RunsInFlight, runs: Range<Int>, done: inout Set<Int>, context: RunContext,
    store: SweepStore?, stop: StopSignal, watch: SetupWatch? = nil
  ) throws -> (ran: Int, failed: Int) {
    var ran = 0
    var failed = 0
    watch?.set(0, .working)
    defer { watch?.set(0, .idle) }
    for entry in inFlight.left where runs.contains(entry.run) && !done.contains(entry.run) {
      if stop.isRaised { break }
      if entry.attempt >= 2 {
        try store?.commit(
          [], failures: [context.failure(run: entry.run, RunCrashed(at: context.where(entry.run)))])
        failed += 1
      } else {
        inFlight.begin(slot: 0, run: entry.run, attempt: 2)
        var cache: PointCache?
        let result = Result {
          try context.execute(
            run: entry.run, cache: &cache, stop: stop, setup: watch.map { ($0, 0) })
        }
        inFlight.end(slot: 0)
        if case .failure(let error) = result, error is RunStopped { break }
        switch result {
        case .success(let record):
          try store?.commit([record])
        case .failure(let error):
          try store?.commit([], failures: [context.failure(run: entry.run, error)])
          failed += 1
        }
      }
      done.insert(entry.run)
      ran += 1
    }
    return (ran, failed)
  }
}

extension RunContext {
  /// Run `run`'s design point, replicate and seed, with its factors' values.
  func `where`(_ run: Int) -> String {
    let point = run / spec.replicates
    let levels = zip(spec.factors, points[point]).map { "\($0.path.text) = \($1)" }
    return "point \(point)" + (levels.isEmpty ? "" : " (" + levels.joined(separator: ", ") + ")")
      + ", replicate \(run % spec.replicates), seed \(spec.seed(run: run))"
  }

  /// Traps in the run named by `ACCORD_TEST_TRAP_RUN`, to test that a sweep survives a
  /// run that kills the process; debug builds only.
  static let trapRun: Int? = {
    #if DEBUG
    return ProcessInfo.processInfo.environment["ACCORD_TEST_TRAP_RUN"].flatMap { Int($0) }
    #else
    return nil
    #endif
  }()
}
