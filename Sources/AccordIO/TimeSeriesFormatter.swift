import AccordModel

/// Formats a simulation's current step as one time-series line (CSV or JSON Lines).
///
/// The one formatting that ``TimeSeriesWriter`` and `accord serve` share, so a row
/// streamed to the browser and a row in `timeseries.csv` cannot differ.
package struct TimeSeriesFormatter {
  private var row: RowFormatter

  package init(format: OutputFormat, nations: [String], issues: Int = 1) {
    row = RowFormatter(
      format: format, columns: TimeSeriesWriter.columns(nations: nations, issues: issues))
  }

  /// The column names, in order.
  package var columns: [String] { row.columns }

  /// The header line, newline included (CSV), or nothing (JSON Lines).
  package var header: String { row.header }

  /// The simulation's current step, newline included.
  package mutating func line(_ simulation: borrowing Simulation) -> String {
    row.begin()
    for value in TimeSeriesRow.values(simulation) { row.add(value) }
    row.end()
    return row.line
  }
}
