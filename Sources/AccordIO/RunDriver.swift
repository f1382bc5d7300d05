import AccordModel
import Foundation

/// Where and how one run writes its results.
public struct RunOutputOptions: Sendable {
  public var directory: String
  public var format: OutputFormat
  /// Also write agent-level rows.
  public var agents: Bool
  /// Overrides of the config file, recorded in `summary.json`.
  public var overrides: [RecordedOverride]

  public init(
    directory: String, format: OutputFormat = .csv, agents: Bool = false,
    overrides: [RecordedOverride] = []
  ) {
    self.directory = directory
    self.format = format
    self.agents = agents
    self.overrides = overrides
  }
}

/// The result of a completed, written run.
public struct RunResult: Sendable {
  public var summary: RunSummary
  /// Paths of the files written, summary last.
  public var files: [String]
  public var stoppedAtAgreement: Bool
}

/// Runs one world and writes its files atomically.
///
/// The time series (and agent rows) stream to `.NAME.partial` files while the run
/// goes; at the end they are renamed into place and `summary.json` is written last.
/// A directory holding `summary.json` therefore holds a complete run; an older
/// `summary.json` is removed before the new files land.
public enum RunDriver {
  public static func run<Config: Encodable & Sendable>(
    world: World, seed: UInt32, steps: Int, config: Config, configFile: String,
    output: RunOutputOptions
  ) throws -> RunResult {
    let fm = FileManager.default
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
    var simulation = try Simulation(world: world, seed: seed)
    var recorder = Recorder(
      series: try TimeSeriesWriter(
        path: seriesPath, format: output.format, nations: world.nations.map(\.name),
        issues: world.parameters.issues),
      agents: output.agents
        ? try AgentWriter(path: agentsPath, format: output.format, world: world) : nil)
    try simulation.run(steps: steps, observer: &recorder)
    let summary = simulation.summary()
    // Retire the old completion marker and stale files of the other format first.
    for stale in [summaryPath]
      + OutputFormat.allCases.filter({ $0 != output.format }).flatMap({
        [
          "\(output.directory)/timeseries.\($0.fileExtension)",
          "\(output.directory)/agents.\($0.fileExtension)",
        ]
      }) + (output.agents ? [] : [agentsPath]) where fm.fileExists(atPath: stale)
    {
      try? fm.removeItem(atPath: stale)
    }
    try recorder.commit()
    var files = [seriesPath]
    if output.agents { files.append(agentsPath) }
    files.append(summaryPath)
    let document = RunDocument(
      versions: .current, configFile: configFile, seed: seed, stepsRequested: steps,
      stoppedAtAgreement: simulation.isFinished, overrides: output.overrides,
      files: files.map { ($0 as NSString).lastPathComponent },
      config: config, summary: summary)
    var summaryFile = try AtomicFile(path: summaryPath)
    try summaryFile.write(try document.encoded())
    try summaryFile.commit()
    return RunResult(summary: summary, files: files, stoppedAtAgreement: simulation.isFinished)
  }
}

/// Streams each step to the time-series file and, if asked, the agents file.
struct Recorder: StepObserver, ~Copyable {
  var series: TimeSeriesWriter
  var agents: AgentWriter?

  mutating func observe(_ simulation: borrowing Simulation) throws {
    try series.write(simulation)
    if agents != nil { try agents!.write(simulation) }
  }

  mutating func commit() throws {
    try series.commit()
    if agents != nil { try agents!.commit() }
  }
}
