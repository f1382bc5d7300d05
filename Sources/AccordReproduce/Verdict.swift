import Foundation

/// What the data says about a proposition.
package enum Verdict: Sendable, Equatable, CustomStringConvertible {
  case holds
  case fails
  /// Holds under the named conditions only.
  case holdsOnlyWhen(String)
  /// The data cannot decide: a manipulation check failed, or the interval is wider
  /// than the smallest effect that matters (underpowered), or significance does not
  /// survive the correction for multiple tests.
  case inconclusive(String)

  package var description: String {
    switch self {
    case .holds: "holds"
    case .fails: "fails"
    case .holdsOnlyWhen(let conditions): "holds only when \(conditions)"
    case .inconclusive(let reason): "inconclusive (\(reason))"
    }
  }

  /// The verdict's kind: holds, only, fails or inconclusive.
  var kind: String {
    switch self {
    case .holds: "holds"
    case .fails: "fails"
    case .holdsOnlyWhen: "only"
    case .inconclusive: "inconclusive"
    }
  }

  /// All parts must hold; a part that fails fails the proposition; then an inconclusive
  /// part makes it inconclusive; conditions collect.
  static func combine(_ parts: [Verdict]) -> Verdict {
    if parts.contains(.fails) { return .fails }
    let unclear = parts.filter { $0.kind == "inconclusive" }
    if !unclear.isEmpty {
      return .inconclusive(
        unclear.count == 1 ? "one test inconclusive" : "\(unclear.count) tests inconclusive")
    }
    let conditions = parts.compactMap { part -> String? in
      if case .holdsOnlyWhen(let c) = part { return c }
      return nil
    }
    return conditions.isEmpty ? .holds : .holdsOnlyWhen(conditions.joined(separator: "; and "))
  }
}

/// Whether a test's manipulation checks passed.
enum Manipulation: String, Sendable {
  case passed, failed, none
}

/// The outcome of one declared test.
struct TestResult: Sendable {
  var test: StatisticTest
  /// The statistic over all the test's runs.
  var estimate: Estimate
  /// The verdict from the data alone (before manipulation checks and Holm).
  var verdict: Verdict
  /// With `by`: the statistic and whether it holds at each level.
  var conditions: [Condition]
  /// For orderings: the mean at each level.
  var means: [(level: String, estimate: Estimate)]
  /// The one-sided p-value of the expected direction (nil: exact).
  var pValue: Double?
  var manipulation = Manipulation.none
  /// The verdict after Holm's correction across the paper's tests.
  var adjusted: Verdict

  /// One level of a `by` factor.
  struct Condition: Sendable {
    var level: String
    var estimate: Estimate
    var holds: Bool
    /// Not holding, with an interval wider than the smallest effect that matters.
    var underpowered: Bool
    var pValue: Double?
    /// Still holding after Holm's correction.
    var holdsAdjusted: Bool
  }

  /// The statistic in words ("slope of efficiency on trials").
  var statisticName: String {
    let what = test.measure
    switch test.kind {
    case .mean: return "mean of \(what)"
    case .slope: return "slope of \(what) on \(short(test.factor))"
    case .difference where !test.compare.isEmpty, .interaction:
      let cells = test.compare.map { cell in
        "(" + cell.map { "\(short($0.0)) = \($0.1)" }.joined(separator: ", ") + ")"
      }
      return cells.count == 4
        ? "\(what): [\(cells[0]) - \(cells[1])] - [\(cells[2]) - \(cells[3])]"
        : "\(what): \(cells[0]) - \(cells[1])"
    case .difference:
      return "\(what): \(short(test.factor)) \(test.levels[0]) - \(test.levels[1])"
    case .ordering:
      return
        "\(what): \(short(test.factor)) \(test.levels[test.levels.count - 1]) - \(test.levels[0])"
    case .peak:
      return
        "\(what): best interior \(short(test.factor)) minus the higher of \(test.levels[0]) and \(test.levels[test.levels.count - 1])"
    }
  }

