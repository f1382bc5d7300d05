import AccordIO
import AccordSweep
import ArgumentParser
import Foundation

/// `accord export DIR`: a sweep's tables as tidy CSV or JSON Lines.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a sweep store's runs, time series or agent rows as CSV or JSON Lines.",
    discussion: """
      Parameters are stored once per run and joined by run_id; --wide copies them into \\
      every row. Load the CSV with pandas.read_csv or R's read.csv in one call.
      """)

  enum Table: String, ExpressibleByArgument, CaseIterable {
    case runs, timeseries, agents
  }

  @Argument(help: "The sweep's output directory.")
  var directory: String

  @Option(help: "runs, timeseries or agents.")
  var table: Table = .runs

  @Option(name: .customLong("to"), help: "csv or jsonl.")
  var format: OutputFormat = .csv

  @Option(help: "Output file (default: standard output); written atomically.")
  var out: String?

  @Flag(help: "Copy each run's design point, replicate, seed and factor values into every row.")
  var wide = false

  func run() throws {
    let exportTable = ExportTable(rawValue: table.rawValue)!
    try SweepHealth.check(directory: directory)
    if let out {
      var file = try AtomicFile(path: out)
      try SweepExport.export(directory: directory, table: exportTable, format: format, wide: wide) {
        try file.write($0)
      }
      try file.commit()
    } else {
      try SweepExport.export(directory: directory, table: exportTable, format: format, wide: wide) {
        FileHandle.standardOutput.write(Data($0.utf8))
      }
    }
  }
}
