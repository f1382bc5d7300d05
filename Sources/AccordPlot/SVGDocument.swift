import AccordEscaping

/// A minimal SVG writer: elements appended as text, with XML escaping.
///
/// accord draws its own figures so that they need no plotting dependency; the output is
/// plain SVG 1.1 that browsers, Inkscape and LaTeX (via conversion) read.
struct SVGDocument {
  let width: Double
  let height: Double
  private(set) var body: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  mutating func add(_ element: String) { body.append(element) }

  mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "middle",
    weight: String = "normal", rotate: Double? = nil, cssClass: String? = nil
  ) {
    let transform = rotate.map { " transform=\"rotate(\(f($0)) \(f(x)) \(f(y)))\"" } ?? ""
    let classAttribute = cssClass.map { " class=\"\($0)\"" } ?? ""
    add(
      "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor)\" "
        + "font-weight=\"\(weight)\"\(transform)\(classAttribute)>\(Escape.xml(content))</text>")
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333",
    width: Double = 1
  ) {
    add(
      "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(f(width))\"/>")
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String = "none",
    title: String? = nil
  ) {
    let tooltip = title.map { "<title>\(Escape.xml($0))</title>" } ?? ""
    add(
      "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" "
        + "fill=\"\(fill)\" stroke=\"\(stroke)\">\(tooltip)</rect>")
  }

  /// A caption under the plot, wrapped into lines of at most `width` characters.
  mutating func caption(_ content: String, x: Double, bottom: Double, width: Int = 105) {
    let lines = Self.wrap(content, width: width)
    for (i, text) in lines.enumerated() {
      self.text(
        text, x: x, y: bottom - Double(lines.count - 1 - i) * 14, size: 11, anchor: "start",
        cssClass: "caption")
    }
  }

  /// The room under a plot area: axis labels and title, and the caption's lines (a long
  /// footer must not run into the axis title).
  static func bottomMargin(caption: String?) -> Double {
    guard let caption else { return 65 }
    return max(95, 67 + 14 * Double(wrap(caption).count))
  }

  /// `content` in lines of at most `width` characters, broken at spaces.
  static func wrap(_ content: String, width: Int = 105) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in content.split(separator: " ") {
      if !line.isEmpty && line.count + word.count + 1 > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// The whole document.
  var text: String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" \
    viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif">
    <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
    \(body.joined(separator: "\n"))
    </svg>

    """
  }
}

/// A coordinate with at most two decimals (small files, stable output).
func f(_ x: Double) -> String {
  let r = (x * 100).rounded() / 100
  return r == r.rounded() ? String(Int(r)) : "\(r)"
}