  /// What had to be shown ("interval above 0").
  var criterion: String {
    let on = estimate.isExact ? "value" : "interval"
    switch test.expect {
    case .positive: return "\(on) above 0"
    case .negative: return "\(on) below 0"
    case .increasing:
      return
        "rises along \(test.levels.joined(separator: " < ")): \(on) above 0, no step significantly down"
    case .decreasing:
      return
        "falls along \(test.levels.joined(separator: " > ")): \(on) below 0, no step significantly up"
    case .below: return "\(on) below \(format(test.bound))"
    case .above: return "\(on) above \(format(test.bound))"
    }
  }
}

/// The last component of a factor path, for names in reports.
func short(_ path: String) -> String {
  guard !path.contains("="), let last = path.split(separator: ".").last else { return path }
  return String(last)
}

/// Evaluates declared tests on a store.
enum Evaluation {
  /// The test's statistic, raw verdict and p-value; `exact` for a deterministic
  /// experiment (no interval, the verdict read from the value).
  static func run(_ test: StatisticTest, on table: RunTable, exact: Bool = false) throws
    -> TestResult
  {
    guard let by = test.by else {
      let (estimate, holds, means) = try evaluate(test, on: table, extra: [], exact: exact)
      let verdict: Verdict =
        holds
        ? .holds
        : underpowered(estimate, test)
          ? .inconclusive("underpowered: interval wider than min_effect \(format(test.minEffect))")
          : .fails
      return TestResult(
        test: test, estimate: estimate, verdict: verdict, conditions: [], means: means,
        pValue: pValue(estimate, test), adjusted: verdict)
    }
    let (estimate, _, means) = try evaluate(test, on: table, extra: [], exact: exact)
    var conditions: [TestResult.Condition] = []
    for level in try table.levels(of: by) {
      let (e, holds, _) = try evaluate(test, on: table, extra: [(by, level)], exact: exact)
      conditions.append(
        .init(
          level: level, estimate: e, holds: holds, underpowered: !holds && underpowered(e, test),
          pValue: pValue(e, test), holdsAdjusted: holds))
    }
    let verdict = conditional(by, conditions.map { ($0.level, $0.holds, $0.underpowered) })
    return TestResult(
      test: test, estimate: estimate, verdict: verdict, conditions: conditions, means: means,
      pValue: pValue(estimate, test), adjusted: verdict)
  }

  /// The verdict of a test evaluated at each level of `by`.
  static func conditional(_ by: String, _ levels: [(String, Bool, Bool)]) -> Verdict {
    let holding = levels.filter(\.1).map(\.0)
    let unclear = levels.filter { !$0.1 && $0.2 }.map(\.0)
    if holding.count == levels.count { return .holds }
    if !holding.isEmpty {
      return .holdsOnlyWhen(
        "\(short(by)) = \(holding.joined(separator: " or "))"
          + (unclear.isEmpty ? "" : " (inconclusive at \(unclear.joined(separator: ", ")))"))
    }
    return unclear.count == levels.count
      ? .inconclusive("underpowered at every level of \(short(by))") : .fails
  }

  /// A test that did not hold is underpowered when its interval is wider than the
  /// smallest effect that matters: it could not have told 0 from that effect.
  static func underpowered(_ e: Estimate, _ test: StatisticTest) -> Bool {
    guard !e.isExact else { return false }
    guard e.lower.isFinite, e.upper.isFinite else { return true }
    return e.upper - e.lower > test.minEffect
  }

  /// The one-sided p-value of the expected direction.
  static func pValue(_ e: Estimate, _ test: StatisticTest) -> Double? {
    switch test.expect {
    case .positive, .increasing: e.pValue(null: 0, greater: true)
    case .negative, .decreasing: e.pValue(null: 0, greater: false)
    case .above: e.pValue(null: test.bound, greater: true)
    case .below: e.pValue(null: test.bound, greater: false)
    }
  }

