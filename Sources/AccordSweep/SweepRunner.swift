import AccordConfig
import AccordIO
import AccordModel
import Dispatch
import Foundation
import Synchronization
internal import Yams

/// A flag a signal handler can raise and workers can read.
package final class StopSignal: Sendable {
  private let raised = Atomic<Bool>(false)
  private let number = Atomic<Int32>(0)

  package init() {}

  package func raise() { raised.store(true, ordering: .relaxed) }

  /// Raises the flag for signal `signal` (the first signal received is kept).
  package func raise(signal: Int32) {
    _ = number.compareExchange(expected: 0, desired: signal, ordering: .relaxed)
    raise()
  }

  package var isRaised: Bool { raised.load(ordering: .relaxed) }

  /// The signal that raised the flag, if one did.
  package var signal: Int32? {
    let n = number.load(ordering: .relaxed)
    return n == 0 ? nil : n
  }

  /// The conventional exit status of a process stopped by the signal: 128 + its number
  /// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
  package var exitStatus: Int32 { 128 + (signal ?? 2) }
}

/// Runs the missing runs of a sweep (or of the store's shard) on Dispatch workers and
/// commits them to the store.
///
/// Every run depends only on the sweep and its index (its design point and its seed),
/// so the store's rows are the same whatever the number of workers and whatever order
/// runs finish in. Workers take run indices from a shared counter and commit finished
/// runs in batches; a run's rows are never split across transactions. When `stop` is
/// raised, workers take no new runs and end the runs in flight at their current step,
/// unrecorded: finished runs are committed whole, and `--resume` completes the rest.
/// Each run is recorded in ``RunsInFlight`` before it starts, so a run that kills the
/// process is retried once and then recorded as crashed.
///
/// A run that throws (a design point whose config the model refuses) is recorded in the
/// store's `failures` table with its message and seed, and the sweep goes on; `--resume`
/// skips failed runs unless `retryFailed`. Errors of the store itself (a full disk)
/// still stop the sweep, after the finished runs are committed where possible.
package enum SweepRunner {
  /// Finished runs a worker commits together once the store is free.
  static let batch = 32
  /// Kept rows (time series and agents) after which a worker commits sooner.
  static let batchRows = 4096
  /// A worker commits sooner when this long has passed since its last commit (slow runs).
  static let interval = Duration.milliseconds(250)
  /// Finished runs, or kept rows, a worker may hold before it waits for the store: this
  /// bounds the memory of runs not yet committed, whatever a run keeps.
  static let maxPending = 64
  static let maxPendingRows = 65_536

  package struct Outcome: Sendable {
    /// Runs computed this time (committed or failed).
    package var ran: Int
    package var skipped: Int
    package var stopped: Bool
    /// Runs that failed this time.
    package var failed: Int = 0
  }

  /// Runs the missing runs of `spec` (or of the store's shard) into `store` on `jobs`
  /// workers.
  ///
  /// With `abandon`, a stop that finds only workers building a run's world (which cannot
  /// stop midway) calls it once the store is quiet: the command ends the process there
  /// (``SetupWatch``). Without it, the runner waits for those setups to end.
  package static func run(
    spec: SweepSpec, store: SweepStore, jobs: Int, stop: StopSignal, commit: Bool = true,
    retryFailed: Bool = false, abandon: (@Sendable () -> Void)? = nil,
    progress: @Sendable (_ done: Int, _ total: Int) -> Void
  ) throws -> Outcome {
    let points = try spec.points()
    var done = try store.completedRuns(retryFailed: retryFailed)
    let skipped = done.count
    let runs = store.shard.runs(of: spec.runCount)
    let context = RunContext(spec: spec, points: points)
    let inFlight = try RunsInFlight(
      path: RunsInFlight.path(store: store.path), slots: max(1, jobs))
    let watch = SetupWatch(workers: max(1, jobs))
    if let abandon {
      watch.start(stop: stop) { [store, inFlight] in
        // No run is simulating: those set up did not crash, and --resume runs them.
        store.checkpoint()
        inFlight.discard()
        abandon()
      }
    }
    defer { watch.finish() }
    let retried = try retryLeftInFlight(
      inFlight, runs: runs, done: &done, context: context, store: commit ? store : nil,
      stop: stop, watch: watch)
    let todo = runs.filter { !done.contains($0) }
    let next = Mutex(0)
    let shared = Shared(finished: done.count)
    shared.failed.withLock { $0 = retried.failed }
    let total = runs.count
    // `watch.writer` guards the store. A worker commits its finished runs in batches,
    // and only when no other worker is committing; otherwise it computes its next run
    // and tries later.
    // One transaction per run, and workers waiting on the store's queue, cost a fifth
    // to a quarter of the run time on two cores (futex sleeps and wake-ups; measured).
    DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { worker in
      // Runs come in index order, so a worker's consecutive runs are mostly replicates
      // of one design point: keep that point's decoded config.
      var cache: PointCache?
      var pending: [RunRecord] = []
      var failures: [FailedRun] = []
      var pendingRows = 0
      var lastCommit = ContinuousClock.now
      func commitPending() throws {
        if commit { try store.commit(pending, failures: failures) }
        let count = shared.finished.withLock { n -> Int in
          n += pending.count + failures.count
          return n
        }
        shared.failed.withLock { $0 += failures.count }
        failures.removeAll()
        pending.removeAll(keepingCapacity: true)
        pendingRows = 0
        lastCommit = .now
        progress(count, total)
      }
      watch.set(worker, .working)
      defer { watch.set(worker, .idle) }
      do {
        while !stop.isRaised {
          let index = next.withLock { n -> Int? in
            guard n < todo.count else { return nil }
            n += 1
            return n - 1
          }
          guard let index else { break }
          // Recorded before the run starts: if it kills the process, --resume knows it.
          inFlight.begin(slot: worker, run: todo[index], attempt: 1)
          do {
            let record = try context.execute(
              run: todo[index], cache: &cache, stop: stop, setup: (watch, worker))
            pendingRows += record.series.count + record.agents.count
            pending.append(record)
          } catch is RunStopped {
            // Stopped mid-way: neither done nor failed, so --resume runs it.
          } catch {
            failures.append(context.failure(run: todo[index], error))
          }
          inFlight.end(slot: worker)
          let held = pending.count + failures.count
          if held >= Self.maxPending || pendingRows >= Self.maxPendingRows {
            try watch.writer.withLock { _ in try commitPending() }
          } else if held >= Self.batch || pendingRows >= Self.batchRows
            || ContinuousClock.now - lastCommit > Self.interval
          {
            try watch.writer.withLockIfAvailable { _ in try commitPending() }
          }
        }
        // Runs in flight when the sweep ends or stops are committed whole.
        try watch.writer.withLock { _ in try commitPending() }
      } catch {
        shared.fail(error)
        stop.raise()
      }
    }
    inFlight.discard()
    if let error = shared.failure.withLock({ $0 }) { throw error }
    store.checkpoint()
    let ran = shared.finished.withLock { $0 } - done.count
    return Outcome(
      ran: ran + retried.ran, skipped: skipped, stopped: ran < todo.count,
      failed: shared.failed.withLock { $0 })
  }
}

