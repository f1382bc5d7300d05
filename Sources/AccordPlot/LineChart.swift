/// A line chart of means with 95% confidence bands, one line per group.
///
/// The x axis is numeric (factor values or steps) or categorical (level names, drawn at
/// equal spacing). Every figure has a title, axis titles with units, a legend when there
/// is more than one group, and a caption line under the plot.
public struct LineChart: Sendable {
  /// One point of a series: position, mean and the interval around it.
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var mean: Double
    public var lower: Double
    public var upper: Double

    public init(x: Double, mean: Double, lower: Double, upper: Double) {
      self.x = x
      self.mean = mean
      self.lower = lower
      self.upper = upper
    }
  }

  /// One line: a legend name and its points in x order.
  public struct Series: Sendable {
    public var name: String
    public var points: [Point]

    public init(name: String, points: [Point]) {
      self.name = name
      self.points = points
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  public var caption: String
  public var series: [Series]
  /// Names of categorical x positions 0, 1, 2 and on (nil: numeric x).
  public var categories: [String]?
  /// Values the y axis must include (say 0 and 1 for a share).
  public var yInclude: [Double]
  public var legendTitle: String?
  /// Size, footer and value range.
  public var style = FigureStyle()

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

  /// The chart as an SVG document.
  public var svg: String {
    let width = style.width ?? 720.0
    let height = style.height ?? 460.0
    let left = 80.0
    let right = series.count > 1 ? 190.0 : 30.0
    let top = 50.0
    let bottom = style.footer ? 95.0 : 65.0
    var doc = SVGDocument(width: width, height: height)
    // A fixed range (a proportion's [0, 1]) clips the intervals to it.
    let series =
      style.valueRange.map { range in
        self.series.map { s in
          LineChart.Series(
            name: s.name,
            points: s.points.map {
              Point(
                x: $0.x, mean: $0.mean, lower: $0.lower.clamped(to: range),
                upper: $0.upper.clamped(to: range))
            })
        }
      } ?? self.series
    let points = series.flatMap(\.points)
    let xs = points.map(\.x)
    let x: Axis =
      categories.map { Axis(categories: $0.count) }
      ?? Axis(values: xs.isEmpty ? [0, 1] : xs)
    let y =
      style.valueRange.map { Axis(fixed: $0) }
      ?? Axis(
        values: points.flatMap { [$0.mean, $0.lower, $0.upper] }.filter(\.isFinite),
        include: yInclude)
    let x0 = left
    let x1 = width - right
    let y0 = height - bottom
    let y1 = top
    func px(_ v: Double) -> Double { x.map(v, from: x0, to: x1) }
    func py(_ v: Double) -> Double { y.map(v, from: y0, to: y1) }

    doc.text(title, x: width / 2, y: 28, size: 16, weight: "bold")
    // Axes, with their spans recorded for readers (and tests) that check them.
    doc.add(
      "<g class=\"axis x\" data-min=\"\(x.low)\" data-max=\"\(x.high)\">")
    doc.line(x0, y0, x1, y0)
    if let categories {
      for (i, name) in categories.enumerated() {
        doc.line(px(Double(i)), y0, px(Double(i)), y0 + 5)
        doc.text(name, x: px(Double(i)), y: y0 + 20, size: 11)
      }
    } else {
      for t in x.ticks {
        doc.line(px(t), y0, px(t), y0 + 5)
        doc.text(Axis.label(t), x: px(t), y: y0 + 20, size: 11)
      }
    }
    doc.add("</g>")
    doc.add("<g class=\"axis y\" data-min=\"\(y.low)\" data-max=\"\(y.high)\">")
    doc.line(x0, y0, x0, y1)
    for t in y.ticks {
      doc.line(x0 - 5, py(t), x0, py(t))
      doc.line(x0, py(t), x1, py(t), stroke: "#e5e5e5")
      doc.text(Axis.label(t), x: x0 - 8, y: py(t) + 4, size: 11, anchor: "end")
    }
    doc.add("</g>")
    doc.text(xTitle, x: (x0 + x1) / 2, y: y0 + 45, size: 13)
    doc.text(yTitle, x: 22, y: (y0 + y1) / 2, size: 13, rotate: -90)

    for (k, s) in series.enumerated() {
      let color = Self.palette[k % Self.palette.count]
      let finite = s.points.filter { $0.mean.isFinite }
      let banded = finite.filter { $0.lower.isFinite && $0.upper.isFinite }
      // Categories are not a continuum: points with interval bars, no lines or bands.
      let continuous = categories == nil
      // Side by side within a category, so that groups do not hide each other.
      let shift = continuous ? 0 : (Double(k) - Double(series.count - 1) / 2) * 0.1
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
      if continuous && finite.count >= 2 {
        doc.add(
          "<polyline points=\"\(finite.map { "\(f(px($0.x + shift))),\(f(py($0.mean)))" }.joined(separator: " "))\" "
            + "fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
      }
      if finite.count <= 40 {
        for p in finite {
          doc.add(
            "<circle cx=\"\(f(px(p.x + shift)))\" cy=\"\(f(py(p.mean)))\" r=\"3\" fill=\"\(color)\">"
              + "<title>\(escape(s.name)): \(Axis.label(p.mean)) [\(Axis.label(p.lower)), "
              + "\(Axis.label(p.upper))]</title></circle>")
        }
      }
    }
    if series.count > 1 {
      let lx = x1 + 20
      var ly = y1 + 10
      if let legendTitle {
        doc.text(legendTitle, x: lx, y: ly, size: 12, anchor: "start", weight: "bold")
        ly += 20
      }
      for (k, s) in series.enumerated() {
        let color = Self.palette[k % Self.palette.count]
        doc.rect(x: lx, y: ly - 9, width: 14, height: 10, fill: color)
        doc.text(s.name, x: lx + 20, y: ly, size: 11, anchor: "start")
        ly += 18
      }
    }
    if style.footer { doc.caption(caption, x: 20, bottom: height - 12) }
    return doc.text
  }
}

extension Double {
  /// The value moved into `range`; NaN stays NaN.
  func clamped(to range: ClosedRange<Double>) -> Double {
    isNaN ? self : Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
  }
}
