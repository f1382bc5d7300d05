/// How a figure is laid out for publication: size, footer, a fixed value range and the
/// names shown for factors.
public struct FigureStyle: Sendable, Equatable {
  /// Size in pixels (SVG user units); nil: the chart's default (720 x 460 or 480).
  public var width: Double?
  /// Height in pixels (SVG user units); nil: the chart's default.
  public var height: Double?
  /// Whether the caption line under the plot is drawn.
  public var footer: Bool
  /// A fixed range for the values (y axis of a line chart, colour scale of a heatmap):
  /// `0...1` for a proportion, whose intervals are then clipped to it.
  public var valueRange: ClosedRange<Double>?
  /// Display names of factors (path to name), for axis titles and legends.
  public var labels: [String: String]

  /// A style; the defaults draw at the chart's own size with its caption.
  public init(
    width: Double? = nil, height: Double? = nil, footer: Bool = true,
    valueRange: ClosedRange<Double>? = nil, labels: [String: String] = [:]
  ) {
    self.width = width
    self.height = height
    self.footer = footer
    self.valueRange = valueRange
    self.labels = labels
  }

  /// The name shown for a factor path: its label, or the path's last component.
  package func name(of path: String) -> String {
    labels[path] ?? path.split(separator: ".").last.map(String.init) ?? path
  }

  /// The smallest size a chart can be drawn at legibly.
  public static let minimumSize = (width: 320.0, height: 240.0)
}
