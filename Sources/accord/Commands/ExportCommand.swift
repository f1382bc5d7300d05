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
      every row. Load the CSV with pandas.read_csv or R's read.csv in one call. Flags are \
      true/false. --names safe writes snake_case column names (nations_borealia_rule for \
      nations[Borealia].rule) and the mapping to FILE.names.csv (needs --out).
      """)

  enum Table: String, ExpressibleByArgument, CaseIterable {
    case runs, timeseries, agents
  }

  enum Names: String, ExpressibleByArgument, CaseIterable {
    case raw, safe
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

  @Option(help: "raw (the store's column names) or safe (snake_case, with a mapping file).")
  var names: Names = .raw

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  func run() throws {
    guard let exportTable = ExportTable(rawValue: table.rawValue) else { return }
    if names == .safe && out == nil {
      throw InputError("--names safe: needs --out FILE (the mapping goes to FILE.names.csv)")
    }
    if let out {
      let mapping = URL(fileURLWithPath: out).deletingPathExtension().path + ".names.csv"
      try OutputGuard.check(
        "--out", outputs: [out] + (names == .safe ? [mapping] : []),
        inputs: OutputGuard.storeFiles(directory), force: force)
    }
    try SweepHealth.check(directory: directory)
    if let out {
      var file = try AtomicFile(path: out)
      let mapping = try SweepExport.export(
        directory: directory, table: exportTable, format: format, wide: wide,
        safeNames: names == .safe, warn: Self.warn
      ) {
        try file.write($0)
      }
      if names == .safe {
        let stem = URL(fileURLWithPath: out).deletingPathExtension().path
        try AtomicFile.write(
          "name,original\n"
            + mapping.map { "\(CSV.field($0.name)),\(CSV.field($0.original))\n" }.joined(),
          to: stem + ".names.csv")
      }
      try file.commit()
    } else {
      try SweepExport.export(
        directory: directory, table: exportTable, format: format, wide: wide, warn: Self.warn
      ) {
        FileHandle.standardOutput.write(Data($0.utf8))
      }
    }
  }

  /// Prints a warning to standard error, where it never mixes with exported rows.
  private static func warn(_ text: String) {
    FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
  }
}
