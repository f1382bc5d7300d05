package import AccordModel

/// Formats a simulation's current step as one time-series line (CSV or JSON Lines).
///
/// The one formatting that ``TimeSeriesWriter`` and `accord serve` share, so a row
/// streamed to the browser and a row in `timeseries.csv` cannot differ.
package struct TimeSeriesFormatter {
  private var row: RowFormatter
  /// Each column's extractor and index, laid out once: a step reads them without
  /// allocating.
  private let cells: [(value: @Sendable (StepRecord, Int) -> RowValue, index: Int)]

  package init(format: OutputFormat, nations: [String], issues: Int = 1) {
    let layout = TimeSeriesRow.layout(nations: nations, issues: issues)
    row = RowFormatter(format: format, columns: layout.names)
    cells = layout.cells.map { ($0.column.value, $0.index) }
  }

  /// The column names, in order.
  package var columns: [String] { row.columns }

  /// The header line, newline included (CSV), or nothing (JSON Lines).
  package var header: String { row.header }

  /// The simulation's current step, newline included.
  package mutating func line(_ simulation: borrowing Simulation) -> String {
    let record = simulation.record
    row.begin()
    for cell in cells { row.add(cell.value(record, cell.index)) }
    row.end()
    return row.line
  }
}
