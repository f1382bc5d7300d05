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
      directory holding it holds a complete run.
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

  @Flag(help: "Also write agent-level rows (long format) every step.")
  var agents = false

  @Flag(name: .shortAndLong, help: "Print nothing on success.")
  var quiet = false

  @OptionGroup var overrides: ConfigOverrideOptions

  func run() throws {
    let (loaded, recorded) = try overrides.load(
      path: config, seed: try Overrides.seed(seed), steps: try Overrides.steps(steps))
    let stem = URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
    let directory = out ?? "runs/\(stem)"
    let result = try RunDriver.run(
      world: loaded.world, seed: loaded.config.seed, steps: loaded.config.steps,
      config: loaded.config, configFile: config,
      output: RunOutputOptions(
        directory: directory, format: format, agents: agents, overrides: recorded))
    if !quiet {
      print(RunReport.text(loaded: loaded, result: result))
    }
  }
}
