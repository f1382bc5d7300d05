import AccordEscaping

/// A line chart of means with 95% confidence bands, one line per group.
///
/// The x axis is numeric (factor values or steps) or categorical (level names, drawn at
/// equal spacing). Every figure has a title, axis titles with units, a legend when there
/// is more than one group, and a caption line under the plot.
public struct LineChart: Sendable {
  /// One point of a series: position, mean and the interval around it.
  public struct Point: Sendable, Equatable {
    /// The position on the x axis.
    public var x: Double
    /// The mean.
    public var mean: Double
    /// The interval's lower end.
    public var lower: Double
    /// The interval's upper end.
    public var upper: Double

    /// A point at `x` with its mean and interval.
    public init(x: Double, mean: Double, lower: Double, upper: Double) {
      self.x = x
      self.mean = mean
      self.lower = lower
      self.upper = upper
    }
  }

  /// One run's value in a scatter.
  public struct Dot: Sendable, Equatable {
    /// The run's factor value.
    public var x: Double
    /// The run's metric.
    public var y: Double

    /// A dot at (`x`, `y`).
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// A count written under a line from `x` on (n behind the means where it changes).
  public struct Count: Sendable, Equatable {
    /// Where the count starts to hold.
    public var x: Double
    /// The count.
    public var n: Int

    /// `n` from `x` on.
    public init(x: Double, n: Int) {
      self.x = x
      self.n = n
    }
  }

  /// One line: a legend name and its points in x order; optionally the runs behind it
  /// as dots (a scatter, whose points are then binned means drawn with interval bars)
  /// and counts written under it.
  public struct Series: Sendable {
    /// The legend name.
    public var name: String
    /// The points, in x order.
    public var points: [Point]
    /// The runs behind the points, drawn as a scatter.
    public var dots: [Dot]
    /// Counts written under the line.
    public var counts: [Count]

    /// A line named `name` through `points`.
    public init(name: String, points: [Point], dots: [Dot] = [], counts: [Count] = []) {
      self.name = name
      self.points = points
      self.dots = dots
      self.counts = counts
    }
  }

  /// One small multiple: a title (the facet's level) and its series.
  public struct Panel: Sendable {
    /// The panel's heading ("rule = majority").
    public var title: String
    /// The panel's lines, in the same order (and colours) as every other panel's.
    public var series: [Series]

    /// A panel of `series` under `title`.
    public init(title: String, series: [Series]) {
      self.title = title
      self.series = series
    }
  }

  /// The title above the plot.
  public var title: String
  /// The x axis's title, with its unit.
  public var xTitle: String
  /// The y axis's title, with its unit.
  public var yTitle: String
  /// The caption line under the plot.
  public var caption: String
  /// The lines, in legend order.
  public var series: [Series]
  /// Small multiples with shared axes, one per level of a facet.
  ///
  /// nil: one plot of `series`. Series of the same index share a colour across panels.
  public var panels: [Panel]?
  /// Names of categorical x positions 0, 1, 2 and on (nil: numeric x).
  public var categories: [String]?
  /// Values the y axis must include (say 0 and 1 for a share).
  public var yInclude: [Double]
  /// The legend's title (nil: none).
  public var legendTitle: String?
  /// Base-10 logarithmic axes (every value drawn must be positive; interval ends at or
  /// below zero are drawn at the axis's low end).
  public var logX = false
  /// A base-10 logarithmic y axis (see `logX`).
  public var logY = false
  /// What the counts under the lines are, written before the first ("n", "running").
  public var countTitle = "n"
  /// Size, footer and value range.
  public var style = FigureStyle()

  /// A chart of `series`, with categorical x positions when `categories` is set.
  public init(
    title: String, xTitle: String, yTitle: String, caption: String, series: [Series],
    categories: [String]? = nil, yInclude: [Double] = [], legendTitle: String? = nil
  ) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.caption = caption
    self.series = series
    self.categories = categories
    self.yInclude = yInclude
    self.legendTitle = legendTitle
  }