/// Counters the workers and the writer share.
final class Shared: Sendable {
  let finished: Mutex<Int>
  let failed = Mutex(0)
  let failure = Mutex<(any Error)?>(nil)

  init(finished: Int) { self.finished = Mutex(finished) }

  /// Keeps the first error.
  func fail(_ error: any Error) { failure.withLock { if $0 == nil { $0 = error } } }
}

/// A design point's decoded config, and the tree it came from (to locate errors).
typealias PointCache = (point: Int, config: WorldConfig, node: Node)

/// What a worker needs to perform any run of the sweep.
struct RunContext: @unchecked Sendable {
  // SweepSpec holds a Yams node tree, which is an immutable value here: reading it
  // from several threads is safe.
  let spec: SweepSpec
  let points: [[Double]]

  /// Run `run` as failed with `error`.
  func failure(run: Int, _ error: any Error) -> FailedRun {
    FailedRun(
      run: run, point: run / spec.replicates, replicate: run % spec.replicates,
      seed: spec.seed(run: run), message: "\(error)")
  }

  /// Performs run `run`; throws ``RunStopped`` if `stop` is raised before it ends.
  ///
  /// `setup` marks the worker as building the world (``SetupWatch``) until the
  /// simulation is ready.
  func execute(
    run: Int, cache: inout PointCache?, stop: StopSignal? = nil,
    setup: (watch: SetupWatch, worker: Int)? = nil
  ) throws -> RunRecord {
    let point = run / spec.replicates
    let replicate = run % spec.replicates
    let seed = spec.seed(run: run)
    if let trap = Self.trapRun, trap == run {
      fatalError("ACCORD_TEST_TRAP_RUN: run \(run) traps, as a run that kills the process would")
    }
    if let direct = spec.model.kind.evaluate(points[point]) {
      return RunRecord(
        run: run, point: point, replicate: replicate, seed: seed, factors: points[point],
        metrics: direct.metrics, summaryJSON: direct.summaryJSON, series: [], agents: [])
    }
    // What this worker is doing, for the watch (nothing to record without one).
    let mark = { (phase: SetupWatch.Phase) in setup.map { $0.watch.set($0.worker, phase) } }
    mark(.setup)
    var simulation: Simulation
    let loaded: (config: WorldConfig, world: World)
    do {
      loaded = try world(run: run, cache: &cache)
      simulation = try Simulation(world: loaded.world, seed: seed)
    } catch {
      mark(.working)
      throw error
    }
    mark(.working)
    var collector = Collector(keep: spec.keep, every: spec.every, world: loaded.world, stop: stop)
    guard try simulation.run(steps: loaded.config.steps, observer: &collector) else {
      throw RunStopped()
    }
    let summary = simulation.summary()
    return RunRecord(
      run: run, point: point, replicate: replicate, seed: seed, factors: points[point],
      metrics: summary.metricValues, summaryJSON: try Self.summaryJSON(summary),
      series: collector.series,
      agents: collector.agents)
  }
}

/// Keeps the time-series and agent rows a sweep asks for.
struct Collector: StepObserver {
  let keep: KeepLevel
  let every: Int
  let layout: ColumnLayout<StepRecord>
  var series: [[RowValue]] = []
  var agents: [AgentRow] = []

  /// Raised when the sweep stops: the run then ends at its current step, unrecorded.
  let stop: StopSignal?

  init(keep: KeepLevel, every: Int, world: World, stop: StopSignal? = nil) {
    self.keep = keep
    self.every = every
    self.stop = stop
    layout = TimeSeriesRow.layout(
      nations: world.nations.map(\.name), issues: world.parameters.issues)
  }

  mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
    let control: StepControl = stop?.isRaised == true ? .stop : .proceed
    guard keep != .summary, simulation.step % every == 0 || simulation.isFinished else {
      return control
    }
    series.append(layout.values(simulation.record))
    guard keep == .agents else { return control }
    for i in 0..<simulation.agents.count {
      agents.append(AgentRow(simulation, agent: i, withInterval: false))
    }
    return control
  }
}

/// A run that the sweep's stop ended before its horizon: not recorded, run again on
/// `--resume`.
struct RunStopped: Error {}
