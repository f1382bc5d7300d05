import AccordIO
import AccordSweep
import ArgumentParser
import Foundation

/// `--out FILE`, `--names raw|safe` and `--force` for the commands that print a CSV
/// table (`sweep summarize`, `sweep sobol`, `sweep morris`), as `accord export` has them.
struct TableOutputOptions: ParsableArguments {
  @Option(help: "Output file (default: standard output); written atomically.")
  var out: String?

  @Option(help: "raw (factor paths as columns) or safe (snake_case, with a mapping file).")
  var names: ExportCommand.Names = .raw

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  /// The mapping file of `--names safe`: FILE.names.csv beside FILE.
  var mapping: String? {
    out.map { URL(fileURLWithPath: $0).deletingPathExtension().path + ".names.csv" }
  }

  /// Refuses `--names safe` without `--out` and an output over the store.
  func check(directory: String) throws {
    if names == .safe && out == nil {
      throw InputError("--names safe: needs --out FILE (the mapping goes to FILE.names.csv)")
    }
    if let out {
      try OutputGuard.check(
        "--out", outputs: [out] + (names == .safe ? mapping.map { [$0] } ?? [] : []),
        inputs: OutputGuard.storeFiles(directory), force: force)
    }
  }

  /// Writes a CSV table: a header (renamed with `--names safe`) and rows of CSV fields.
  func write(header: [String], rows: [[String]]) throws {
    let names = self.names == .safe ? SafeNames.make(header) : header
    let text =
      ([names.map(CSV.field)] + rows).map { $0.joined(separator: ",") + "\n" }.joined()
    guard let out else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    do {
      try AtomicFile.write(text, to: out)
      if self.names == .safe, let mapping {
        try AtomicFile.write(
          "name,original\n"
            + zip(names, header).map { "\(CSV.field($0)),\(CSV.field($1))\n" }.joined(),
          to: mapping)
      }
    } catch {
      // The error names the file already.
      throw InputError("\(error)")
    }
  }
}
