import AccordConfig
import AccordIO
import AccordPlot
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
      --group; with --heatmap, a heatmap of means over --x and --group. --metric is a \
      column of the runs table (or an SQL expression over it); with --over-steps it is a \
      time-series column and the x axis is the step. Runs without a value follow \
      --missing (with --over-steps only drop). Proportions (shares, efficiency, flags and \
      0/1 expressions) are drawn on [0, 1]. Factors are named by --labels, then by the \
      sweep file's labels:, then by the last part of their path. The data behind the \
      figure go to FILE.csv.
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

  @Option(help: "Title of the x axis (default: the factor's name).")
  var xTitle: String?

  @Option(help: "Title of the y axis, or of a heatmap's values (default: the metric).")
  var yTitle: String?

  @Option(help: ArgumentHelp("Figure size in pixels (default 720x460).", valueName: "WxH"))
  var size: String?

  @Flag(help: "Leave out the caption line under the plot.")
  var noFooter = false

  @Option(
    help: ArgumentHelp(
      "A display name for a factor or the metric (repeatable).", valueName: "FACTOR=NAME"))
  var labels: [String] = []

  @Option(
    help:
      "The figure to write: FILE.svg, or FILE.pdf or FILE.png with rsvg-convert (default: DIR/plot.svg)."
  )
  var out: String?

  @OptionGroup var missing: MissingOptions

  @Flag(help: "Overwrite an existing sweep store, YAML file or directory at the output path.")
  var force = false

  /// Stored metrics and time-series columns whose values are proportions in [0, 1].
  static let proportions: Set<String> = [
    "efficiency", "defection_rate", "final_belief_mean", "final_coalition_share",
    "pareto_inferior", "belief_mean", "believer_share", "consensus", "coalition_share",
    "blocking", "winning",
  ]

  func run() throws {
    if let out {
      try OutputGuard.check(
        "--out", outputs: [out, Self.csvPath(of: out)], inputs: OutputGuard.storeFiles(directory),
        force: force)
    }
    try SweepHealth.check(directory: directory)
    let table = try RunTable(directory: directory)
    if overSteps && heatmap { throw InputError("--heatmap: not with --over-steps") }
    guard overSteps || x != nil else {
      throw InputError(
        "--x: give the factor for the x axis (one of: \(table.factors.joined(separator: ", "))), "
          + "or --over-steps")
    }
    if heatmap && group == nil { throw InputError("--heatmap: needs --group for the rows") }
    var style = FigureStyle(footer: !noFooter)
    if let size {
      let parts = size.lowercased().split(separator: "x").compactMap { Double($0) }
      let (minW, minH) = FigureStyle.minimumSize
      guard parts.count == 2, parts[0] >= minW, parts[1] >= minH, parts[0] <= 10_000,
        parts[1] <= 10_000
      else {
        throw InputError(
          "--size: '\(size)' is not a size; allowed: WxH with W in [\(Int(minW)), 10000] and "
            + "H in [\(Int(minH)), 10000] (e.g. 1200x800)")
      }
      style.width = parts[0]
      style.height = parts[1]
    }
    style.labels = SweepLabels.ofStore(directory: directory)
    for entry in labels {
      guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
        throw InputError("--labels: '\(entry)' is not FACTOR=NAME")
      }
      let key = String(entry[..<eq])
      guard table.factors.contains(key) || key == metric else {
        throw InputError(
          "--labels: "
            + KeySuggestion.message("factor", key, allowed: table.factors + [metric]))
      }
      style.labels[key] = String(entry[entry.index(after: eq)...])
    }
    let source = overSteps ? "timeseries" : "runs"
    try MetricQuery.check(
      directory: directory, metric: overSteps ? "timeseries.\(SQL.identifier(metric))" : metric,
      table: source)
    var plotted = metric
    switch missing.policy {
    case .drop: break
    case _ where overSteps:
      throw InputError("--missing \(missing.policy.rawValue): not with --over-steps (only drop)")
    case .zero: plotted = "COALESCE((\(metric)), 0)"
    case .error:
      _ = try MetricQuery.apply(
        .error, to: try MetricQuery.values(directory: directory, metric: metric), metric: metric,
        path: table.path)
    }
    if try isProportion(overSteps: overSteps) { style.valueRange = 0...1 }
    let xName = overSteps ? "step" : x ?? "step"
    let xShown = overSteps ? "step" : style.name(of: xName)
    let yShown = style.labels[metric] ?? metric
    let spec = FigureSpec(
      kind: heatmap ? .heatmap : .line, metric: plotted, x: xName, group: group,
      title: title ?? "\(yShown) against \(xShown)", xTitle: xTitle ?? xShown,
      yTitle: yTitle ?? yShown, filter: [], yInclude: [])
    let path = out ?? "\(directory)/plot.svg"
    let format = URL(fileURLWithPath: path).pathExtension.lowercased()
    if SVGConverter.formats.contains(format) && SVGConverter.executable() == nil {
      throw InputError(
        "--out \(path): \(format.uppercased()) needs rsvg-convert (Debian: apt-get install "
          + "librsvg2-bin); write an .svg instead")
    }
    let caption =
      (heatmap ? "Means over replicates" : "Means with 95% intervals over replicates")
      + "; \(missing.description); \(directory)."
    let (svg, csv) = try FigureBuilder.build(
      spec, from: table, caption: caption, table: source, style: style)
    let csvPath = Self.csvPath(of: path)
    try AtomicFile.write(csv, to: csvPath)
    if SVGConverter.formats.contains(format) {
      try SVGConverter.convert(svg: svg, to: path, format: format)
    } else {
      try AtomicFile.write(svg, to: path)
    }
    print("wrote \(path) and \(csvPath)")
  }

  /// The data file written beside the figure at `path`.
  static func csvPath(of path: String) -> String {
    let format = URL(fileURLWithPath: path).pathExtension.lowercased()
    let stem = ["svg"] + SVGConverter.formats
    return (stem.contains(format) ? String(path.dropLast(format.count + 1)) : path) + ".csv"
  }

  /// Whether the metric is a proportion: a known share or flag, or an expression whose
  /// every value is 0 or 1.
  func isProportion(overSteps: Bool) throws -> Bool {
    let base = metric.split(separator: "_").dropLast().joined(separator: "_")
    if Self.proportions.contains(metric)
      || (overSteps && ["coalition_share", "power_share", "blocking", "winning"].contains(base))
    {
      return true
    }
    guard !overSteps else { return false }
    let values = try MetricQuery.values(directory: directory, metric: metric).compactMap(\.value)
    return !values.isEmpty && values.allSatisfy { $0 == 0 || $0 == 1 }
  }
}
