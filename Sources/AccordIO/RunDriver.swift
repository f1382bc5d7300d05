package import AccordModel
import Foundation

/// Where and how one run writes its results.
package struct RunOutputOptions: Sendable {
  package var directory: String
  package var format: OutputFormat
  /// Also write agent-level rows.
  package var agents: Bool
  /// Write agent rows every this many steps (and at the last step).
  package var agentsEvery: Int
  /// Overrides of the config file, recorded in `summary.json`.
  package var overrides: [RecordedOverride]

  package init(
    directory: String, format: OutputFormat = .csv, agents: Bool = false, agentsEvery: Int = 1,
    overrides: [RecordedOverride] = []
  ) {
    self.directory = directory
    self.format = format
    self.agents = agents
    self.agentsEvery = max(1, agentsEvery)
    self.overrides = overrides
  }
}

/// The result of a completed, written run.
package struct RunResult: Sendable {
  package var summary: RunSummary
  /// Paths of the files written, summary last.
  package var files: [String]
  package var stoppedAtAgreement: Bool
  /// False when the run was stopped (Ctrl-C) before its horizon or agreement.
  package var complete: Bool
}

/// Runs one world and writes its files atomically.
///
/// The time series (and agent rows) stream to `.NAME.partial` files while the run
/// goes; at the end they are renamed into place and `summary.json` is written last.
/// A directory holding `summary.json` therefore holds a finished run (its `complete`
/// says whether it reached its horizon); an older run's `summary.json` and data files
/// are removed before the new files land, so a directory never mixes two runs.
package enum RunDriver {
  /// Sets up the run, runs it and writes its files.
  ///
  /// `progress(step, steps)` is called after every step, and when `stop()` turns true the run ends after the current step and its files are written
  /// as they stand, with `complete: false` in `summary.json`. `ready()` is called once
  /// the world's setup is done, before any file is opened: until then a stop has
  /// nothing to save.
  package static func run<Config: Encodable & Sendable>(
    world: World, seed: UInt32, steps: Int, config: Config, configFile: String,
    output: RunOutputOptions, progress: @escaping (Int, Int) -> Void = { _, _ in },
    stop: @escaping () -> Bool = { false }, ready: () -> Void = {}
  ) throws -> RunResult {
    let fm = FileManager.default
    var simulation = try Simulation(world: world, seed: seed)
    ready()
    do {
      try fm.createDirectory(atPath: output.directory, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        path: output.directory, message: "cannot create directory: \(error.localizedDescription)")
    }
    let ext = output.format.fileExtension
    let seriesPath = "\(output.directory)/timeseries.\(ext)"
    let agentsPath = "\(output.directory)/agents.\(ext)"
    let summaryPath = "\(output.directory)/summary.json"
    var recorder = Recorder(
      series: try TimeSeriesWriter(
        path: seriesPath, format: output.format, nations: world.nations.map(\.name),
        issues: world.parameters.issues),
      agents: output.agents
        ? try AgentWriter(path: agentsPath, format: output.format, world: world) : nil,
      agentsEvery: output.agentsEvery, steps: steps, progress: progress, stop: stop)
    let complete = try simulation.run(steps: steps, observer: &recorder)
    try recorder.finish(simulation)
    // Retire the old completion marker first, then every file of an older run (either
    // format): a kill between the renames below then leaves new files without
    // `summary.json`, never a new time series beside an old agents file.
    for stale in [summaryPath]
      + OutputFormat.allCases.flatMap({
        [
          "\(output.directory)/timeseries.\($0.fileExtension)",
          "\(output.directory)/agents.\($0.fileExtension)",
        ]
      }) where fm.fileExists(atPath: stale)
    {
      DurableWrites.point("remove")
      try? fm.removeItem(atPath: stale)
    }
    try recorder.commit()
    var files = [seriesPath]
    if output.agents { files.append(agentsPath) }
    files.append(summaryPath)
    let document = RunDocument(
      of: simulation, config: config, configFile: configFile, stepsRequested: steps,
      complete: complete, overrides: output.overrides,
      files: files.map { ($0 as NSString).lastPathComponent })
    var summaryFile = try AtomicFile(path: summaryPath)
    try summaryFile.write(try document.encoded())
    try summaryFile.commit()
    return RunResult(
      summary: document.summary, files: files, stoppedAtAgreement: simulation.isFinished,
      complete: complete)
  }
}

/// Streams each step, from the initial state (step 0), to the time-series file and, if
/// asked, every `agentsEvery`-th step (step 0 included) to the agents file.
///
/// It reports progress after each step and stops the run when `stop()` turns true.
struct Recorder: StepObserver, ~Copyable {
  var series: TimeSeriesWriter
  var agents: AgentWriter?
  let agentsEvery: Int
  let steps: Int
  let progress: (Int, Int) -> Void
  let stop: () -> Bool
  private var agentsWritten = -1

  init(
    series: consuming TimeSeriesWriter, agents: consuming AgentWriter?, agentsEvery: Int,
    steps: Int, progress: @escaping (Int, Int) -> Void, stop: @escaping () -> Bool
  ) {
    self.series = series
    self.agents = agents
    self.agentsEvery = agentsEvery
    self.steps = steps
    self.progress = progress
    self.stop = stop
  }

  mutating func observe(_ simulation: borrowing Simulation) throws -> StepControl {
    try series.write(simulation)
    if agents != nil && simulation.step % agentsEvery == 0 {
      try agents?.write(simulation)
      agentsWritten = simulation.step
    }
    if simulation.step > 0 { progress(simulation.step, steps) }
    return stop() ? .stop : .proceed
  }

  /// Writes the last step's agent rows if thinning skipped them (step 0 never is).
  mutating func finish(_ simulation: borrowing Simulation) throws {
    if agents != nil && simulation.step > 0 && agentsWritten != simulation.step {
      try agents?.write(simulation)
      agentsWritten = simulation.step
    }
  }

  mutating func commit() throws {
    try series.commit()
    try agents?.commit()
  }
}