  /// Whether `e` shows what `test` expects: its interval (or, exact, its value) lies on
  /// the expected side of 0 or the bound.
  static func shows(_ e: Estimate, _ test: StatisticTest) -> Bool {
    let slack = e.isExact ? 1e-9 : 0
    switch test.expect {
    case .positive, .increasing: return e.lower > slack
    case .negative, .decreasing: return e.upper < -slack
    case .above: return e.lower > test.bound + slack
    case .below: return e.upper < test.bound - slack
    }
  }

  static func evaluate(
    _ test: StatisticTest, on table: RunTable, extra: [(String, String)], exact: Bool
  ) throws -> (Estimate, Bool, [(level: String, estimate: Estimate)]) {
    let filter = test.filter + extra
    func finish(_ e: Estimate) -> Estimate { exact ? .exact(e.value) : e }
    let share = test.proportion
    func level(_ values: [Double]) -> Estimate {
      finish(Estimate.mean(values, proportion: share))
    }
    switch test.kind {
    case .mean:
      let rows = try table.rows(metric: test.metric, factors: [], filter: filter)
      let e = finish(Estimate.mean(rows.map(\.value), proportion: share))
      return (e, shows(e, test), [])
    case .slope:
      let factor = test.factor
      let rows = try table.rows(metric: test.metric, factors: [factor], filter: filter)
      let x = rows.compactMap { Double($0.factors[0]) }
      guard x.count == rows.count else {
        throw AnalysisError("\(table.path): a slope needs a numeric factor; '\(factor)' is not")
      }
      let e = finish(Estimate.slope(x: x, y: rows.map(\.value)))
      return (e, shows(e, test), [])
    case .difference where !test.compare.isEmpty, .interaction:
      let groups = try test.compare.map { cell in
        try table.rows(metric: test.metric, factors: [], filter: filter + cell).map(\.value)
      }
      let means = zip(test.levels, groups).map { (level: $0, estimate: level($1)) }
      let e = finish(
        test.kind == .interaction
          ? Estimate.interaction(groups[0], groups[1], groups[2], groups[3])
          : Estimate.difference(groups[0], groups[1], proportion: share))
      return (e, shows(e, test), means)
    case .difference, .ordering, .peak:
      let factor = test.factor
      let rows = try table.rows(metric: test.metric, factors: [factor], filter: filter)
      let groups = test.levels.map { level in rows.filter { $0.factors[0] == level }.map(\.value) }
      for (level, values) in zip(test.levels, groups) where values.isEmpty {
        throw AnalysisError(
          "\(table.path): no runs with \(factor) = \(level) (and a value of \(test.metric))")
      }
      let means = zip(test.levels, groups).map { (level: $0, estimate: level($1)) }
      if test.kind == .difference {
        let e = finish(Estimate.difference(groups[0], groups[1], proportion: share))
        return (e, shows(e, test), means)
      }
      if test.kind == .peak {
        let e = finish(peak(groups, proportion: share))
        return (e, shows(e, test), means)
      }
      let e = finish(Estimate.difference(groups[groups.count - 1], groups[0], proportion: share))
      var holds = shows(e, test)
      let up = test.expect == .increasing
      for k in 1..<groups.count {
        let step = finish(Estimate.difference(groups[k], groups[k - 1], proportion: share))
        let slack = exact ? 1e-9 : 0
        if up ? step.upper < -slack : step.lower > slack { holds = false }
      }
      return (e, holds, means)
    }
  }
}

extension Evaluation {
  /// The interior peak of `groups` (in level order): at the interior level with the
  /// largest estimate, the smaller of its differences from the first and the last
  /// group, with the smaller lower end of the two intervals.
  static func peak(_ groups: [[Double]], proportion: Bool?) -> Estimate {
    var best = Estimate.undefined
    for k in 1..<(groups.count - 1) {
      let up = Estimate.difference(groups[k], groups[0], proportion: proportion)
      let down = Estimate.difference(groups[k], groups[groups.count - 1], proportion: proportion)
      var e = up.value < down.value ? up : down
      e.lower = min(up.lower, down.lower)
      e.n = groups.reduce(0) { $0 + $1.count }
      if best.value.isNaN || e.value > best.value { best = e }
    }
    return best
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
