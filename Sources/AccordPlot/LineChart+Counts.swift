import AccordEscaping

extension LineChart {
  /// Counts under the lines, one row per series at the bottom of the plot area: each
  /// where the count changes, skipping one that would touch the one before.
  func drawCounts(
    _ counts: [Count], row: Int, of rows: Int, color: String, frame: Frame,
    px: (Double) -> Double, doc: inout SVGDocument
  ) {
    guard !counts.isEmpty else { return }
    let yy = frame.y0 - 6 - Double(rows - 1 - row) * 12
    var lastEnd = -Double.infinity
    doc.add("<g class=\"counts\" fill=\"\(color)\">")
    for (i, c) in counts.enumerated() {
      let text = i == 0 ? "\(countTitle)=\(c.n)" : "\(c.n)"
      let at = px(c.x)
      let w = Double(text.count) * 5.5
      let isLast = i == counts.count - 1
      // The last count (n at the end) always shows; others give way to their neighbours.
      guard at - w / 2 > lastEnd + 6 || isLast else { continue }
      let anchor = i == 0 ? "start" : isLast && at + w / 2 > frame.x1 ? "end" : "middle"
      doc.add(
        "<text x=\"\(f(at))\" y=\"\(f(yy))\" font-size=\"9\" text-anchor=\"\(anchor)\">"
          + "\(Escape.xml(text))</text>")
      lastEnd = anchor == "start" ? at + w : anchor == "end" ? at : at + w / 2
    }
    doc.add("</g>")
  }
}

extension Double {
  /// The value moved into `range`; NaN stays NaN.
  func clamped(to range: ClosedRange<Double>) -> Double {
    isNaN ? self : Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
  }
}
