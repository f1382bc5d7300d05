package import AccordConfig
import AccordModel
package import AccordSweep
import Foundation

/// The session's sweep viewer: stores opened read-only, their runs, factor plots, and a
/// stored run replayed as a normal run.
///
/// Every request opens the store afresh, read-only and for that request only, after
/// checking its path again: a running sweep is never locked out, and a page left open
/// sees the runs committed since.
extension ExplorerSession {
  /// Opens sweep `id`: its overview, then its first page of runs.
  func openSweep(_ id: String) throws(MessageError) -> [ServerMessage] {
    let (entry, path) = try store(id)
    let overview = try reading(entry, path) { try SweepStore.overview(path: path) }
    let page = try reading(entry, path) { try SweepStore.runs(path: path) }
    return [.sweep(id: entry.id, overview: overview), .sweepRuns(id: entry.id, page: page)]
  }

  /// A page of sweep `query.sweep`'s runs.
  func sweepRuns(_ query: SweepQuery) throws(MessageError) -> ServerMessage {
    let (entry, path) = try store(query.sweep)
    guard query.offset >= 0 else {
      throw MessageError(
        .badParameter, "offset \(query.offset) is out of range; allowed: 0 or more")
    }
    let page = try reading(entry, path) {
      try SweepStore.runs(
        path: path, sort: query.sort, descending: query.descending, offset: query.offset)
    }
    return .sweepRuns(id: entry.id, page: page)
  }

  /// Sweep `id`'s factor plot of `metric` over `factor`.
  func factorPlot(_ id: String, factor: String, metric: String) throws(MessageError)
    -> ServerMessage
  {
    let (entry, path) = try store(id)
    let plot = try reading(entry, path) {
      try SweepStore.factorPlot(path: path, factor: factor, metric: metric)
    }
    return .factorPlot(id: entry.id, plot: plot)
  }

  /// Rebuilds run `run` of sweep `id` with the sweep runner's code and runs it as the
  /// session's run; its summary is checked against the stored one when it finishes.
  func replay(_ id: String, run: Int, speed requested: Double?) throws(MessageError)
    -> [ServerMessage]
  {
    let (entry, path) = try store(id)
    guard
      let stored = try reading(entry, path, { try SweepStore.storedSummary(path: path, run: run) })
    else {
      throw MessageError(
        .badParameter,
        "\(entry.id) has no run \(run) (not in its runs table: failed, not yet run, or no such run)"
      )
    }
    let built = try reading(entry, path) {
      try world(of: try StoredSweep(path: path), run: run, name: "\(entry.id) run \(run)")
    }
    if let requested { speed = requested }
    let started = launch(
      built, id: "\(entry.id) run \(run)", configFile: "\(entry.id)/sweep.sqlite (run \(run))",
      paused: false)
    guard let current = currentRun else { return started }
    replayCheck = (current.id, entry.id, run, stored)
    return started
      + [.replaying(run: current.id, id: entry.id, sweepRun: run, seed: built.config.seed)]
  }

  /// Run `run` of `sweep`, built by the sweep runner's code once its size passes the
  /// server's memory limit and its steps the explorer's; `name` names it in messages.
  package func world(of sweep: StoredSweep, run: Int, name: String) throws -> LoadedConfig {
    try checkMemory(sweep.node(run: run), name: name, seed: sweep.spec.seed(run: run), steps: nil)
    let (config, world) = try sweep.world(run: run)
    guard config.steps <= Self.maxSteps else {
      throw MessageError(
        .badParameter,
        "\(name) runs \(config.steps) steps; the explorer runs at most \(Self.maxSteps)")
    }
    return LoadedConfig(replaying: config, world: world, path: sweep.path)
  }

  /// Whether a finished replay's summary is the stored one, byte for byte as the store
  /// writes summaries.
  func replayed(
    _ outcome: RunOutcome, _ check: (run: Int, id: String, sweepRun: Int, stored: String)
  )
    -> ServerMessage
  {
    let json = outcome.summary.flatMap { try? StoredSweep.summaryJSON($0) }
    return .replayed(
      run: check.run, id: check.id, sweepRun: check.sweepRun, matches: json == check.stored,
      stored: check.stored)
  }

  /// The listed store `id` and its real path, checked now.
  private func store(_ id: String) throws(MessageError) -> (SweepCatalog.Entry, String) {
    let entry = try sweeps.resolve(id)
    return (entry, try sweeps.open(entry))
  }

  /// Runs a read of the store, its errors in the page's terms: the store's directory by
  /// its name in the list, never its path on disk.
  private func reading<T>(
    _ entry: SweepCatalog.Entry, _ path: String, _ body: () throws -> T
  ) throws(MessageError) -> T {
    do {
      return try body()
    } catch let error as MessageError {
      throw error
    } catch {
      let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
      throw MessageError(
        .badConfig, "\(error)".replacingOccurrences(of: directory, with: entry.id))
    }
  }
}
