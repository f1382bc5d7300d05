package import AccordNumerics
import Foundation

/// The numbers behind a figure that are not plain means per level: binned means of a
/// scatter, means over steps of runs that stop at different steps, default titles and
/// the grid of small multiples.
package enum PlotData {
  /// One bin of a scatter: its x range, where its mean is drawn and the mean itself.
  package struct Bin: Sendable, Equatable {
    package var lower: Double
    package var upper: Double
    /// The bin's middle (geometric middle on a log axis).
    package var centre: Double
    /// Where the mean is drawn: the mean x of the runs in the bin (geometric mean on a
    /// log axis), so that a bin holding one level of a factorial design sits on it.
    package var position: Double
    package var estimate: MeanInterval
  }

  /// Means of `y` in `count` bins of equal width over the range of `x` (equal width in
  /// log10 x when `log`), each with the shared 95% interval and the mean x of its runs;
  /// empty bins are left out.
  ///
  /// A value on a boundary goes to the bin above it; the largest x to the last bin.
  /// `binary` says whether the metric is 0/1 (Wilson intervals), decided over all of it.
  package static func bins(
    x: [Double], y: [Double], count: Int, log: Bool = false, binary: Bool
  ) -> [Bin] {
    let pairs = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite && (!log || $0.0 > 0) }
    guard count > 0, let lo = pairs.map(\.0).min(), let hi = pairs.map(\.0).max() else {
      return []
    }
    let scale: (Double) -> Double = log ? { log10($0) } : { $0 }
    let unscale: (Double) -> Double = log ? { pow(10, $0) } : { $0 }
    let (a, b) = (scale(lo), scale(hi))
    let width = b > a ? (b - a) / Double(count) : 1
    var members = [[Double]](repeating: [], count: count)
    var positions = [Double](repeating: 0, count: count)
    for (xv, yv) in pairs {
      let i = min(count - 1, max(0, Int(((scale(xv) - a) / width).rounded(.down))))
      members[i].append(yv)
      positions[i] += scale(xv)
    }
    return members.indices.compactMap { i in
      guard !members[i].isEmpty else { return nil }
      let l = a + Double(i) * width
      return Bin(
        lower: unscale(l), upper: unscale(l + width), centre: unscale(l + width / 2),
        position: unscale(positions[i] / Double(members[i].count)),
        estimate: MeanInterval.of(members[i], binary: binary))
    }
  }

  /// One step of a metric over steps: the mean (with its interval and the n behind it)
  /// and how many runs were still going.
  package struct StepMean: Sendable, Equatable {
    package var step: Double
    package var estimate: MeanInterval
    /// Runs whose last recorded step is at or after this one.
    package var running: Int
  }

  /// Means per step over `runs` (each a run's (step, value) rows in step order).
  ///
  /// A run that stopped (at an agreement, say) has no rows after its last step. Averaging
  /// only the runs still going would let the mean drift with who is left (survivorship),
  /// so by default a finished run counts with its last value at every later step
  /// (`carryForward`); with `carryForward` false only the runs with a row at the step
  /// count, and n falls as runs stop.
  ///
  /// `steps`: the steps to report (default: every step of these runs); a figure passes
  /// the steps of all its lines, so that a line whose runs all stopped early carries on
  /// to the common end instead of ending without a word. Steps where no run counts are
  /// left out.
  package static func overSteps(
    _ runs: [[(step: Double, value: Double)]], carryForward: Bool, binary: Bool,
    steps given: [Double]? = nil
  ) -> [StepMean] {
    let steps = given ?? Array(Set(runs.flatMap { $0.map(\.step) })).sorted()
    let lookup: [[Double: Double]] = runs.map { rows in
      Dictionary(rows.map { ($0.step, $0.value) }, uniquingKeysWith: { _, last in last })
    }
    let last = runs.map { $0.last }
    var means: [StepMean] = []
    for s in steps {
      var values: [Double] = []
      var running = 0
      for i in runs.indices {
        guard let end = last[i] else { continue }
        if end.step >= s {
          running += 1
          if let v = lookup[i][s] { values.append(v) }
        } else if carryForward {
          values.append(end.value)
        }
      }
      guard !values.isEmpty else { continue }
      means.append(
        StepMean(step: s, estimate: MeanInterval.of(values, binary: binary), running: running))
    }
    return means
  }

  /// The steps where `counts` changes (and the first), with the count from there on:
  /// where a figure writes n under its line.
  package static func changes(_ counts: [(x: Double, n: Int)]) -> [(x: Double, n: Int)] {
    var out: [(x: Double, n: Int)] = []
    for c in counts where out.last?.n != c.n { out.append(c) }
    return out
  }

  /// Columns of the runs table named in words (the ones whose words alone mislead).
  static let metricWords: [String: String] = [
    "agreement_step": "step of agreement",
    "steps_run": "steps run",
    "pareto_inferior": "Pareto-inferior outcome",
    "final_belief_mean": "final mean belief",
  ]

  /// A metric (a column or an SQL expression) as a phrase for titles: its label if one is
  /// declared, a column's words, a few common expressions in words, otherwise the
  /// expression itself in quotes, shortened to 40 characters.
  package static func phrase(of metric: String, labels: [String: String] = [:]) -> String {
    let m = metric.trimmingCharacters(in: .whitespaces)
    if let label = labels[m] { return label }
    func words(_ column: String) -> String? {
      guard column.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
        column.first?.isLetter == true
      else { return nil }
      if let label = labels[column] { return label }
      if let known = metricWords[column] { return known }
      return column.split(separator: ".").last.map {
        $0.replacingOccurrences(of: "_", with: " ")
      }
    }
    if let w = words(m) { return w }
    let upper = m.uppercased()
    for (suffix, negated) in [(" IS NOT NULL", false), (" IS NULL", true)]
    where upper.hasSuffix(suffix) {
      let column = String(m.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
      if column == "agreement_step" {
        return negated ? "share of runs without agreement" : "share of runs reaching agreement"
      }
      if let w = words(column) {
        let article = "aeiou".contains(w.prefix(1).lowercased()) ? "an" : "a"
        return "share of runs with\(negated ? "out" : "") \(article) \(w)"
      }
    }
    // A comparison of a column with a number: the share of runs where it holds.
    for (op, word) in [
      (">=", "at least"), ("<=", "at most"), ("<>", "not"), ("!=", "not"), (">", "above"),
      ("<", "below"), ("=", "equal to"),
    ] {
      let parts = m.components(separatedBy: op)
      if parts.count == 2, let w = words(parts[0].trimmingCharacters(in: .whitespaces)),
        let number = Double(parts[1].trimmingCharacters(in: .whitespaces))
      {
        return "share of runs with \(w) \(word) \(Axis.label(number))"
      }
    }
    // json_extract(summary_json, '$.a.b'): the path's words.
    if m.lowercased().hasPrefix("json_extract("), let open = m.firstIndex(of: "$"),
      let close = m[open...].firstIndex(of: "'")
    {
      let path = m[m.index(after: open)..<close].split(separator: ".").map {
        $0.replacingOccurrences(of: "_", with: " ")
      }
      if !path.isEmpty { return path.joined(separator: " ") }
    }
    let short = m.count > 40 ? String(m.prefix(39)) + "…" : m
    return "“\(short)”"
  }

  /// The default title: the metric's phrase against the x axis's name (or over steps),
  /// first letter capitalised.
  package static func title(metric: String, against x: String, labels: [String: String] = [:])
    -> String
  {
    let p = phrase(of: metric, labels: labels)
    let text = "\(p) \(x == "step" ? "over steps" : "against \(x)")"
    return text.prefix(1).uppercased() + text.dropFirst()
  }

  /// Columns and rows of a grid of `count` small multiples: as square as possible, never
  /// more than 4 columns, wider than tall.
  package static func grid(count: Int) -> (columns: Int, rows: Int) {
    guard count > 1 else { return (1, 1) }
    let columns = min(4, Int(Double(count).squareRoot().rounded(.up)))
    return (columns, (count + columns - 1) / columns)
  }
}