  /// Colour-blind-safe palette (Okabe–Ito).
  static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
  ]

  /// Where a panel's plot area lies, in pixels.
  struct Frame: Equatable {
    var x0: Double
    var x1: Double
    /// Bottom (larger y) and top of the plot area.
    var y0: Double
    var y1: Double
  }

  /// The panels as drawn: `panels`, or one untitled panel of `series`.
  var shownPanels: [Panel] { panels ?? [Panel(title: "", series: series)] }

  /// The default size: 720 x 460 for one plot, more for a grid of small multiples.
  var size: (width: Double, height: Double) {
    let (columns, rows) = PlotData.grid(count: shownPanels.count)
    return (
      style.width ?? max(720, 80 + Double(columns) * 260 + legendWidth),
      style.height ?? (rows == 1 ? 460 : 160 + Double(rows) * 230)
    )
  }

  var legendNames: [String] {
    shownPanels.map(\.series).max { $0.count < $1.count }?.map(\.name) ?? []
  }

  var legendWidth: Double { legendNames.count > 1 ? 190 : 30 }

  /// The plot areas of the panels, row by row: equal cells, a gap for each panel's
  /// title and, in the first column only, room for the y tick labels.
  func frames() -> [Frame] {
    let (width, height) = size
    let count = shownPanels.count
    let (columns, rows) = PlotData.grid(count: count)
    let left = 80.0
    let top = 50.0
    let bottom = SVGDocument.bottomMargin(caption: style.footer ? caption : nil)
    let panelTitle = count > 1 ? 22.0 : 0
    let gapX = count > 1 ? 34.0 : 0
    let gapY = count > 1 ? 34.0 : 0
    let cellW = (width - left - legendWidth - gapX * Double(columns - 1)) / Double(columns)
    let cellH = (height - top - bottom - gapY * Double(rows - 1)) / Double(rows)
    return (0..<count).map { i in
      let (r, c) = (i / columns, i % columns)
      let x0 = left + Double(c) * (cellW + gapX)
      let y1 = top + Double(r) * (cellH + gapY) + panelTitle
      return Frame(x0: x0, x1: x0 + cellW, y0: top + Double(r) * (cellH + gapY) + cellH, y1: y1)
    }
  }

  /// The style's value range, if every mean and dot lies in it (and the y axis is linear).
  var fixedRange: ClosedRange<Double>? {
    guard let range = style.valueRange, !logY else { return nil }
    let all = shownPanels.flatMap(\.series)
    let values = all.flatMap { $0.points.map(\.mean) + $0.dots.map(\.y) }.filter(\.isFinite)
    return values.allSatisfy { range.contains($0) } ? range : nil
  }

  /// The axes every panel shares.
  func axes(_ panels: [Panel]) -> (x: Axis, y: Axis) {
    let all = panels.flatMap(\.series)
    let points = all.flatMap(\.points)
    let dots = all.flatMap(\.dots)
    let xs = points.map(\.x) + dots.map(\.x)
    let x: Axis =
      categories.map { Axis(categories: $0.count) }
      ?? (logX ? Axis(logValues: xs) : Axis(values: xs.isEmpty ? [0, 1] : xs))
    let ys = points.flatMap { [$0.mean, $0.lower, $0.upper] } + dots.map(\.y)
    let y: Axis
    if logY {
      // Interval ends at or below zero do not set a log axis's span; the means do.
      y = Axis(logValues: ys.filter { $0 > 0 })
    } else if let range = fixedRange {
      y = Axis(fixed: range)
    } else {
      y = Axis(
        values: ys.filter(\.isFinite),
        include: yInclude + (style.valueRange.map { [$0.lowerBound, $0.upperBound] } ?? []))
    }
    return (x, y)
  }

  /// The chart as an SVG document.
  public var svg: String {
    let (width, height) = size
    var doc = SVGDocument(width: width, height: height)
    // A fixed range (a proportion's [0, 1]) clips the intervals to it, as long as the
    // data keep to it: an efficiency above 1 in some run must show, not fall off the plot.
    let range = fixedRange
    let panels = shownPanels.map { panel in
      Panel(
        title: panel.title,
        series: panel.series.map { s in
          guard let range else { return s }
          return Series(
            name: s.name,
            points: s.points.map {
              Point(
                x: $0.x, mean: $0.mean, lower: $0.lower.clamped(to: range),
                upper: $0.upper.clamped(to: range))
            }, dots: s.dots, counts: s.counts)
        })
    }
    let (x, y) = axes(panels)
    let frames = frames()
    doc.text(title, x: width / 2, y: 28, size: 16, weight: "bold")
    for (i, panel) in panels.enumerated() {
      let frame = frames[i]
      if panels.count > 1 {
        doc.add("<g class=\"panel\" data-title=\"\(Escape.xml(panel.title))\">")
        doc.text(
          panel.title, x: (frame.x0 + frame.x1) / 2, y: frame.y1 - 8, size: 12, weight: "bold")
      }
      draw(
        panel, in: frame, x: x, y: y, yLabels: frame.x0 == frames[0].x0, doc: &doc)
      if panels.count > 1 { doc.add("</g>") }
    }
    let x0 = frames.map(\.x0).min() ?? 0
    let x1 = frames.map(\.x1).max() ?? width
    let y0 = frames.map(\.y0).max() ?? height
    let y1 = (frames.map(\.y1).min() ?? 0) - (panels.count > 1 ? 22 : 0)
    doc.text(xTitle, x: (x0 + x1) / 2, y: y0 + 45, size: 13)
    doc.text(yTitle, x: 22, y: (y0 + y1) / 2, size: 13, rotate: -90)
    let names = legendNames
    if names.count > 1 {
      let lx = x1 + 20
      var ly = y1 + 10
      if let legendTitle {
        doc.text(legendTitle, x: lx, y: ly, size: 12, anchor: "start", weight: "bold")
        ly += 20
      }
      for (k, name) in names.enumerated() {
        let color = Self.palette[k % Self.palette.count]
        doc.rect(x: lx, y: ly - 9, width: 14, height: 10, fill: color)
        doc.text(name, x: lx + 20, y: ly, size: 11, anchor: "start")
        ly += 18
      }
    }
    if style.footer { doc.caption(caption, x: 20, bottom: height - 12) }
    return doc.text
  }

  /// One panel: axes with spans recorded for readers (and tests) that check them, then
  /// the dots, bands, lines, points and counts of its series.
  func draw(
    _ panel: Panel, in frame: Frame, x: Axis, y: Axis, yLabels: Bool, doc: inout SVGDocument
  ) {
    let (x0, x1, y0, y1) = (frame.x0, frame.x1, frame.y0, frame.y1)
    func px(_ v: Double) -> Double { x.map(v, from: x0, to: x1) }
    func py(_ v: Double) -> Double { y.map(v, from: y0, to: y1) }
    doc.add(
      "<g class=\"axis x\" data-min=\"\(x.low)\" data-max=\"\(x.high)\"\(x.log ? " data-scale=\"log\"" : "")>"
    )
    doc.line(x0, y0, x1, y0)
    if let categories {
      for (i, name) in categories.enumerated() {
        doc.line(px(Double(i)), y0, px(Double(i)), y0 + 5)
        doc.text(name, x: px(Double(i)), y: y0 + 20, size: 11)
      }
    } else {
      for t in x.minorTicks { doc.line(px(t), y0, px(t), y0 + 3) }
      for t in x.ticks {
        doc.line(px(t), y0, px(t), y0 + 5)
        doc.text(x.tickLabel(t), x: px(t), y: y0 + 20, size: 11)
      }
    }
    doc.add("</g>")
    doc.add(
      "<g class=\"axis y\" data-min=\"\(y.low)\" data-max=\"\(y.high)\"\(y.log ? " data-scale=\"log\"" : "")>"
    )
    doc.line(x0, y0, x0, y1)
    for t in y.minorTicks { doc.line(x0 - 3, py(t), x0, py(t)) }
    for t in y.ticks {
      doc.line(x0 - 5, py(t), x0, py(t))
      doc.line(x0, py(t), x1, py(t), stroke: "#e5e5e5")
      if yLabels { doc.text(y.tickLabel(t), x: x0 - 8, y: py(t) + 4, size: 11, anchor: "end") }
    }
    doc.add("</g>")
    let series = panel.series
    for (k, s) in series.enumerated() where !s.dots.isEmpty {
      let color = Self.palette[k % Self.palette.count]
      // Many runs overlap: small, light dots, so that density shows and the means stay
      // readable on top.
      let dots = s.dots.filter { $0.x.isFinite && $0.y.isFinite }.map {
        "<circle cx=\"\(f(px($0.x)))\" cy=\"\(f(py($0.y)))\" r=\"1.8\"/>"
      }
      doc.add(
        "<g class=\"dots\" fill=\"\(color)\" fill-opacity=\"0.28\">\(dots.joined())</g>")
    }
    for (k, s) in series.enumerated() {
      let color = Self.palette[k % Self.palette.count]
      let finite = s.points.filter { $0.mean.isFinite }
      let banded = finite.filter { $0.lower.isFinite && $0.upper.isFinite }
      // Categories are not a continuum, nor are bins: points with interval bars.
      let continuous = categories == nil && s.dots.isEmpty
      // Side by side within a category, so that groups do not hide each other.
      let shift = categories == nil ? 0 : (Double(k) - Double(series.count - 1) / 2) * 0.1
      if continuous && banded.count >= 2 {
        let upper = banded.map { "\(f(px($0.x + shift))),\(f(py($0.upper)))" }
        let lower = banded.reversed().map { "\(f(px($0.x + shift))),\(f(py($0.lower)))" }
        doc.add(
          "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" "
            + "fill-opacity=\"0.18\" stroke=\"none\"/>")
      }
      for p in banded where banded.count < 2 || !continuous {
        doc.line(
          px(p.x + shift), py(p.lower), px(p.x + shift), py(p.upper), stroke: color, width: 1.5)
        for bound in [p.lower, p.upper] {
          doc.line(
            px(p.x + shift) - 4, py(bound), px(p.x + shift) + 4, py(bound), stroke: color,
            width: 1.5)
        }
      }
      if categories == nil && finite.count >= 2 {
        doc.add(
          "<polyline points=\"\(finite.map { "\(f(px($0.x + shift))),\(f(py($0.mean)))" }.joined(separator: " "))\" "
            + "fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(continuous ? 2 : 1.2)\"/>")
      }
      if finite.count <= 40 || !s.dots.isEmpty {
        for p in finite {
          doc.add(
            "<circle cx=\"\(f(px(p.x + shift)))\" cy=\"\(f(py(p.mean)))\" r=\"\(s.dots.isEmpty ? 3 : 3.5)\" "
              + "fill=\"\(color)\" stroke=\"white\" stroke-width=\"\(s.dots.isEmpty ? 0 : 0.8)\">"
              + "<title>\(Escape.xml(s.name)): \(Axis.label(p.mean)) [\(Axis.label(p.lower)), "
              + "\(Axis.label(p.upper))]</title></circle>")
        }
      }
      drawCounts(s.counts, row: k, of: series.count, color: color, frame: frame, px: px, doc: &doc)
    }
  }
}
