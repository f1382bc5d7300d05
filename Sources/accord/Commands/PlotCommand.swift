import AccordIO
import AccordReproduce
import AccordSweep
import ArgumentParser
import Foundation

/// `accord plot DIR`: a figure from a user's own sweep.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Plot a sweep's metric against a factor, or over steps, as SVG.",
    discussion: """
      A line chart of means with 95% intervals over replicates, one line per level of \
      --group; with --heatmap, a heatmap over --x and --group. --metric is a column of the \
      runs table (or an SQL expression over it); with --over-steps it is a time-series \
      column and the x axis is the step. The data behind the figure go to FILE.csv.
      """)

  @Argument(help: "The sweep's output directory.")
  var directory: String

  @Option(help: "The metric (default: efficiency).")
  var metric = "efficiency"

  @Option(help: "The factor on the x axis (not with --over-steps).")
  var x: String?

  @Option(help: "A factor: one line (or heatmap row) per level.")
  var group: String?

  @Flag(help: "Plot a time-series column over steps (needs keep: timeseries).")
  var overSteps = false

  @Flag(help: "A heatmap over --x and --group instead of lines.")
  var heatmap = false

  @Option(help: "Title (default: the metric against the factor).")
  var title: String?

  @Option(help: "The SVG file to write (default: DIR/plot.svg).")
  var out: String?

  func run() throws {
    try SweepHealth.check(directory: directory)
    let table = try RunTable(directory: directory)
    if overSteps && heatmap { throw InputError("--heatmap: not with --over-steps") }
    guard overSteps || x != nil else {
      throw InputError(
        "--x: give the factor for the x axis (one of: \(table.factors.joined(separator: ", "))), "
          + "or --over-steps")
    }
    if heatmap && group == nil { throw InputError("--heatmap: needs --group for the rows") }
    let xName = overSteps ? "step" : x!
    let spec = FigureSpec(
      kind: heatmap ? .heatmap : .line, metric: metric, x: xName, group: group,
      title: title ?? "\(metric) against \(xName)", xTitle: xName, yTitle: metric, filter: [],
      yInclude: [])
    let path = out ?? "\(directory)/plot.svg"
    let (svg, csv) = try FigureBuilder.build(
      spec, from: table,
      caption: "Means with 95% intervals over replicates; \(directory).",
      table: overSteps ? "timeseries" : "runs")
    let csvPath = (path.hasSuffix(".svg") ? String(path.dropLast(4)) : path) + ".csv"
    try AtomicFile.write(csv, to: csvPath)
    try AtomicFile.write(svg, to: path)
    print("wrote \(path) and \(csvPath)")
  }
}
