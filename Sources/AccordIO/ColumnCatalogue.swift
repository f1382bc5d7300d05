package import AccordModel

/// Every output table's columns as declared (``StepRecord/columns``, ``AgentRow/columns``,
/// ``RunSummary/columns``): what `accord schema columns` prints and docs/MODEL.md lists.
package enum ColumnCatalogue {
  /// One declared column, without its extractor.
  package struct Entry: Sendable, Equatable {
    package var name: String
    package var kind: ColumnKind
    package var nullable: Bool
    package var unit: String
    package var scope: ColumnScope
    package var summary: String

    init<Row>(_ column: OutputColumn<Row>) {
      name = column.name
      kind = column.kind
      nullable = column.nullable
      unit = column.unit
      scope = column.scope
      summary = column.summary
    }

    /// The name as a file shows it: `<name>_<k>` or `<name>_<nation>` when repeated.
    package var pattern: String {
      switch scope {
      case .once: name
      case .extraIssue: "\(name)_<k>"
      case .nation: "\(name)_<nation>"
      }
    }
  }

  /// The tables, in the order the docs list them, with what each is.
  package static let tables: [(name: String, about: String, columns: [Entry])] = [
    (
      "timeseries",
      "`timeseries.csv` / `.jsonl` of `accord run`, a sweep store's `timeseries` table, "
        + "`accord serve`'s rows",
      StepRecord.columns.map(Entry.init)
    ),
    (
      "agents",
      "`agents.csv` / `.jsonl` of `accord run --agents`; a sweep store's `agents` table keeps "
        + "all but `belief_lower` and `belief_upper`",
      AgentRow.columns.map(Entry.init)
    ),
    (
      "runs",
      "a sweep store's `runs` table (its `once` columns but the `json` ones, after the "
        + "factors) and `accord export --table runs` (all of them); the fields of "
        + "`summary.json`",
      RunSummary.columns.map(Entry.init)
    ),
  ]

  /// The tables as Markdown: a heading and a table of columns each.
  package static var markdown: String {
    var out = ""
    for table in tables {
      out += "#### `\(table.name)`: \(table.about)\n\n"
      out += "| column | kind | unit | meaning |\n|---|---|---|---|\n"
      for c in table.columns {
        let kind = c.kind.rawValue + (c.nullable ? ", nullable" : "")
        out += "| `\(c.pattern)` | \(kind) | \(c.unit) | \(c.summary) |\n"
      }
      out += "\n"
    }
    return out
  }
}
