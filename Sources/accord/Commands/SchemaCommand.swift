import AccordConfig
import AccordIO
import AccordReproduce
import ArgumentParser
import Foundation

/// `accord schema`: the JSON Schema of config or sweep files, for editors.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema of config or sweep files (for editor completion).",
    discussion: """
      The schema is generated from the declarations that decode the files, so it names \
      every key with its type, range, default and allowed values. Point an editor's YAML \
      support at it (docs/CONFIG.md, "Editor support"); docs/schema/ holds the schemas of \
      this version. `accord validate` remains the full check.
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case config, sweep
  }

  @Argument(help: "Which format: config or sweep.")
  var kind: Kind = .config

  @Option(help: "Write the schema to this file instead of standard output.")
  var out: String?

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  func run() throws {
    let text = Self.text(of: kind)
    if let out {
      try OutputGuard.check("--out", outputs: [out], inputs: [], force: force)
      do {
        try AtomicFile.write(text, to: out)
      } catch {
        // The error names the file already.
        throw InputError("\(error)")
      }
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// The schema document of `kind`, pretty-printed.
  static func text(of kind: Kind) -> String {
    switch kind {
    case .config: ConfigSchema.config().pretty
    case .sweep: SweepSchema.document().pretty
    }
  }
}
