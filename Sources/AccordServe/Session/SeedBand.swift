import AccordNumerics
import AccordPlot

/// The mean of several seeds' time series at each step, with its 95% interval: the band
/// the page draws around each chart series.
///
/// Computed as `accord plot` computes a metric over steps (``PlotData/overSteps``): the
/// shared ``MeanInterval`` (Student t on n - 1 degrees of freedom, or Wilson's score
/// interval for a 0/1 column, decided once per column over every value), with a run that
/// stopped at an agreement carried forward at its last value.
package struct SeedBand: Sendable, Encodable {
  /// At most this many steps are sent per series, evenly spaced, the first and last kept.
  package static let maxPoints = 2000
  /// A batch whose seeds, steps and numeric columns multiply to more is refused: each
  /// value is held (16 bytes with its step) until the last seed ends.
  package static let maxValues = 4_000_000

  package var seeds: [Int]
  /// The numeric time-series columns (flags count as 0/1), in file order.
  package var columns: [String]
  package var steps: [Int]
  /// Per column: `t` or `wilson`.
  package var methods: [String]
  /// Per column, per step.
  package var mean: [[Double]]
  package var lower: [[Double]]
  package var upper: [[Double]]
  /// Runs still going at each step (the others count with their last value).
  package var running: [Int]
  /// Fewer steps are sent than the runs have.
  package var thinned: Bool

  /// Collects each seed's time-series lines as numbers.
  final class Accumulator {
    let columns: [String]
    private let stepColumn: Int
    /// Columns with a value that is neither a number, a flag nor missing.
    private var textual: [Bool]
    /// Per column, per run: (step, value) in step order.
    private(set) var series: [[[(step: Double, value: Double)]]]

    init(columns: [String], runs: Int) {
      self.columns = columns
      stepColumn = columns.firstIndex(of: "step") ?? 0
      textual = columns.map { _ in false }
      series = columns.map { _ in Array(repeating: [], count: runs) }
    }

    /// Adds one line of `timeseries.csv` (newline allowed) of run `run`.
    func add(_ line: Substring, run: Int) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == columns.count, let step = Double(fields[stepColumn]) else { return }
      for (c, raw) in fields.enumerated() {
        let field = raw.hasSuffix("\n") ? raw.dropLast() : raw
        let value: Double?
        switch field {
        case "": value = nil
        case "true": value = 1
        case "false": value = 0
        default:
          value = Double(field)
          if value == nil { textual[c] = true }
        }
        if let value, value.isFinite { series[c][run].append((step, value)) }
      }
    }

    /// The band over the runs added.
    func band(seeds: [Int]) -> SeedBand {
      let all = Set(series.flatMap { $0.flatMap { $0.map(\.step) } }).sorted()
      var steps = all
      if all.count > maxPoints {
        steps = (0..<maxPoints).map {
          all[Int((Double($0) * Double(all.count - 1) / Double(maxPoints - 1)).rounded())]
        }
      }
      var band = SeedBand(
        seeds: seeds, columns: [], steps: steps.map { Int($0) }, methods: [], mean: [],
        lower: [], upper: [], running: [], thinned: steps.count < all.count)
      for c in columns.indices where !textual[c] && c != stepColumn {
        let binary = MeanInterval.isBinary(series[c].lazy.flatMap { $0.map(\.value) })
        let means = PlotData.overSteps(series[c], carryForward: true, binary: binary, steps: steps)
        let byStep = Dictionary(means.map { ($0.step, $0) }, uniquingKeysWith: { a, _ in a })
        band.columns.append(columns[c])
        band.methods.append(binary ? "wilson" : "t")
        band.mean.append(steps.map { byStep[$0]?.estimate.mean ?? .nan })
        band.lower.append(steps.map { byStep[$0]?.estimate.lower ?? .nan })
        band.upper.append(steps.map { byStep[$0]?.estimate.upper ?? .nan })
        if band.running.isEmpty { band.running = steps.map { byStep[$0]?.running ?? 0 } }
      }
      return band
    }
  }
}
