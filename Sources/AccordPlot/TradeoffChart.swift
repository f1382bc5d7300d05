/// The coverage-density trade-off of a PRIM trajectory: one point per box, coloured by
/// how many factors it restricts, with the threshold density and the chosen box marked
/// (the workbench's `show_tradeoff`).
package struct TradeoffChart: Sendable {
  /// One box of the trajectory.
  package struct Box: Sendable {
    package var index: Int
    package var coverage: Double
    package var density: Double
    package var restricted: Int

    package init(index: Int, coverage: Double, density: Double, restricted: Int) {
      self.index = index
      self.coverage = coverage
      self.density = density
      self.restricted = restricted
    }
  }

  package var title: String
  package var caption: String
  package var boxes: [Box]
  package var threshold: Double
  package var chosen: Int
  /// The label beside the chosen box ("box 12: density 0.95").
  package var chosenLabel: String
  package var style = FigureStyle()

  package init(
    title: String, caption: String, boxes: [Box], threshold: Double, chosen: Int,
    chosenLabel: String
  ) {
    self.title = title
    self.caption = caption
    self.boxes = boxes
    self.threshold = threshold
    self.chosen = chosen
    self.chosenLabel = chosenLabel
  }

  /// Sequential, colour-blind-safe (viridis), light to dark as more factors are restricted.
  static let ramp = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"]

  /// The chart as an SVG document.
  package var svg: String {
    let width = style.width ?? 720.0
    let height = style.height ?? 480.0
    let (left, right, top) = (80.0, 170.0, 50.0)
    let bottom = style.footer ? 95.0 : 65.0
    var doc = SVGDocument(width: width, height: height)
    let (x0, x1, y0, y1) = (left, width - right, height - bottom, top)
    let axis = Axis(fixed: 0...1)
    func px(_ v: Double) -> Double { axis.map(v, from: x0, to: x1) }
    func py(_ v: Double) -> Double { axis.map(v, from: y0, to: y1) }
    doc.text(title, x: width / 2, y: 28, size: 16, weight: "bold")
    doc.add("<g class=\"axis x\" data-min=\"0\" data-max=\"1\">")
    doc.line(x0, y0, x1, y0)
    for t in axis.ticks {
      doc.line(px(t), y0, px(t), y0 + 5)
      doc.text(Axis.label(t), x: px(t), y: y0 + 20, size: 11)
    }
    doc.add("</g><g class=\"axis y\" data-min=\"0\" data-max=\"1\">")
    doc.line(x0, y0, x0, y1)
    for t in axis.ticks {
      doc.line(x0 - 5, py(t), x0, py(t))
      doc.line(x0, py(t), x1, py(t), stroke: "#e5e5e5")
      doc.text(Axis.label(t), x: x0 - 8, y: py(t) + 4, size: 11, anchor: "end")
    }
    doc.add("</g>")
    doc.text(
      "coverage (share of the condition's runs in the box)", x: (x0 + x1) / 2, y: y0 + 45, size: 13)
    doc.text("density (share of the box's runs)", x: 22, y: (y0 + y1) / 2, size: 13, rotate: -90)
    doc.add(
      "<line class=\"threshold\" x1=\"\(f(x0))\" y1=\"\(f(py(threshold)))\" x2=\"\(f(x1))\" "
        + "y2=\"\(f(py(threshold)))\" stroke=\"#D55E00\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
    )
    doc.text(
      "threshold \(Axis.label(threshold))", x: x1 - 4, y: py(threshold) - 6, size: 11,
      anchor: "end")
    let most = max(1, boxes.map(\.restricted).max() ?? 1)
    func color(_ r: Int) -> String {
      Self.ramp[min(Self.ramp.count - 1, r * (Self.ramp.count - 1) / most)]
    }
    for b in boxes {
      doc.add(
        "<circle class=\"box\" data-box=\"\(b.index)\" cx=\"\(f(px(b.coverage)))\" "
          + "cy=\"\(f(py(b.density)))\" r=\"4\" fill=\"\(color(b.restricted))\" stroke=\"#333\" "
          + "stroke-width=\"0.5\"><title>box \(b.index): coverage \(Axis.label(b.coverage)), "
          + "density \(Axis.label(b.density)), \(b.restricted) restricted</title></circle>")
    }
    if let c = boxes.first(where: { $0.index == chosen }) {
      doc.add(
        "<circle class=\"chosen\" cx=\"\(f(px(c.coverage)))\" cy=\"\(f(py(c.density)))\" r=\"9\" "
          + "fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>")
      let anchor = c.coverage > 0.6 ? "end" : "start"
      doc.text(
        chosenLabel, x: px(c.coverage) + (anchor == "end" ? -14 : 14), y: py(c.density) + 16,
        size: 12, anchor: anchor, weight: "bold")
    }
    // Legend: one swatch per number of restricted factors present.
    let lx = x1 + 20
    var ly = y1 + 10
    doc.text("restricted factors", x: lx, y: ly, size: 12, anchor: "start", weight: "bold")
    ly += 20
    for r in Set(boxes.map(\.restricted)).sorted() {
      doc.add(
        "<circle cx=\"\(f(lx + 6))\" cy=\"\(f(ly - 4))\" r=\"5\" fill=\"\(color(r))\" "
          + "stroke=\"#333\" stroke-width=\"0.5\"/>")
      doc.text("\(r)", x: lx + 20, y: ly, size: 11, anchor: "start")
      ly += 18
    }
    if style.footer { doc.caption(caption, x: 20, bottom: height - 12) }
    return doc.text
  }
}
