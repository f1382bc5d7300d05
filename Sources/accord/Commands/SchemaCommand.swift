import AccordConfig
import AccordIO
import AccordReproduce
import ArgumentParser
import Foundation

/// `accord schema`: the JSON Schema of config or sweep files, for editors.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract:
      "Print the JSON Schema of config or sweep files (for editor completion), or the output columns.",
    discussion: """
      The schema is generated from the declarations that decode the files, so it names \
      every key with its type, range, default and allowed values. Point an editor's YAML \
      support at it (docs/CONFIG.md, "Editor support"); docs/schema/ holds the schemas of \
      this version. `accord validate` remains the full check. `accord schema columns` \
      prints every output table's columns (name, kind, nullable, unit, scope, meaning) \
      as JSON, or with --markdown as the tables docs/MODEL.md lists.
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case config, sweep, columns
  }

  @Argument(help: "Which format: config, sweep, or columns (the output columns).")
  var kind: Kind = .config

  @Flag(help: "With columns: print Markdown tables instead of JSON.")
  var markdown = false

  @Option(help: "Write the schema to this file instead of standard output.")
  var out: String?

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  func validate() throws {
    if markdown && kind != .columns {
      throw ValidationError("--markdown applies to `accord schema columns` only")
    }
  }

  func run() throws {
    let text = markdown ? ColumnCatalogue.markdown : Self.text(of: kind)
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
    case .columns: columnsDocument.pretty
    }
  }

  /// Every output table's declared columns, as JSON.
  static var columnsDocument: JSONValue {
    .object(
      ColumnCatalogue.tables.map { table in
        (
          table.name,
          .array(
            table.columns.map { c in
              .object([
                ("name", .string(c.pattern)), ("kind", .string(c.kind.rawValue)),
                ("nullable", .bool(c.nullable)), ("unit", .string(c.unit)),
                ("scope", .string(c.scope.rawValue)), ("description", .string(c.summary)),
              ])
            })
        )
      })
  }
}
