import Foundation

/// A heatmap of a metric's mean over two factors, with a colour bar.
public struct Heatmap: Sendable {
  /// The title above the plot.
  public var title: String
  /// The x axis's title, with its unit.
  public var xTitle: String
  /// The y axis's title, with its unit.
  public var yTitle: String
  /// The colour bar's title: the metric shown.
  public var valueTitle: String
  /// The caption line under the plot.
  public var caption: String
  /// The x levels' names, in column order.
  public var xLabels: [String]
  /// The y levels' names, in row order.
  public var yLabels: [String]
  /// `values[row][column]`: row = y level, column = x level; NaN for no data.
  public var values: [[Double]]
  /// Size, footer and the colour scale's range.
  public var style = FigureStyle()

  /// A heatmap of `values` over the x and y levels.
  public init(
    title: String, xTitle: String, yTitle: String, valueTitle: String, caption: String,
    xLabels: [String], yLabels: [String], values: [[Double]]
  ) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.valueTitle = valueTitle
    self.caption = caption
    self.xLabels = xLabels
    self.yLabels = yLabels
    self.values = values
  }

  /// Viridis at a few stops, interpolated.
  static let stops: [(Double, Double, Double)] = [
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
  ]

  static func color(_ t: Double) -> String {
    guard t.isFinite else { return "#dddddd" }
    let u = min(1, max(0, t)) * Double(stops.count - 1)
    let i = min(stops.count - 2, Int(u))
    let w = u - Double(i)
    let (a, b) = (stops[i], stops[i + 1])
    let r = Int((a.0 + w * (b.0 - a.0)).rounded())
    let g = Int((a.1 + w * (b.1 - a.1)).rounded())
    let bl = Int((a.2 + w * (b.2 - a.2)).rounded())
    return String(format: "#%02x%02x%02x", r, g, bl)
  }

  /// The figure as SVG.
  public var svg: String {
    let width = style.width ?? 720.0
    let height = style.height ?? 480.0
    let left = 90.0
    let right = 130.0
    let top = 50.0
    let bottom = SVGDocument.bottomMargin(caption: style.footer ? caption : nil)
    var doc = SVGDocument(width: width, height: height)
    let finite = values.flatMap { $0 }.filter(\.isFinite)
    let scale =
      style.valueRange.map { Axis(fixed: $0) } ?? Axis(values: finite.isEmpty ? [0, 1] : finite)
    let cw = (width - left - right) / Double(max(1, xLabels.count))
    let ch = (height - top - bottom) / Double(max(1, yLabels.count))
    doc.text(title, x: width / 2, y: 28, size: 16, weight: "bold")
    for (r, row) in values.enumerated() {
      for (c, v) in row.enumerated() {
        let t = (v - scale.low) / (scale.high - scale.low)
        doc.rect(
          x: left + Double(c) * cw, y: height - bottom - Double(r + 1) * ch, width: cw, height: ch,
          fill: Self.color(t), stroke: "white",
          title: "\(yLabels[r]), \(xLabels[c]): \(v.isFinite ? Axis.label(v) : "no data")")
      }
    }
    doc.add("<g class=\"axis columns\" data-min=\"0\" data-max=\"\(xLabels.count - 1)\">")
    for (c, name) in xLabels.enumerated() {
      doc.text(name, x: left + (Double(c) + 0.5) * cw, y: height - bottom + 18, size: 11)
    }
    doc.add("</g>")
    doc.add("<g class=\"axis rows\" data-min=\"0\" data-max=\"\(yLabels.count - 1)\">")
    for (r, name) in yLabels.enumerated() {
      doc.text(
        name, x: left - 8, y: height - bottom - (Double(r) + 0.5) * ch + 4, size: 11,
        anchor: "end")
    }
    doc.add("</g>")
    doc.text(xTitle, x: left + (width - left - right) / 2, y: height - bottom + 45, size: 13)
    doc.text(yTitle, x: 22, y: top + (height - top - bottom) / 2, size: 13, rotate: -90)
    // Colour bar, spanning the data.
    let bx = width - right + 30
    let bh = height - top - bottom
    doc.add("<g class=\"axis value\" data-min=\"\(scale.low)\" data-max=\"\(scale.high)\">")
    for i in 0..<50 {
      let t0 = Double(i) / 50
      doc.rect(
        x: bx, y: top + bh * (1 - t0 - 0.02), width: 18, height: bh / 50 + 0.5,
        fill: Self.color(t0 + 0.01))
    }
    for t in scale.ticks {
      let yy = top + bh * (1 - (t - scale.low) / (scale.high - scale.low))
      doc.line(bx + 18, yy, bx + 23, yy)
      doc.text(Axis.label(t), x: bx + 26, y: yy + 4, size: 10, anchor: "start")
    }
    doc.add("</g>")
    doc.text(valueTitle, x: width - 12, y: top + bh / 2, size: 11, rotate: -90)
    if style.footer { doc.caption(caption, x: 20, bottom: height - 12) }
    return doc.text
  }
}
