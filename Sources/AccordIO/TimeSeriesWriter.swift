import AccordModel

/// Streams the per-step time series (MODEL.md section 4) to a file, one row per step.
public struct TimeSeriesWriter: ~Copyable {
  private var file: AtomicFile
  private var formatter: TimeSeriesFormatter

  /// The column names, in order, for the given nations.
  public static func columns(nations: [String], issues: Int = 1) -> [String] {
    var columns = [
      "step", "belief_mean", "belief_sd", "clusters", "believer_share", "consensus", "project",
      "persuaded", "coalition_share", "blocking", "winning", "pzopa_lower", "pzopa_upper",
      "pzopa_width", "tzopa_lower", "tzopa_upper", "tzopa_width", "negotiation", "outcome",
    ]
    if issues > 1 { columns += (2...issues).map { "outcome_\($0)" } }
    for name in nations {
      columns += [
        "coalition_share_\(name)", "power_share_\(name)", "blocking_\(name)", "winning_\(name)",
        "winset_lower_\(name)",
        "winset_upper_\(name)", "winset_width_\(name)",
      ]
    }
    return columns
  }

  /// Whether a column of a time series holds a flag (written `true`/`false`): the
  /// columns whose values are ``RowValue/flag(_:)`` in ``TimeSeriesRow``.
  package static func isFlag(_ column: String) -> Bool {
    column == "blocking" || column == "winning" || column.hasPrefix("blocking_")
      || column.hasPrefix("winning_")
  }

  public init(path: String, format: OutputFormat, nations: [String], issues: Int = 1)
    throws(OutputError)
  {
    let formatter = TimeSeriesFormatter(format: format, nations: nations, issues: issues)
    let file = try AtomicFile(path: path)
    try file.write(formatter.header)
    self.formatter = formatter
    self.file = file
  }

  /// Appends the simulation's current step.
  public mutating func write(_ simulation: borrowing Simulation) throws(OutputError) {
    try file.write(formatter.line(simulation))
  }

  public mutating func commit() throws(OutputError) { try file.commit() }
}
