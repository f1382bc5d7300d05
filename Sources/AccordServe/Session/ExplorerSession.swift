import AccordConfig
import AccordIO
import AccordModel
package import Foundation
package import Yams

/// One page's state: the config it loaded and its current run.
///
/// Every open tab has its own session, so tabs run independent simulations; closing
/// the tab calls ``close()``, which stops the run at its next step.
package actor ExplorerSession {
  /// Runs longer than this are refused (the page keeps every row in memory).
  package static let maxSteps = 100_000

  let catalog: ConfigCatalog
  /// The sweep stores this page may open.
  let sweeps: SweepCatalog
  /// The server's run slots, shared by every session.
  let slots: RunSlots
  /// A run whose world and rows are estimated above this many bytes is refused.
  private let maxRunBytes: Int
  /// The queue position last sent for the current run (0: started).
  private var sentPosition: Int?
  private var current: RunController?
  /// The current run replayed to the step the page shows (made on the first `frame`).
  var replay: RunReplay?
  /// The current batch of seeds, if any.
  var batch: SeedBatch?
  /// The current run (for tests).
  var currentRun: RunController? { current }
  var nextRun = 1
  /// Steps per second of the next runs (0: as fast as possible), set by `speed` and `run`.
  var speed = 0.0
  /// Replies waiting for the sender, which is the only writer to the socket.
  private var outbox: [ServerMessage] = []
  /// The current run, when it replays a stored run: checked against the stored summary.
  var replayCheck: (run: Int, id: String, sweepRun: Int, stored: String)?

  /// A session of a server with `slots` (a server of its own by default).
  package init(
    catalog: ConfigCatalog, sweeps: SweepCatalog = .empty,
    slots: RunSlots = RunSlots(limit: ServeLimits().maxRuns),
    maxRunBytes: Int = ServeLimits().maxRunBytes
  ) {
    self.catalog = catalog
    self.sweeps = sweeps
    self.slots = slots
    self.maxRunBytes = maxRunBytes
  }

  /// Handles one raw message; a refused message becomes an error message for the page.
  package func handle(_ data: Data) -> [ServerMessage] {
    do {
      return try handle(try ClientMessage.parse(data))
    } catch {
      return [.error(error)]
    }
  }

  /// Handles one raw message and queues the replies for ``poll()``.
  package func receive(_ data: Data) {
    outbox += handle(data)
  }

  /// Queues a message for ``poll()``, such as a refusal decided before parsing.
  package func enqueue(_ message: ServerMessage) {
    outbox.append(message)
  }

  /// Handles one parsed message.
  package func handle(_ message: ClientMessage) throws(MessageError) -> [ServerMessage] {
    switch message {
    case .hello:
      return [.catalog(entries: catalog.entries, initial: catalog.initial)]
        + (sweeps.entries.isEmpty ? [] : [.sweeps(sweeps.entries)])
    case .load(let id):
      let entry = try catalog.resolve(id)
      return [.loaded(ConfigView(id: entry.id, loaded: try load(entry, RunRequest(config: id))))]
    case .run(let request):
      return try start(request, paused: false)
    case .step(let request):
      if let run = current, !run.isFinished {
        run.stepOnce()
        return []
      }
      let started = try start(request, paused: true)
      current?.stepOnce()
      return started
    case .pause:
      try running().pause()
      return []
    case .resume:
      try running().resume()
      return []
    case .reset:
      current?.cancel()
      current = nil
      replayCheck = nil
      replay = nil
      batch?.cancel()
      batch = nil
      return []
    case .speed(let stepsPerSecond):
      speed = stepsPerSecond
      current?.setSpeed(stepsPerSecond)
      return []
    case .download:
      guard let run = current, let files = run.files() else {
        throw MessageError(.state, "no finished run to download; press Run and wait for the end")
      }
      return [.files(run: run.id, files: files)]
    case .frame(let step, let agent):
      return [try frame(step: step, agent: agent)]
    case .seeds(let request, let count):
      try startSeeds(request, count: count)
      return []
    case .sweep(let id): return try openSweep(id)
    case .sweepRuns(let query): return [try sweepRuns(query)]
    case .factorPlot(let id, let factor, let metric):
      return [try factorPlot(id, factor: factor, metric: metric)]
    case .replay(let id, let run, let speed): return try replay(id, run: run, speed: speed)
    }
  }

  /// Queued replies, then the current run's new lines and state since the last call
  /// (for the sender).
  package func poll() -> [ServerMessage] {
    var messages = outbox
    outbox.removeAll()
    if let batch, let update = batch.drain() {
      if let failure = update.failure {
        messages.append(.error(MessageError(.badConfig, failure)))
      } else {
        messages.append(
          .band(run: batch.id, done: update.done, count: batch.seeds.count, band: update.band))
      }
    }
    guard let run = current else { return messages }
    let update = run.drain()
    // The queue position when it changes, and 0 once a waiting run starts.
    let position = update.queued ?? (sentPosition == nil ? nil : 0)
    if let position, position != sentPosition {
      messages.append(.queued(run: run.id, position: position, limit: slots.limit))
      sentPosition = position == 0 ? nil : position
    }
    if !update.lines.isEmpty || update.finished != nil {
      messages.append(
        .rows(run: run.id, lines: update.lines, step: update.step, paused: update.paused))
    }
    if let agents = update.agents {
      messages.append(.agents(run: run.id, snapshot: agents))
    }
    if let outcome = update.finished {
      messages.append(.finished(run: run.id, outcome: outcome))
      if let summary = outcome.summary {
        let world = run.loaded.world
        messages.append(
          .summary(
            run: run.id,
            table: SummaryTable(
              summary, nations: world.nations.map(\.name), issues: world.parameters.issues)))
      }
      if let check = replayCheck, check.run == run.id {
        messages.append(replayed(outcome, check))
        replayCheck = nil
      }
    }
    return messages
  }

  /// Stops the current run: the page is gone.
  package func close() {
    current?.cancel()
    current = nil
    replayCheck = nil
    replay = nil
    batch?.cancel()
    batch = nil
  }

  private func running() throws(MessageError) -> RunController {
    guard let run = current, !run.isFinished else {
      throw MessageError(.state, "no run in progress")
    }
    return run
  }

  /// Starts a run: `started`, then the network for small worlds.
  private func start(_ request: RunRequest, paused: Bool) throws(MessageError) -> [ServerMessage] {
    let entry = try catalog.resolve(request.config)
    let loaded = try load(entry, request)
    if let requested = request.speed { speed = requested }
    return launch(loaded, id: entry.id, configFile: configFile(entry), paused: paused)
  }

  /// Runs `loaded` as the session's run, in place of any run or batch: `started`, then
  /// the network for small worlds.
  func launch(_ loaded: LoadedConfig, id: String, configFile: String, paused: Bool)
    -> [ServerMessage]
  {
    current?.cancel()
    replayCheck = nil
    // A band belongs to the settings it was asked with; a new run ends it (the page
    // sends a batch's seeds after its run).
    batch?.cancel()
    batch = nil
    replay = nil
    let run = RunController(
      id: nextRun, loaded: loaded, configFile: configFile, paused: paused, slots: slots,
      speed: speed)
    nextRun += 1
    sentPosition = nil
    current = run
    run.start()
    let columns = TimeSeriesWriter.columns(
      nations: loaded.world.nations.map(\.name), issues: loaded.world.parameters.issues)
    let started = ServerMessage.started(
      run: run.id, view: ConfigView(id: id, loaded: loaded), columns: columns)
    return [started] + (NetworkView(loaded.world).map { [.network(run: run.id, view: $0)] } ?? [])
  }

  /// Refuses a world whose estimated memory is over the limit, before it is built;
  /// `name` names it in the message.
  func checkMemory(_ node: Node, name: String, seed: UInt32?, steps: Int?) throws(MessageError) {
    guard let size = ConfigLoader.size(node: node, seed: seed, steps: steps) else { return }
    let bytes = ServeLimits.runBytes(
      agents: size.agents, storedEdges: size.storedEdges, nations: size.nations,
      steps: min(size.steps, Self.maxSteps))
    guard bytes > Double(maxRunBytes) else { return }
    let mib = { (bytes: Double) in String(format: "%.1f MiB", bytes / 1_048_576) }
    throw MessageError(
      .tooLarge,
      "\(name): \(size.agents) agents over \(size.steps) steps need about \(mib(bytes)); "
        + "this server runs worlds up to \(mib(Double(maxRunBytes))) "
        + "(accord serve --max-run-memory MIB; accord run has no such limit)")
  }

  /// The config file as `accord run` would name it when run from the working directory.
  private func configFile(_ entry: ConfigCatalog.Entry) -> String {
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      .standardizedFileURL.resolvingSymlinksInPath().path
    return entry.path.hasPrefix(cwd + "/")
      ? String(entry.path.dropFirst(cwd.count + 1)) : entry.path
  }

  /// Loads a catalog entry with the request's seed, steps and parameters, checked as
  /// `accord run` checks a file.
  func load(_ entry: ConfigCatalog.Entry, _ request: RunRequest) throws(MessageError)
    -> LoadedConfig
  {
    if let seed = request.seed, !(0...Int(WorldConfig.maxSeed)).contains(seed) {
      throw MessageError(
        .badParameter, "seed \(seed) is out of range; allowed: [0, \(WorldConfig.maxSeed)]")
    }
    if let steps = request.steps, !(1...Self.maxSteps).contains(steps) {
      throw MessageError(
        .badParameter,
        "steps \(steps) is out of range; the explorer runs [1, \(Self.maxSteps)] (use accord run for more)"
      )
    }
    let text = try catalog.text(of: entry)
    do {
      let node = try ConfigOverrides.apply(
        request.params, to: try ConfigLoader.compose(yaml: text, path: entry.path))
      try checkMemory(
        node, name: entry.id, seed: request.seed.map { UInt32($0) }, steps: request.steps)
      let loaded = try ConfigLoader.load(
        node: node, path: entry.path, seed: request.seed.map { UInt32($0) }, steps: request.steps)
      guard loaded.config.steps <= Self.maxSteps else {
        throw MessageError(
          .badParameter,
          "the config asks for \(loaded.config.steps) steps; the explorer runs at most \(Self.maxSteps)"
        )
      }
      return loaded
    } catch let error as MessageError {
      throw error
    } catch {
      throw MessageError(
        .badConfig, "\(error)".replacingOccurrences(of: entry.path, with: entry.id))
    }
  }
}
