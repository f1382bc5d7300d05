import Foundation
import Testing

@testable import AccordPlot

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an SVG back: whether it parses as XML, and the spans its axes declare.
final class SVGReader: NSObject, XMLParserDelegate {
  var spans: [String: (Double, Double)] = [:]
  var texts: [String] = []
  var current = ""

  static func read(_ svg: String) -> SVGReader? {
    let reader = SVGReader()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = reader
    return parser.parse() ? reader : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if name == "g", let c = attributes["class"],
      let lo = attributes["data-min"].flatMap(Double.init),
      let hi = attributes["data-max"].flatMap(Double.init)
    {
      spans[c] = (lo, hi)
    }
    current = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text" { texts.append(current) }
  }
}

@Suite struct PlotTests {
  @Test func lineChartIsWellFormedAndItsAxesSpanTheData() throws {
    let chart = LineChart(
      title: "Efficiency & <evidence>", xTitle: "trials m", yTitle: "efficiency (0-1)",
      caption: "Means and 95% intervals over 20 replicates.",
      series: [
        .init(
          name: "theta = 0.6",
          points: [
            .init(x: 0, mean: 0.2, lower: 0.1, upper: 0.3),
            .init(x: 13, mean: 0.7, lower: 0.65, upper: 0.93),
          ]),
        .init(name: "theta = 0.8", points: [.init(x: 2, mean: -0.4, lower: -0.45, upper: -0.3)]),
      ])
    let reader = try #require(SVGReader.read(chart.svg))
    let (xlo, xhi) = try #require(reader.spans["axis x"])
    let (ylo, yhi) = try #require(reader.spans["axis y"])
    #expect(xlo <= 0 && xhi >= 13)
    #expect(ylo <= -0.45 && yhi >= 0.93)
    // Ticks are round and the span is not much wider than the data.
    #expect(xhi - xlo <= 2 * 13)
    #expect(reader.texts.contains("Efficiency & <evidence>"))
    #expect(reader.texts.contains("theta = 0.8"))
    #expect(reader.texts.contains("Means and 95% intervals over 20 replicates."))
  }

  @Test func categoricalAxis() throws {
    let chart = LineChart(
      title: "t", xTitle: "rule", yTitle: "y", caption: "c",
      series: [
        .init(
          name: "s",
          points: [
            .init(x: 0, mean: 1, lower: 0.5, upper: 1.5), .init(x: 1, mean: 2, lower: 1, upper: 3),
          ])
      ], categories: ["majority", "unanimity"])
    let reader = try #require(SVGReader.read(chart.svg))
    #expect(reader.texts.contains("majority") && reader.texts.contains("unanimity"))
    let (lo, hi) = try #require(reader.spans["axis x"])
    #expect(lo <= 0 && hi >= 1)
  }

  @Test func heatmapIsWellFormedAndItsScaleSpansTheData() throws {
    let map = Heatmap(
      title: "h", xTitle: "x", yTitle: "y", valueTitle: "v", caption: "c",
      xLabels: ["0", "0.5", "1"], yLabels: ["a", "b"],
      values: [[0.1, 0.5, .nan], [2.5, -1, 0]])
    let reader = try #require(SVGReader.read(map.svg))
    let (lo, hi) = try #require(reader.spans["axis value"])
    #expect(lo <= -1 && hi >= 2.5)
    #expect(Heatmap.color(0) == "#440154")
    #expect(Heatmap.color(1) == "#fde725")
  }

  @Test func niceTicks() {
    let axis = Axis(values: [0.013, 0.87])
    #expect(axis.low == 0 && axis.high == 1)
    #expect(axis.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(Axis.label(0.30000000000000004) == "0.3")
    #expect(Axis.label(-0.0) == "0")
  }
}
