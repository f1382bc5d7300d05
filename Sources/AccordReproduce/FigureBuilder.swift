import AccordIO
package import AccordNumerics
package import AccordPlot
import AccordSweep
import Foundation

/// What `accord plot` adds to a figure spec: a filter, small multiples, log axes, a
/// scatter with binned means, and how runs that stop early count over steps.
package struct PlotOptions: Sendable, Equatable {
  /// An SQL condition over the runs table (`--where`).
  package var condition: String?
  /// A factor: one panel per level (`--facet`).
  package var facet: String?
  package var logX = false
  package var logY = false
  /// Runs as dots (`--scatter`, or a sampling design).
  package var scatter = false
  /// Binned means over the dots (0: dots only).
  package var bins = 0
  /// Over steps: average only the runs still going (`--survivors`), not carry finished
  /// runs' last values forward.
  package var survivors = false

  package init() {}
}

/// A figure's numbers before drawing: panels of series, the table behind them, and what
/// the caption must say about them.
package struct FigureData: Sendable {
  /// Facet levels (one "" without a facet) and their series, same group order in each.
  var panels: [(level: String, series: [LineChart.Series])]
  /// Level names of a categorical x (nil: numeric).
  var categories: [String]?
  /// Heatmap cells (group rows by x columns) with their labels.
  var grid: (xs: [String], groups: [String], values: [[Double]])
  /// The data behind the figure as CSV.
  package var csv: String
  /// The interval every mean of the figure carries.
  package var method: MeanInterval.Method
  /// Factors that vary among the plotted runs but are not shown, with their level counts.
  package var pooled: [(factor: String, levels: Int)]
}

