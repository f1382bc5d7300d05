import AccordIO
import AccordPlot
import AccordSweep
import Foundation

/// Builds a figure and the table behind it from a sweep store.
package enum FigureBuilder {
  /// The figure as SVG and its data as CSV (group, x, n, mean, ci95_lower, ci95_upper).
  ///
  /// `table` is `runs` for metrics per run, or `timeseries` for a metric over steps
  /// (x = `step`).
  /// `style` sets the size, the footer, a fixed value range and factor display names.
  package static func build(
    _ spec: FigureSpec, from runs: RunTable, caption: String, table: String = "runs",
    style: FigureStyle = FigureStyle()
  ) throws -> (svg: String, csv: String) {
    let overSteps = table == "timeseries"
    var names = spec.group.map { [$0] } ?? []
    if !overSteps { names.append(spec.x) }
    let metric = overSteps ? "timeseries.\(SQL.identifier(spec.metric))" : spec.metric
    var rows: [(group: String, x: String, value: Double)] = []
    for r in try runs.rows(
      metric: metric, factors: names, filter: spec.filter, table: table,
      x: overSteps ? "timeseries.step" : nil)
    {
      let group = spec.group == nil ? "" : r.factors[0]
      rows.append((group, overSteps ? format(r.x ?? .nan) : r.factors[names.count - 1], r.value))
    }
    guard !rows.isEmpty else {
      throw AnalysisError("\(runs.path): no runs with a value of '\(spec.metric)' to plot")
    }
    // Levels in the order the design first meets them (a Set's order changes from
    // process to process, and the figure must not), numbers sorted.
    let groups = RunTable.ordered(unique(rows.map(\.group)))
    let xs = RunTable.ordered(unique(rows.map(\.x)))
    let numeric = xs.allSatisfy { Double($0) != nil }
    var cells: [String: [String: [Double]]] = [:]
    for r in rows { cells[r.group, default: [:]][r.x, default: []].append(r.value) }
    var csv = "group,x,n,mean,ci95_lower,ci95_upper\n"
    var series: [LineChart.Series] = []
    var grid: [[Double]] = []
    for g in groups {
      var points: [LineChart.Point] = []
      var row: [Double] = []
      for (i, x) in xs.enumerated() {
        guard let values = cells[g]?[x] else {
          row.append(.nan)
          continue
        }
        let e = Estimate.mean(values)
        csv +=
          "\(CSV.field(g)),\(CSV.field(x)),\(e.n),\(e.value),\(number(e.lower)),\(number(e.upper))\n"
        points.append(
          .init(
            x: (numeric ? Double(x) : nil) ?? Double(i), mean: e.value, lower: e.lower,
            upper: e.upper))
        row.append(e.value)
      }
      series.append(
        .init(
          name: spec.group.map { "\(style.name(of: $0)) = \(g)" } ?? spec.yTitle, points: points))
      grid.append(row)
    }
    let svg: String
    switch spec.kind {
    case .line:
      var chart = LineChart(
        title: spec.title, xTitle: spec.xTitle, yTitle: spec.yTitle, caption: caption,
        series: series, categories: numeric ? nil : xs, yInclude: spec.yInclude,
        legendTitle: spec.group.map(style.name(of:)))
      chart.style = style
      svg = chart.svg
    case .heatmap, .regime:
      var chart = Heatmap(
        title: spec.title, xTitle: spec.xTitle, yTitle: style.name(of: spec.group ?? ""),
        valueTitle: spec.yTitle, caption: caption, xLabels: xs, yLabels: groups, values: grid)
      chart.style = style
      svg = chart.svg
    }
    return (svg, csv)
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
    var csv = "group,x,n,mean,ci95_lower,ci95_upper,verdict,code\n"
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
