package import AccordModel

/// A finished run's summary as the page shows it: every column of the run summary table
/// (``RunSummary/columns``, laid out as `accord export --table runs` lays it out) with its
/// meaning, unit and value, so the page shows the numbers of `accord run`'s summary.json.
package struct SummaryTable: Sendable, Encodable {
  /// One column of the table.
  package struct Cell: Sendable, Encodable {
    /// The column's name (`efficiency`, `gain_N0`).
    package var name: String
    /// The table entry it comes from (`gain` for `gain_N0`).
    package var column: String
    /// The nation of a per-nation column.
    package var nation: String?
    package var kind: ColumnKind
    package var unit: String
    /// What the column measures.
    package var summary: String
    package var value: RowValue

    enum CodingKeys: String, CodingKey { case name, column, nation, kind, unit, summary, value }

    package func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(name, forKey: .name)
      try c.encode(column, forKey: .column)
      try c.encodeIfPresent(nation, forKey: .nation)
      try c.encode(kind.rawValue, forKey: .kind)
      try c.encode(unit, forKey: .unit)
      try c.encode(summary, forKey: .summary)
      switch value {
      case .number(let x): try c.encode(x, forKey: .value)
      case .integer(let n): try c.encode(n, forKey: .value)
      case .flag(let b): try c.encode(b, forKey: .value)
      case .text(let s): try c.encode(s, forKey: .value)
      case .missing: try c.encodeNil(forKey: .value)
      }
    }
  }

  /// The world's nations, in world order.
  package var nations: [String]
  package var columns: [Cell]

  /// The table of `summary` for a world of these nations and issues.
  package init(_ summary: RunSummary, nations: [String], issues: Int) {
    self.nations = nations
    let layout = ColumnLayout(RunSummary.columns, nations: nations, issues: issues)
    let row = SummaryRow(summary, nations: nations)
    columns = zip(layout.names, layout.cells).map { name, cell in
      Cell(
        name: name, column: cell.column.name,
        nation: cell.column.scope == .nation ? nations[cell.index] : nil,
        kind: cell.column.kind, unit: cell.column.unit, summary: cell.column.summary,
        value: cell.column.value(row, cell.index))
    }
  }
}
