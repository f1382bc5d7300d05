import AccordModel

extension AgentRow {
  /// The row as one line of `agents.csv` (or its JSON Lines form), without the newline.
  ///
  /// The columns and formatting ``AgentWriter`` writes, so a row the explorer shows and
  /// the row `accord run --agents` writes for the same step cannot differ.
  package func line(format: OutputFormat = .csv) -> String {
    var row = RowFormatter(format: format, columns: AgentWriter.columns)
    row.begin()
    for column in Self.columns { row.add(column.value(self, 0)) }
    row.end()
    return String(row.line.dropLast())
  }
}
