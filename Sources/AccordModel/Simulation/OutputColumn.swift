/// What a reported column holds, which decides how every writer renders it.
public enum ColumnKind: String, Sendable, CaseIterable {
  /// `true`/`false` in files, JSON booleans in JSON Lines, 0/1 in a sweep store.
  case flag
  /// A whole number.
  case count
  /// A real number.
  case real
  /// A word from a fixed set, or a name.
  case category
  /// A nested value (intervals, side payments) as compact JSON text with sorted keys.
  case json
}

/// Where a reported column repeats.
public enum ColumnScope: String, Sendable {
  /// One column.
  case once
  /// One column per issue after the first, named `<name>_<k>` for k = 2...D.
  case extraIssue = "extra_issue"
  /// One column per nation, named `<name>_<nation>`, after every other column, nation by
  /// nation.
  case nation
}

/// One typed value of an output row.
package enum RowValue: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case flag(Bool)
  case text(String)
  /// No value: an empty field (CSV), `null` (JSON Lines) or NULL (sweep stores).
  case missing
}

/// A reported column, declared once: its name, kind, unit, meaning and how its value is
/// read from a row, in the spirit of Mesa's `DataCollector`.
///
/// Writers, the sweep store, exports, `accord schema columns` and the column list in
/// docs/MODEL.md all read the tables of these (``StepRecord/columns``,
/// ``RunSummary/columns`` and AccordIO's agent columns), so a column is added by adding
/// its entry. The extractor is a plain function over the row: no allocation.
public struct OutputColumn<Row>: Sendable {
  /// The column's name, or its prefix for ``ColumnScope/extraIssue`` and
  /// ``ColumnScope/nation`` columns.
  public let name: String
  /// What the column holds, which decides how it is rendered.
  public let kind: ColumnKind
  /// Whether the column can be missing (an empty CSV field, JSON `null`, SQL NULL).
  public let nullable: Bool
  /// The unit, or an empty string for a pure number.
  public let unit: String
  /// One line: what the column measures.
  public let summary: String
  /// Whether the entry is one column, one per extra issue or one per nation.
  public let scope: ColumnScope
  /// The value in `row`; the index is the issue (0-based) or nation of a repeated column.
  package let value: @Sendable (Row, Int) -> RowValue

  package init(
    _ name: String, _ kind: ColumnKind, nullable: Bool = false, unit: String = "",
    scope: ColumnScope = .once, _ summary: String,
    value: @escaping @Sendable (Row, Int) -> RowValue
  ) {
    self.name = name
    self.kind = kind
    self.nullable = nullable
    self.unit = unit
    self.summary = summary
    self.scope = scope
    self.value = value
  }

  /// The names this entry gives its columns, in file order.
  package func names(nations: [String], issues: Int) -> [String] {
    switch scope {
    case .once: [name]
    case .extraIssue: issues > 1 ? (2...issues).map { "\(name)_\($0)" } : []
    case .nation: nations.map { "\(name)_\($0)" }
    }
  }

  /// Whether `column` is one of this entry's columns (for any nations and issues).
  package func matches(_ column: String) -> Bool {
    scope == .once ? column == name : column.hasPrefix(name + "_")
  }
}

/// A table of columns laid out for one world: every column's name, entry and index.
package struct ColumnLayout<Row>: Sendable {
  package let names: [String]
  /// For each column, its entry and the index passed to the entry's extractor.
  package let cells: [(column: OutputColumn<Row>, index: Int)]

  /// The columns of `table` for a world of these nations and issues: entries in table
  /// order, then the per-nation entries nation by nation.
  package init(_ table: [OutputColumn<Row>], nations: [String], issues: Int) {
    var cells: [(column: OutputColumn<Row>, index: Int)] = []
    var names: [String] = []
    for column in table where column.scope != .nation {
      let expanded = column.names(nations: nations, issues: issues)
      for (k, name) in expanded.enumerated() {
        names.append(name)
        cells.append((column, column.scope == .extraIssue ? k + 1 : 0))
      }
    }
    for (n, nation) in nations.enumerated() {
      for column in table where column.scope == .nation {
        names.append("\(column.name)_\(nation)")
        cells.append((column, n))
      }
    }
    self.names = names
    self.cells = cells
  }

  /// The row's values, in column order.
  package func values(_ row: Row) -> [RowValue] {
    cells.map { $0.column.value(row, $0.index) }
  }
}

extension Array {
  /// The kind of the column named `column` in this table, if it has one.
  package func kind<Row>(of column: String) -> ColumnKind? where Element == OutputColumn<Row> {
    first { $0.matches(column) }?.kind
  }
}