/// Builds a figure and the table behind it from a sweep store.
package enum FigureBuilder {
  /// The numbers of a figure: means (and their shared 95% intervals) per x, group and
  /// facet level, or binned means over the runs' dots, or means per step; its CSV has
  /// the columns group, x, n, sample_mean, ci95_lower, ci95_upper, interval (then running over
  /// steps, bin_lower and bin_upper for bins, facet with a facet).
  ///
  /// `table` is `runs` for metrics per run, or `timeseries` for a metric over steps
  /// (x = `step`). `style` gives factor display names for the legend.
  package static func data(
    _ spec: FigureSpec, from runs: RunTable, table: String = "runs",
    options: PlotOptions = PlotOptions(), style: FigureStyle = FigureStyle()
  ) throws -> FigureData {
    let overSteps = table == "timeseries"
    var names = spec.group.map { [$0] } ?? []
    if let facet = options.facet { names.append(facet) }
    if !overSteps { names.append(spec.x) }
    let metric = overSteps ? "timeseries.\(SQL.identifier(spec.metric))" : spec.metric
    let fetched = try runs.rows(
      metric: metric, factors: names, filter: spec.filter, table: table,
      x: overSteps ? "timeseries.step" : nil, where: options.condition)
    guard !fetched.isEmpty else {
      throw AnalysisError(
        "\(runs.path): no runs with a value of '\(spec.metric)' to plot"
          + (options.condition.map { " where \($0)" } ?? ""))
    }
    struct Item {
      var group: String
      var facet: String
      var x: String
      var value: Double
      var step: Double
      var run: Int
    }
    let items = fetched.map { r in
      Item(
        group: spec.group == nil ? "" : r.factors[0],
        facet: options.facet == nil ? "" : r.factors[spec.group == nil ? 0 : 1],
        x: overSteps ? format(r.x ?? .nan) : r.factors[names.count - 1], value: r.value,
        step: r.x ?? .nan, run: r.run)
    }
    // One decision per metric over everything plotted (see MeanInterval).
    let binary = MeanInterval.isBinary(items.map(\.value))
    let method: MeanInterval.Method = binary ? .wilson : .t
    // Levels in the order the design first meets them (a Set's order changes from
    // process to process, and the figure must not), numbers sorted.
    let groups = RunTable.ordered(unique(items.map(\.group)))
    let facets = RunTable.ordered(unique(items.map(\.facet)))
    let xs = RunTable.ordered(unique(items.map(\.x)))
    let numeric = xs.allSatisfy { Double($0) != nil }
    if options.logX || options.scatter {
      let option = options.logX ? "--log-x" : "--scatter"
      guard numeric else {
        throw AnalysisError(
          "\(option): '\(spec.x)' has levels that are not numbers (\(xs.prefix(3).joined(separator: ", "))); "
            + "it needs a numeric factor")
      }
    }
    if options.logX, overSteps, let low = xs.compactMap(Double.init).min(), low <= 0 {
      throw AnalysisError(
        "--log-x: the steps start at \(format(low)) (the initial state); a log axis needs "
          + "values > 0: drop --log-x for a figure over steps")
    }
    if options.logX, let low = xs.compactMap(Double.init).min(), low <= 0 {
      throw AnalysisError(
        "--log-x: '\(spec.x)' takes the value \(format(low)); a log axis needs values > 0 "
          + "(leave those runs out with --where, or drop --log-x)")
    }
    var shown = Set(names)
    if overSteps { shown.remove(spec.x) }
    let counts = try runs.levelCounts(filter: spec.filter, where: options.condition)
    let pooled = runs.factors.filter { !shown.contains($0) && (counts[$0] ?? 0) > 1 }.map {
      (factor: $0, levels: counts[$0] ?? 0)
    }
    let withFacet = options.facet != nil
    var header = "group,x,n,sample_mean,ci95_lower,ci95_upper,interval"
    if overSteps { header += ",running" }
    if options.scatter { header += ",bin_lower,bin_upper" }
    if withFacet { header += ",facet" }
    var csv = header + "\n"
    func row(_ g: String, _ x: String, _ e: MeanInterval, _ extra: [String], _ facet: String) {
      var fields = [
        CSV.field(g), CSV.field(x), "\(e.n)", "\(e.mean)", number(e.lower), number(e.upper),
        e.method.rawValue,
      ]
      fields += extra
      if withFacet { fields.append(CSV.field(facet)) }
      csv += fields.joined(separator: ",") + "\n"
    }
    var cells: [String: [String: [String: [Item]]]] = [:]
    for item in items {
      cells[item.facet, default: [:]][item.group, default: [:]][item.x, default: []].append(item)
    }
    var panels: [(level: String, series: [LineChart.Series])] = []
    var grid: [[Double]] = []
    // Every line runs to the figure's last step (carried forward), not to its own.
    let allSteps = overSteps ? Array(Set(items.map(\.step))).sorted() : []
    for facet in facets {
      var series: [LineChart.Series] = []
      for g in groups {
        let name = spec.group.map { "\(style.name(of: $0)) = \(g)" } ?? spec.yTitle
        let byX = cells[facet]?[g] ?? [:]
        var line = LineChart.Series(name: name, points: [])
        if overSteps {
          // Each run's rows in step order (the query orders them so).
          var byRun: [Int: [(step: Double, value: Double)]] = [:]
          var order: [Int] = []
          for item in byX.values.flatMap({ $0 }).sorted(by: {
            ($0.run, $0.step) < ($1.run, $1.step)
          }) {
            if byRun[item.run] == nil { order.append(item.run) }
            byRun[item.run, default: []].append((item.step, item.value))
          }
          let means = PlotData.overSteps(
            order.compactMap { byRun[$0] }, carryForward: !options.survivors, binary: binary,
            steps: allSteps)
          for m in means {
            let e = m.estimate
            row(g, format(m.step), e, ["\(m.running)"], facet)
            line.points.append(.init(x: m.step, mean: e.mean, lower: e.lower, upper: e.upper))
          }
          line.counts = PlotData.changes(
            means.map { (x: $0.step, n: options.survivors ? $0.estimate.n : $0.running) }
          ).map { LineChart.Count(x: $0.x, n: $0.n) }
        } else if options.scatter {
          let all = xs.flatMap { byX[$0] ?? [] }
          let x = all.compactMap { Double($0.x) }
          line.dots = zip(x, all).map { LineChart.Dot(x: $0.0, y: $0.1.value) }
          for bin in PlotData.bins(
            x: x, y: all.map(\.value), count: options.bins, log: options.logX, binary: binary)
          {
            let e = bin.estimate
            row(g, "\(bin.position)", e, ["\(bin.lower)", "\(bin.upper)"], facet)
            line.points.append(
              .init(x: bin.position, mean: e.mean, lower: e.lower, upper: e.upper))
          }
        } else {
          var cellsRow: [Double] = []
          for (i, x) in xs.enumerated() {
            guard let values = byX[x]?.map(\.value) else {
              cellsRow.append(.nan)
              continue
            }
            let e = MeanInterval.of(values, binary: binary)
            row(g, x, e, [], facet)
            line.points.append(
              .init(
                x: (numeric ? Double(x) : nil) ?? Double(i), mean: e.mean, lower: e.lower,
                upper: e.upper))
            cellsRow.append(e.mean)
          }
          grid.append(cellsRow)
        }
        series.append(line)
      }
      panels.append((facet, series))
    }
    if options.logY {
      let drawn =
        panels.flatMap { $0.series.flatMap { $0.points.map(\.mean) + $0.dots.map(\.y) } }
      if let low = drawn.filter(\.isFinite).min(), low <= 0 {
        throw AnalysisError(
          "--log-y: '\(spec.metric)' has a \(options.scatter ? "run" : "mean") of \(format(low)) in this figure; "
            + "a log axis needs values > 0 (leave those runs out with --where, or drop --log-y)")
      }
    }
    return FigureData(
      panels: panels, categories: numeric ? nil : xs, grid: (xs, groups, grid), csv: csv,
      method: method, pooled: pooled)
  }

  /// The figure as SVG: a line chart (small multiples with a facet) or a heatmap.
  package static func render(
    _ spec: FigureSpec, _ data: FigureData, caption: String, style: FigureStyle = FigureStyle(),
    options: PlotOptions = PlotOptions()
  ) -> String {
    switch spec.kind {
    case .line:
      var chart = LineChart(
        title: spec.title, xTitle: spec.xTitle, yTitle: spec.yTitle, caption: caption,
        series: data.panels.first?.series ?? [], categories: data.categories,
        yInclude: spec.yInclude, legendTitle: spec.group.map(style.name(of:)))
      if let facet = options.facet {
        chart.panels = data.panels.map {
          LineChart.Panel(title: "\(style.name(of: facet)) = \($0.level)", series: $0.series)
        }
      }
      chart.logX = options.logX
      chart.logY = options.logY
      chart.countTitle = options.survivors ? "n" : "running"
      chart.style = style
      return chart.svg
    case .heatmap, .regime:
      var chart = Heatmap(
        title: spec.title, xTitle: spec.xTitle, yTitle: style.name(of: spec.group ?? ""),
        valueTitle: spec.yTitle, caption: caption, xLabels: data.grid.xs,
        yLabels: data.grid.groups, values: data.grid.values)
      chart.style = style
      return chart.svg
    }
  }

  /// A regime map: the verdict of `test` in each cell of `spec.x` by `spec.group`, and
  /// its data (the cell's estimate too).
  ///
  /// Cells are coloured by ``Verdict/code`` (1 holds, 0.5 inconclusive, 0.25 negligible,
  /// 0 reversed). The colour scale is fixed to [0, 1], so a colour
  /// means the same verdict on every map.
  static func regime(
    _ spec: FigureSpec, test: StatisticTest, from runs: RunTable, caption: String, exact: Bool,
    tolerance: Double = Evaluation.defaultTolerance
  ) throws -> (svg: String, csv: String) {
    guard let group = spec.group else { throw AnalysisError("a regime map needs a group") }
    let reference = try RegimeAxis.reference(of: test, x: spec.x, group: group)
    // The test's reference level is no cell of its own: it is what every cell is compared with.
    let xs = try runs.levels(of: spec.x).filter { spec.x != test.factor || $0 != reference }
    let groups = try runs.levels(of: group).filter { group != test.factor || $0 != reference }
    var csv = "group,x,n,sample_mean,ci95_lower,ci95_upper,verdict,code\n"
    var grid: [[Double]] = []
    for g in groups {
      var row: [Double] = []
      for x in xs {
        let cell = RegimeAxis.cell(test, at: [(group, g), (spec.x, x)], reference: reference)
        guard try RegimeAxis.hasValues(cell, on: runs) else {
          // No run of the cell (or of one level it compares) has a value: nothing to judge.
          csv +=
            [CSV.field(g), CSV.field(x), "0", "", "", "", "inconclusive", "0.5"].joined(
              separator: ",") + "\n"
          row.append(0.5)
          continue
        }
        let result = try Evaluation.run(cell, on: runs, exact: exact, tolerance: tolerance)
        let code = result.verdict.code
        let e = result.estimate
        csv +=
          [
            CSV.field(g), CSV.field(x), e.isExact ? "" : "\(e.n)", "\(e.value)",
            e.isExact ? "" : number(e.lower), e.isExact ? "" : number(e.upper),
            result.verdict.kind, "\(code)",
          ].joined(separator: ",") + "\n"
        row.append(code)
      }
      grid.append(row)
    }
    var map = Heatmap(
      title: spec.title, xTitle: spec.xTitle,
      yTitle: spec.yTitle.isEmpty ? FigureStyle().name(of: group) : spec.yTitle,
      valueTitle: "1 holds, 0.5 inconclusive, 0.25 negligible, 0 reversed", caption: caption,
      xLabels: xs, yLabels: groups, values: grid)
    map.style.valueRange = 0...1
    let svg = map.svg
    return (svg, csv)
  }

  /// The distinct values, in order of first appearance.
  static func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
  }

  static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

}
