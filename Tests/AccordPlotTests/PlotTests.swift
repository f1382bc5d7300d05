import AccordNumerics
import Foundation
import Testing

@testable import AccordPlot

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an SVG back: whether it parses as XML, and the spans its axes declare.
final class SVGReader: NSObject, XMLParserDelegate {
  var spans: [String: (Double, Double)] = [:]
  /// Every axis span in document order (one per panel of small multiples).
  var allSpans: [(String, Double, Double)] = []
  var panels: [String] = []
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
      allSpans.append((c, lo, hi))
    }
    if name == "g", attributes["class"] == "panel", let title = attributes["data-title"] {
      panels.append(title)
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

  // MARK: Log axes

  @Test func logAxisTicksArePowersOfTen() {
    let axis = Axis(logValues: [0.5, 300])
    #expect(axis.low == 0.1 && axis.high == 1000)
    let powers: [Double] = [0.1, 1, 10, 100, 1000]
    let labels: [String] = ["0.1", "1", "10", "100", "1000"]
    #expect(axis.ticks == powers)
    #expect(axis.ticks.map(axis.tickLabel) == labels)
    // 4 decades: minor ticks at 2 to 9 times each power.
    #expect(axis.minorTicks.count == 4 * 8)
    let firstMinor: [Double] = [0.2, 0.3, 0.4]
    #expect(Array(axis.minorTicks.prefix(3)) == firstMinor)
    // In log10 the axis runs from -1 to 3: 10 (1) is half way, 1 (0) a quarter.
    #expect(abs(axis.map(10, from: 0, to: 400) - 200) < 1e-9)
    #expect(abs(axis.map(1, from: 0, to: 400) - 100) < 1e-9)
    // Twelve decades: every second power, labels in exponent form outside [1e-3, 1e3].
    let wide = Axis(logValues: [2e-6, 3e5])
    #expect(wide.low == 1e-6 && wide.high == 1e6)
    let widePowers: [Double] = [1e-6, 1e-4, 1e-2, 1, 100, 1e4, 1e6]
    let wideLabels: [String] = ["1e-6", "1e-4", "0.01", "1", "100", "1e4", "1e6"]
    #expect(wide.ticks == widePowers)
    #expect(wide.ticks.map(wide.tickLabel) == wideLabels)
    #expect(wide.minorTicks.isEmpty)
    // A single value at a power of 10: a decade either side.
    let one = Axis(logValues: [10])
    #expect(one.low == 1 && one.high == 100)
  }

  @Test func logChartDeclaresItsScale() throws {
    var chart = LineChart(
      title: "t", xTitle: "trials", yTitle: "y", caption: "c",
      series: [
        .init(
          name: "s",
          points: [
            .init(x: 5, mean: 0.02, lower: -0.01, upper: 0.05),
            .init(x: 500, mean: 3, lower: 2, upper: 4),
          ])
      ])
    chart.logX = true
    chart.logY = true
    let svg = chart.svg
    let reader = try #require(SVGReader.read(svg))
    let (xlo, xhi) = try #require(reader.spans["axis x"])
    #expect(xlo == 1 && xhi == 1000)
    // The y span follows the means and positive interval ends, not the negative lower end.
    let (ylo, yhi) = try #require(reader.spans["axis y"])
    #expect(ylo == 0.01 && yhi == 10)
    #expect(svg.contains("data-scale=\"log\""))
    #expect(reader.texts.contains("1000") && reader.texts.contains("0.01"))
  }

  // MARK: Small multiples

  @Test func facetGridIsSquareishAndAtMostFourWide() {
    #expect(PlotData.grid(count: 1).columns == 1 && PlotData.grid(count: 1).rows == 1)
    #expect(PlotData.grid(count: 2).columns == 2 && PlotData.grid(count: 2).rows == 1)
    #expect(PlotData.grid(count: 3).columns == 2 && PlotData.grid(count: 3).rows == 2)
    #expect(PlotData.grid(count: 5).columns == 3 && PlotData.grid(count: 5).rows == 2)
    #expect(PlotData.grid(count: 10).columns == 4 && PlotData.grid(count: 10).rows == 3)
    #expect(PlotData.grid(count: 17).columns == 4 && PlotData.grid(count: 17).rows == 5)
  }

  @Test func facetPanelsShareAxesAndDoNotOverlap() throws {
    func series(_ shift: Double) -> [LineChart.Series] {
      [
        .init(
          name: "a",
          points: [
            .init(x: 1, mean: shift, lower: shift - 1, upper: shift + 1),
            .init(x: 3, mean: shift + 2, lower: shift + 1, upper: shift + 3),
          ]),
        .init(name: "b", points: [.init(x: 2, mean: 0, lower: -0.5, upper: 0.5)]),
      ]
    }
    var chart = LineChart(title: "t", xTitle: "x", yTitle: "y", caption: "c", series: [])
    chart.panels = [
      .init(title: "rule = majority", series: series(0)),
      .init(title: "rule = unanimity", series: series(10)),
      .init(title: "rule = qualified", series: series(-5)),
    ]
    let frames = chart.frames()
    #expect(frames.count == 3)
    // Two columns, two rows: equal cells; the third starts a new row under the first.
    #expect(frames[0].x0 == frames[2].x0 && frames[0].x1 == frames[2].x1)
    #expect(frames[1].x0 > frames[0].x1)
    #expect(frames[2].y1 > frames[0].y0)
    #expect(abs((frames[0].x1 - frames[0].x0) - (frames[1].x1 - frames[1].x0)) < 1e-9)
    #expect(abs((frames[0].y0 - frames[0].y1) - (frames[2].y0 - frames[2].y1)) < 1e-9)
    // Default size grows with the grid: 80 + 2 x 260 + a 190 legend wide, 160 + 2 x 230 high.
    #expect(chart.size.width == 790 && chart.size.height == 620)
    let reader = try #require(SVGReader.read(chart.svg))
    let titles: [String] = ["rule = majority", "rule = unanimity", "rule = qualified"]
    #expect(reader.panels == titles)
    let ySpans = reader.allSpans.filter { $0.0 == "axis y" }
    #expect(ySpans.count == 3)
    // Shared: every panel's y axis spans all panels' data (-6 to 13).
    #expect(ySpans.allSatisfy { $0.1 == ySpans[0].1 && $0.2 == ySpans[0].2 })
    #expect(ySpans[0].1 <= -6 && ySpans[0].2 >= 13)
    // One legend for all panels.
    #expect(reader.texts.filter { $0 == "a" }.count == 1)
  }

  // MARK: Scatter and bins

  @Test func binnedMeansByHand() throws {
    // Two bins of width 5 over [0, 10]: 5 sits on the boundary and goes up, 10 (the
    // largest) goes to the last bin.
    let bins = PlotData.bins(
      x: [0, 1, 2, 5, 10], y: [1, 2, 3, 4, 8], count: 2, binary: false)
    #expect(bins.count == 2)
    #expect(bins[0].lower == 0 && bins[0].upper == 5 && bins[0].centre == 2.5)
    // Drawn at the mean x of its runs: 1 and 7.5.
    #expect(bins[0].position == 1 && bins[1].position == 7.5)
    #expect(bins[0].estimate.n == 3 && bins[0].estimate.mean == 2)
    // sd 1, t(0.975, 2) = 4.302652729749462: half width 4.3027 / sqrt(3).
    let half = 4.302652729749462 / 3.0.squareRoot()
    #expect(abs(bins[0].estimate.lower - (2 - half)) < 1e-6)
    #expect(abs(bins[0].estimate.upper - (2 + half)) < 1e-6)
    #expect(bins[1].estimate.n == 2 && bins[1].estimate.mean == 6)
    // sd 2 sqrt(2), t(0.975, 1) = 12.706204736174707: half width 12.706 x 2.
    #expect(abs(bins[1].estimate.upper - (6 + 2 * 12.706204736174707)) < 1e-6)
    // An empty bin is left out: three bins over [0, 10], nothing in the middle one.
    let gap = PlotData.bins(x: [0, 1, 2, 9, 10], y: [1, 1, 1, 2, 4], count: 3, binary: false)
    let gapCounts: [Int] = [3, 2]
    #expect(gap.map(\.estimate.n) == gapCounts)
    #expect(abs(gap[1].lower - 20.0 / 3) < 1e-12 && abs(gap[1].centre - 25.0 / 3) < 1e-12)
    #expect(gap[1].estimate.mean == 3 && gap[1].position == 9.5)
    // Equal widths in log10: [1, 10) and [10, 100]; the centre is the geometric middle.
    let log = PlotData.bins(
      x: [1, 2, 10, 50, 100], y: [1, 3, 5, 6, 7], count: 2, log: true, binary: false)
    let logMeans: [Double] = [2, 6]
    #expect(log.map(\.estimate.mean) == logMeans)
    #expect(abs(log[0].centre - 10.0.squareRoot()) < 1e-12 && abs(log[1].upper - 100) < 1e-9)
    // On a log axis the position is the geometric mean: sqrt(1 x 2), (10 x 50 x 100)^(1/3).
    #expect(abs(log[0].position - 2.0.squareRoot()) < 1e-12)
    #expect(abs(log[1].position - pow(50_000, 1.0 / 3)) < 1e-9)
    // A 0/1 metric: Wilson's interval for 3 of 4.
    let flags = PlotData.bins(x: [1, 2, 3, 4], y: [1, 0, 1, 1], count: 1, binary: true)
    #expect(flags[0].estimate.method == .wilson && flags[0].estimate.mean == 0.75)
    #expect(abs(flags[0].estimate.lower - 0.30064184258240184) < 1e-12)
    #expect(abs(flags[0].estimate.upper - 0.9544127391902995) < 1e-12)
  }

  @Test func scatterDrawsEveryRunAndBinsWithBars() throws {
    let chart = LineChart(
      title: "t", xTitle: "x", yTitle: "y", caption: "c",
      series: [
        .init(
          name: "s", points: [.init(x: 2.5, mean: 2, lower: 1, upper: 3)],
          dots: [.init(x: 0, y: 1), .init(x: 1, y: 2), .init(x: 2, y: 3), .init(x: 9, y: 40)])
      ])
    let svg = chart.svg
    let reader = try #require(SVGReader.read(svg))
    #expect(svg.components(separatedBy: "r=\"1.8\"").count - 1 == 4)
    // The axes span the dots, not only the means.
    let (_, yhi) = try #require(reader.spans["axis y"])
    let (_, xhi) = try #require(reader.spans["axis x"])
    #expect(yhi >= 40 && xhi >= 9)
    // A proportion's fixed [0, 1] gives way when a run lies outside it (it must show).
    var share = LineChart(
      title: "t", xTitle: "x", yTitle: "y", caption: "c",
      series: [
        .init(
          name: "s", points: [.init(x: 1, mean: 0.9, lower: 0.8, upper: 1.05)],
          dots: [.init(x: 1, y: 0.7), .init(x: 2, y: 1.13)])
      ])
    share.style.valueRange = 0...1
    let (lo, hi) = try #require(SVGReader.read(share.svg)?.spans["axis y"])
    #expect(lo == 0 && hi >= 1.13)
    share.series[0].dots.removeLast()
    let (lo1, hi1) = try #require(SVGReader.read(share.svg)?.spans["axis y"])
    #expect(lo1 == 0 && hi1 == 1)
  }

  // MARK: Over steps

  @Test func carryForwardAndSurvivorsByHand() throws {
    // Run A stops at step 2 (say at an agreement) with value 1; B goes on to step 4.
    let a: [(step: Double, value: Double)] = [(0, 0), (1, 1), (2, 1)]
    let b: [(step: Double, value: Double)] = [(0, 0), (1, 0), (2, 0), (3, 0), (4, 1)]
    let carried = PlotData.overSteps([a, b], carryForward: true, binary: true)
    let survivors = PlotData.overSteps([a, b], carryForward: false, binary: true)
    let all: [Double] = [0, 1, 2, 3, 4]
    #expect(carried.map(\.step) == all)
    // Carried forward: A keeps counting with 1 at steps 3 and 4.
    let carriedMeans: [Double] = [0, 0.5, 0.5, 0.5, 1]
    #expect(carried.map(\.estimate.mean) == carriedMeans)
    let twos: [Int] = [2, 2, 2, 2, 2]
    #expect(carried.map(\.estimate.n) == twos)
    // Survivors only: B alone from step 3, so the mean drops to 0, then jumps to 1.
    let survivorMeans: [Double] = [0, 0.5, 0.5, 0, 1]
    let falling: [Int] = [2, 2, 2, 1, 1]
    #expect(survivors.map(\.estimate.mean) == survivorMeans)
    #expect(survivors.map(\.estimate.n) == falling)
    #expect(carried.map(\.running) == falling)
    // n is written where it changes.
    let changes = PlotData.changes(survivors.map { (x: $0.step, n: $0.estimate.n) })
    let changeSteps: [Double] = [0, 3]
    let changeCounts: [Int] = [2, 1]
    #expect(changes.map(\.x) == changeSteps && changes.map(\.n) == changeCounts)
    // Continuous values: t intervals on the carried-forward values.
    let r1: [(step: Double, value: Double)] = [(0, 1), (1, 2)]
    let r2: [(step: Double, value: Double)] = [(0, 3), (1, 4), (2, 6)]
    let r3: [(step: Double, value: Double)] = [(0, 5)]
    let c = PlotData.overSteps([r1, r2, r3], carryForward: true, binary: false)
    let cMeans: [Double] = [3, 11.0 / 3, 13.0 / 3]
    let cRunning: [Int] = [3, 2, 1]
    #expect(c.map(\.estimate.mean) == cMeans)
    #expect(c.map(\.running) == cRunning)
    // Given the figure's steps, a line carries on to the common end (A alone: its 1 from
    // step 2 on); survivors-only leaves out the steps where no run is left.
    let steps: [Double] = [0, 1, 2, 3, 4]
    let longer = PlotData.overSteps([a], carryForward: true, binary: true, steps: steps)
    let longerMeans: [Double] = [0, 1, 1, 1, 1]
    let longerRunning: [Int] = [1, 1, 1, 0, 0]
    #expect(longer.map(\.estimate.mean) == longerMeans)
    #expect(longer.map(\.running) == longerRunning)
    let shorter = PlotData.overSteps([a], carryForward: false, binary: true, steps: steps)
    let shorterSteps: [Double] = [0, 1, 2]
    #expect(shorter.map(\.step) == shorterSteps)
  }

  @Test func countsAreWrittenUnderTheLine() throws {
    var chart = LineChart(
      title: "t", xTitle: "step", yTitle: "y", caption: "c",
      series: [
        .init(
          name: "s",
          points: (0...100).map { .init(x: Double($0), mean: 0.5, lower: 0.4, upper: 0.6) },
          counts: [
            .init(x: 0, n: 128), .init(x: 40, n: 73), .init(x: 41, n: 72), .init(x: 100, n: 1),
          ])
      ])
    chart.countTitle = "n"
    let reader = try #require(SVGReader.read(chart.svg))
    #expect(reader.texts.contains("n=128") && reader.texts.contains("73"))
    // 72 one step after 73 would touch it: left out; the last count always shows.
    #expect(!reader.texts.contains("72") && reader.texts.contains("1"))
  }

  // MARK: Titles

  @Test func defaultTitlesInWords() {
    #expect(PlotData.phrase(of: "agreement_step IS NOT NULL") == "share of runs reaching agreement")
    #expect(PlotData.phrase(of: "agreement_step is null") == "share of runs without agreement")
    #expect(PlotData.phrase(of: "steps_run") == "steps run")
    #expect(PlotData.phrase(of: "final_coalition_share") == "final coalition share")
    #expect(PlotData.phrase(of: "outcome IS NOT NULL") == "share of runs with an outcome")
    #expect(PlotData.phrase(of: "winner IS NULL") == "share of runs without a winner")
    #expect(PlotData.phrase(of: "efficiency > 0.5") == "share of runs with efficiency above 0.5")
    #expect(PlotData.phrase(of: "steps_run <= 20") == "share of runs with steps run at most 20")
    #expect(
      PlotData.phrase(of: "json_extract(summary_json, '$.gain_shares.North')")
        == "gain shares North")
    #expect(
      PlotData.phrase(of: "efficiency", labels: ["efficiency": "Efficiency of the deal"])
        == "Efficiency of the deal")
    // Nothing better: the expression quoted, shortened to 40 characters.
    #expect(PlotData.phrase(of: "steps_run / 10.0") == "“steps_run / 10.0”")
    let long = "CASE WHEN efficiency > 0.5 THEN steps_run ELSE 0 END"
    #expect(PlotData.phrase(of: long) == "“CASE WHEN efficiency > 0.5 THEN steps_r…”")
    #expect(
      PlotData.title(metric: "agreement_step IS NOT NULL", against: "True state")
        == "Share of runs reaching agreement against True state")
    #expect(PlotData.title(metric: "belief_mean", against: "step") == "Belief mean over steps")
  }

  // MARK: Intervals

  @Test func sharedIntervalConvention() {
    // Student t for a continuous metric: 1..5, t(0.975, 4) = 2.7764451051977934.
    let t = MeanInterval.of([1, 2, 3, 4, 5])
    #expect(t.method == .t)
    #expect(abs(t.upper - (3 + 2.7764451051977934 * 2.5.squareRoot() / 5.0.squareRoot())) < 1e-6)
    // Wilson for a 0/1 metric, decided over the whole metric when given.
    let w = MeanInterval.of([1, 0, 0], binary: true)
    #expect(w.method == .wilson)
    #expect(abs(w.lower - 0.06149194472039615) < 1e-12 && abs(w.upper - 0.7923403991979523) < 1e-12)
    // A continuous metric whose values at one point happen to be 0 or 1 stays t.
    #expect(MeanInterval.of([1, 1, 0], binary: false).method == .t)
    #expect(MeanInterval.isBinary([0, 1, 1]) && !MeanInterval.isBinary([0, 0.5]))
    #expect(!MeanInterval.isBinary([Double]()))
  }
}
