import AccordIO
import AccordSweep
import ArgumentParser

extension SweepCommand {
  /// `accord sweep summarize DIR`: replicate statistics per design point.
  struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Mean, sd and 95% interval of each metric per design point, as tidy CSV.",
      discussion: """
        With --width W, also how many replicates a 95% interval of total width W would need \
        at each point (from the sd observed there). --metric (repeatable) takes a column of \
        the runs table or an SQL expression over it; runs without a value follow --missing, \
        and the missing column counts them at each point. The interval column names each \
        row's interval: wilson (Wilson score) for a metric whose every value is 0 or 1, t \
        (Student t on n - 1 degrees of freedom) otherwise; plot and reproduce use the same.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @Option(help: "Target total width of the 95% interval.")
    var width: Double?

    @Option(
      help: "A metric: a column of the runs table or an SQL expression (repeatable; default: all).")
    var metric: [String] = []

    @OptionGroup var missing: MissingOptions

    @OptionGroup var output: TableOutputOptions

    func run() throws {
      try output.check(directory: directory)
      if let width, !(width > 0) {
        throw InputError("--width: \(width) is out of range; allowed: (0, inf)")
      }
      try SweepHealth.check(directory: directory)
      let (factors, points, stats) = try ReplicateStatistic.summarize(
        directory: directory, width: width, metrics: metric.isEmpty ? nil : metric,
        missing: missing.policy)
      missing.note(count: stats.reduce(0) { $0 + $1.missing })
      var header =
        ["point"] + factors + [
          "metric", "n", "missing", "sample_mean", "sd", "ci95_lower", "ci95_upper", "interval",
        ]
      if width != nil { header.append("replicates_for_width") }
      var rows: [[String]] = []
      func f(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
      for s in stats {
        var row =
          ["\(s.point)"] + (points[s.point] ?? []).map(CSV.field) + [
            CSV.field(s.metric), "\(s.n)", "\(s.missing)", f(s.mean), f(s.sd), f(s.lower),
            f(s.upper), s.method.rawValue,
          ]
        if width != nil { row.append(s.replicatesForWidth.map(String.init) ?? "") }
        rows.append(row)
      }
      try output.write(header: header, rows: rows)
    }
  }
}
