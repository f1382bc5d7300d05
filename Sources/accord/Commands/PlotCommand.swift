import AccordConfig
import AccordIO
import AccordNumerics
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

      Intervals follow one convention with sweep summarize and reproduce: Wilson score for \
      a metric whose every value is 0 or 1, Student t otherwise; the footer says which. \
      A factor that varies among the plotted runs but is neither --x, --group, --facet nor \
      fixed by --where is pooled over: the footer and standard error name it. A sampling \
      design (latin-hypercube, sobol, saltelli, morris) is drawn as a scatter of runs with \
      binned means (--bins, default 10). Over steps, a run that stopped early counts with \
      its last value (--survivors: only runs still going), and counts are written under \
      the lines where they change.
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

  @Option(
    name: .customLong("where"),
    help: ArgumentHelp(
      "Plot only the runs where this SQL condition over the runs table holds (factors are "
        + "its columns, quoted when their names have dots: "
        + "'theta > 0.7 AND \"evidence.trials\" >= 10').", valueName: "SQL"))
  var condition: String?

  @Option(help: "A factor: one panel per level, with shared axes (small multiples).")
  var facet: String?

  @Flag(help: "A base-10 log x axis (every x must be > 0).")
  var logX = false

  @Flag(help: "A base-10 log y axis (every mean, or run with --scatter, must be > 0).")
  var logY = false

  @Flag(help: "Draw every run as a dot (the default for sampling designs).")
  var scatter = false

  @Option(
    help: ArgumentHelp(
      "Means in N equal-width bins of x over the dots, with 95% intervals (0 to 200; "
        + "default 10 for sampling designs, 0 otherwise); implies --scatter.",
      valueName: "N"))
  var bins: Int?

  @Flag(
    help: ArgumentHelp(
      "With --over-steps: average only the runs still going at each step (default: a "
        + "finished run counts with its last value)."))
  var survivors = false

  @Option(help: "Title (default: the metric's name or label in words, against the factor).")
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

  /// Designs whose x values are samples, not levels: drawn as scatters with binned means.
  static let samplingDesigns: Set<String> = [
    "latin-hypercube", "sobol", "saltelli", "morris", "points",
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
    var options = try plotOptions(table: table)
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
    let yShown = PlotData.phrase(of: metric, labels: style.labels)
    // A sampling design's x values are all distinct: a line through their means would
    // zigzag through single runs, so its default is a scatter with binned means.
    if !overSteps && !heatmap && bins == nil && !scatter,
      Self.samplingDesigns.contains(try SweepStore.meta(directory: directory, key: "design") ?? ""),
      try table.levels(of: xName).allSatisfy({ Double($0) != nil })
    {
      options.scatter = true
      options.bins = 10
    }
    let spec = FigureSpec(
      kind: heatmap ? .heatmap : .line, metric: plotted, x: xName, group: group,
      title: title ?? PlotData.title(metric: metric, against: xShown, labels: style.labels),
      xTitle: xTitle ?? xShown, yTitle: yTitle ?? yShown, filter: [], yInclude: [])
    let path = out ?? "\(directory)/plot.svg"
    let format = URL(fileURLWithPath: path).pathExtension.lowercased()
    if SVGConverter.formats.contains(format) && SVGConverter.executable() == nil {
      throw InputError(
        "--out \(path): \(format.uppercased()) needs rsvg-convert (Debian: apt-get install "
          + "librsvg2-bin); write an .svg instead")
    }
    let data = try FigureBuilder.data(
      spec, from: table, table: source, options: options, style: style)
    if !data.pooled.isEmpty {
      let it = data.pooled.count == 1 ? "it" : "them"
      FileHandle.standardError.write(
        Data(
          ("note: pooled over \(pooledText(data.pooled)): the figure averages over \(it); "
            + "show \(it) with --group or --facet, or fix \(it) with --where\n").utf8))
    }
    let footer = caption(data, options: options, xShown: xShown)
    let svg = FigureBuilder.render(spec, data, caption: footer, style: style, options: options)
    let csvPath = Self.csvPath(of: path)
    try AtomicFile.write(data.csv, to: csvPath)
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

  /// The options beyond the figure spec, checked against the store.
  func plotOptions(table: RunTable) throws -> PlotOptions {
    var options = PlotOptions()
    if let facet {
      guard table.factors.contains(facet) else {
        throw InputError(
          "--facet: " + KeySuggestion.message("factor", facet, allowed: table.factors))
      }
      if heatmap { throw InputError("--facet: not with --heatmap (facet a line chart)") }
      if facet == x || facet == group {
        throw InputError(
          "--facet \(facet): already the \(facet == x ? "--x" : "--group") factor; choose another")
      }
      options.facet = facet
    }
    if let condition {
      guard try table.count(where: condition, option: "--where") > 0 else {
        throw InputError("--where '\(condition)': no runs match")
      }
      options.condition = condition
    }
    if heatmap && (logX || logY) {
      throw InputError("--\(logX ? "log-x" : "log-y"): not with --heatmap")
    }
    options.logX = logX
    options.logY = logY
    if survivors && !overSteps { throw InputError("--survivors: only with --over-steps") }
    options.survivors = survivors
    if let bins, !(0...200).contains(bins) {
      throw InputError("--bins: \(bins) is out of range; allowed: 0 to 200")
    }
    if (scatter || bins != nil) && (overSteps || heatmap) {
      throw InputError(
        "--\(bins != nil ? "bins" : "scatter"): not with --\(overSteps ? "over-steps" : "heatmap")")
    }
    options.scatter = scatter || bins != nil
    options.bins = bins ?? 0
    return options
  }

  /// "theta (5 levels), rule (2 levels)".
  func pooledText(_ pooled: [(factor: String, levels: Int)]) -> String {
    pooled.map { "\($0.factor) (\($0.levels) levels)" }.joined(separator: ", ")
  }

  /// The footer: what the marks are, the interval convention, what is pooled or left out.
  func caption(_ data: FigureData, options: PlotOptions, xShown: String) -> String {
    let interval =
      data.method == .wilson ? "Wilson score, a 0/1 metric" : "Student t, not a 0/1 metric"
    var parts: [String] = []
    if heatmap {
      parts.append("Means over replicates")
    } else if options.scatter {
      parts.append(
        "Dots: single runs"
          + (options.bins > 0
            ? "; points: means in \(options.bins) equal-width bins of \(xShown)"
              + (options.logX ? " (equal in log scale)" : "") + " with 95% intervals (\(interval))"
            : ""))
    } else if overSteps {
      parts.append(
        "Means with 95% intervals (\(interval)) over runs at each step"
          + (options.survivors
            ? "; survivors only: a run counts until it stops, n (under the lines) falls as runs stop"
            : "; a finished run counts with its last value (carried forward); under the lines: "
              + "runs still going"))
    } else {
      parts.append("Means with 95% intervals over replicates (\(interval))")
    }
    if !heatmap { parts.append(MeanInterval.convention) }
    if !data.pooled.isEmpty { parts.append("pooled over \(pooledText(data.pooled))") }
    if let condition = options.condition { parts.append("runs where \(condition)") }
    parts.append(missing.description)
    parts.append(directory)
    return parts.joined(separator: "; ") + "."
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
