import Foundation

/// What the data says about a proposition.
public enum Verdict: Sendable, Equatable, CustomStringConvertible {
  case holds
  case fails
  /// Holds under the named conditions only.
  case holdsOnlyWhen(String)

  public var description: String {
    switch self {
    case .holds: "holds"
    case .fails: "fails"
    case .holdsOnlyWhen(let conditions): "holds only when \(conditions)"
    }
  }

  /// All parts must hold; a part that fails fails the proposition; conditions collect.
  static func combine(_ parts: [Verdict]) -> Verdict {
    if parts.contains(.fails) { return .fails }
    let conditions = parts.compactMap { part -> String? in
      if case .holdsOnlyWhen(let c) = part { return c }
      return nil
    }
    return conditions.isEmpty ? .holds : .holdsOnlyWhen(conditions.joined(separator: "; and "))
  }
}

/// The outcome of one declared test.
public struct TestResult: Sendable {
  public var test: StatisticTest
  /// The statistic over all the test's runs.
  public var estimate: Estimate
  public var verdict: Verdict
  /// With `by`: the statistic and whether it holds at each level.
  public var conditions: [(level: String, estimate: Estimate, holds: Bool)]
  /// For orderings: the mean at each level.
  public var means: [(level: String, estimate: Estimate)]

  /// The statistic in words, e.g. "slope of efficiency on evidence.trials".
  public var statisticName: String {
    switch test.kind {
    case .mean: "mean of \(test.metric)"
    case .slope: "slope on \(test.factor!)"
    case .difference where !test.compare.isEmpty:
      "difference (\(test.levels[0])) - (\(test.levels[1]))"
    case .difference: "difference \(test.levels[0]) - \(test.levels[1]) of \(test.factor!)"
    case .ordering: "\(test.levels.last!) - \(test.levels[0]) of \(test.factor!)"
    }
  }

  /// What had to be shown, e.g. "> 0 (95% interval above 0)".
  public var criterion: String {
    switch test.expect {
    case .positive: "interval above 0"
    case .negative: "interval below 0"
    case .increasing:
      "rises along \(test.levels.joined(separator: " < ")): interval above 0, no step significantly down"
    case .decreasing:
      "falls along \(test.levels.joined(separator: " > ")): interval below 0, no step significantly up"
    case .below: "interval below \(format(test.bound!))"
    case .above: "interval above \(format(test.bound!))"
    }
  }
}

/// Evaluates declared tests on a store.
public enum Evaluation {
  public static func run(_ test: StatisticTest, on table: RunTable) throws -> TestResult {
    guard let by = test.by else {
      let (estimate, holds, means) = try evaluate(test, on: table, extra: [])
      return TestResult(
        test: test, estimate: estimate, verdict: holds ? .holds : .fails, conditions: [],
        means: means)
    }
    let (estimate, _, means) = try evaluate(test, on: table, extra: [])
    var conditions: [(String, Estimate, Bool)] = []
    for level in try table.levels(of: by) {
      let (e, holds, _) = try evaluate(test, on: table, extra: [(by, level)])
      conditions.append((level, e, holds))
    }
    let holding = conditions.filter(\.2).map(\.0)
    let verdict: Verdict =
      holding.count == conditions.count
      ? .holds
      : holding.isEmpty ? .fails : .holdsOnlyWhen("\(by) = \(holding.joined(separator: " or "))")
    return TestResult(
      test: test, estimate: estimate, verdict: verdict, conditions: conditions, means: means)
  }

  static func evaluate(_ test: StatisticTest, on table: RunTable, extra: [(String, String)])
    throws -> (Estimate, Bool, [(level: String, estimate: Estimate)])
  {
    let filter = test.filter + extra
    switch test.kind {
    case .mean:
      let rows = try table.rows(metric: test.metric, factors: [], filter: filter)
      let e = Estimate.mean(rows.map(\.value))
      let holds = test.expect == .below ? e.upper < test.bound! : e.lower > test.bound!
      return (e, holds, [])
    case .slope:
      let factor = test.factor!
      let rows = try table.rows(metric: test.metric, factors: [factor], filter: filter)
      let x = rows.compactMap { Double($0.factors[0]) }
      guard x.count == rows.count else {
        throw AnalysisError("\(table.path): a slope needs a numeric factor; '\(factor)' is not")
      }
      let e = Estimate.slope(x: x, y: rows.map(\.value))
      return (e, test.expect == .positive ? e.lower > 0 : e.upper < 0, [])
    case .difference where !test.compare.isEmpty:
      let groups = try test.compare.map { cell in
        try table.rows(metric: test.metric, factors: [], filter: filter + cell).map(\.value)
      }
      let means = zip(test.levels, groups).map { (level: $0, estimate: Estimate.mean($1)) }
      let e = Estimate.difference(groups[0], groups[1])
      return (e, test.expect == .positive ? e.lower > 0 : e.upper < 0, means)
    case .difference, .ordering:
      let factor = test.factor!
      let rows = try table.rows(metric: test.metric, factors: [factor], filter: filter)
      let groups = test.levels.map { level in rows.filter { $0.factors[0] == level }.map(\.value) }
      for (level, values) in zip(test.levels, groups) where values.isEmpty {
        throw AnalysisError(
          "\(table.path): no runs with \(factor) = \(level) (and a value of \(test.metric))")
      }
      let means = zip(test.levels, groups).map { (level: $0, estimate: Estimate.mean($1)) }
      if test.kind == .difference {
        let e = Estimate.difference(groups[0], groups[1])
        return (e, test.expect == .positive ? e.lower > 0 : e.upper < 0, means)
      }
      let e = Estimate.difference(groups[groups.count - 1], groups[0])
      let up = test.expect == .increasing
      var holds = up ? e.lower > 0 : e.upper < 0
      for k in 1..<groups.count {
        let step = Estimate.difference(groups[k], groups[k - 1])
        if up ? step.upper < 0 : step.lower > 0 { holds = false }
      }
      return (e, holds, means)
    }
  }
}

/// A number for reports: 3 significant digits, plain notation.
func format(_ x: Double) -> String {
  guard x.isFinite else { return "n/a" }
  if x == 0 { return "0" }
  let digits = max(0, 2 - Int((log10(abs(x))).rounded(.down)))
  var s = String(format: "%.\(min(digits, 6))f", x)
  if s.contains(".") {
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
  }
  return s == "-0" ? "0" : s
}
