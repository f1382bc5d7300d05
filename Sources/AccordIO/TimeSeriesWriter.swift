public import AccordModel

/// Streams the per-step time series (MODEL.md section 4) to a file, one row per step.
public struct TimeSeriesWriter: ~Copyable {
  private var file: AtomicFile
  private var formatter: TimeSeriesFormatter

  /// The column names, in order, for the given nations (``StepRecord/columns`` laid out).
  public static func columns(nations: [String], issues: Int = 1) -> [String] {
    TimeSeriesRow.layout(nations: nations, issues: issues).names
  }

  /// Whether a column of a time series holds a flag (written `true`/`false`), as
  /// ``StepRecord/columns`` declares it.
  package static func isFlag(_ column: String) -> Bool {
    StepRecord.columns.kind(of: column) == .flag
  }

  /// Opens `path` for a world of these nations and issues in `format` and writes the header.
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

  /// Finishes the file: `path` holds it only after this.
  public mutating func commit() throws(OutputError) { try file.commit() }
}
