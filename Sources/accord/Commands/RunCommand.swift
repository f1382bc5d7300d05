import AccordConfig
import AccordIO
import AccordModel
import ArgumentParser
import Foundation

/// `accord run CONFIG`: one reproducible run, written to a directory.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one world and write its time series and summary.",
    discussion: """
      Writes DIR/timeseries.csv (or .jsonl), DIR/summary.json and, with --agents, \
      DIR/agents.csv. Files are written atomically: summary.json appears last, so a \
      directory holding it holds a finished run. Progress goes to standard error (a bar \
      on a terminal, a line every 5 s otherwise; -q silences it). Ctrl-C finishes the \
      current step, writes the steps run so far as complete files with "complete": false \
      and the last step in summary.json, and exits with status 130 (143 for SIGTERM, 129 \
      for SIGHUP). A signal during setup, before any file is written, exits at once with \
      the same status.
      """)

  @Argument(help: "The world's YAML config file.")
  var config: String

  @Option(help: "Seed, overriding the config's (0...4294967294).")
  var seed: Int?

  @Option(help: "Number of steps, overriding the config's.")
  var steps: Int?

  @Option(help: "Output directory (default: runs/<config name>).")
  var out: String?

  @Option(help: "Format of the time-series and agent files: csv or jsonl.")
  var format: OutputFormat = .csv

  @Flag(help: "Also write agent-level rows (long format) every step, from step 0.")
  var agents = false

  @Option(
    help:
      "Write agent rows only every N steps (step 0 included) and at the last step (implies --agents)."
  )
  var agentsEvery: Int?

  @Flag(name: .shortAndLong, help: "Print nothing on success, and no progress.")
  var quiet = false

  @OptionGroup var overrides: ConfigOverrideOptions

  @OptionGroup var resources: ResourceOptions

  @OptionGroup var disk: DiskOptions

  func run() throws {
    // From the start: a signal during setup (a large world's network or power indices
    // can take minutes) ends the command at once; once the loop starts, it stops cleanly.
    let interrupt = Interrupt(
      message: "stopping: finishing the current step and writing the steps run so far")
    if let agentsEvery, !(1...100_000_000).contains(agentsEvery) {
      throw InputError("--agents-every: \(agentsEvery) is out of range; allowed: [1, 100000000]")
    }
    let stem = URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
    let directory = out ?? "runs/\(stem)"
    // Memory and disk are checked from the decoded config, before anything is built.
    let (decoded, cost) = try ConfigOverride.cost(
      path: config, overrides: try overrides.parsed(), seed: try Overrides.seed(seed),
      steps: try Overrides.steps(steps))
    try resources.check(cost, config: config)
    try RunDisk.check(
      decoded, cost: cost, directory: directory, format: format,
      agentsEvery: agents || agentsEvery != nil ? agentsEvery ?? 1 : nil, limit: try disk.limit())
    let (loaded, recorded) = try overrides.load(
      path: config, seed: try Overrides.seed(seed), steps: try Overrides.steps(steps))
    // The run writes (and retires) these files in the directory; none may be an input.
    let written =
      ["summary.json"]
      + OutputFormat.allCases.flatMap {
        ["timeseries.\($0.fileExtension)", "agents.\($0.fileExtension)"]
      }
    try OutputGuard.check(
      "--out",
      outputs: [directory]
        + written.flatMap { ["\(directory)/\($0)", "\(directory)/.\($0).partial"] },
      inputs: [config] + ConfigFiles.referenced(by: loaded.config, path: config), force: true)
    let stop = interrupt.stop
    let reporter = ProgressReporter.standardError(unit: "steps", quiet: quiet)
    let result = try RunDriver.run(
      world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
      config: loaded.config, configFile: config,
      output: RunOutputOptions(
        directory: directory, format: format, agents: agents || agentsEvery != nil,
        agentsEvery: agentsEvery ?? 1, overrides: recorded),
      progress: { reporter?.report(done: $0, total: $1) }, stop: { stop.isRaised },
      ready: { interrupt.proceed() })
    reporter?.finish()
    withExtendedLifetime(interrupt) {}
    if !quiet {
      print(RunReport.text(loaded: loaded, result: result))
    }
    if !result.complete { throw ExitCode(interrupt.exitStatus) }
  }
}
