import Foundation

/// Evaluates declared tests on a store.
enum Evaluation {
  /// The solver tolerance of a deterministic experiment that declares none: the one-issue
  /// Nash solver's (`IntervalSet.tolerance` in AccordModel, which ratification also uses).
  static let defaultTolerance = 1e-7

  /// The test's statistic, raw verdict and p-value; `exact` for a deterministic
  /// experiment (no interval, the verdict read from the value against `min_effect` and
  /// the solver's `tolerance`).
  static func run(
    _ test: StatisticTest, on table: RunTable, exact: Bool = false,
    tolerance: Double = defaultTolerance
  ) throws -> TestResult {
    let (estimate, verdict, means) = try evaluate(
      test, on: table, extra: [], exact: exact, tolerance: tolerance)
    guard let by = test.by else {
      return TestResult(
        test: test, estimate: estimate, verdict: verdict, conditions: [], means: means,
        pValue: pValue(estimate, test), adjusted: verdict)
    }
    var conditions: [TestResult.Condition] = []
    for level in try table.levels(of: by) {
      let (e, v, _) = try evaluate(
        test, on: table, extra: [(by, level)], exact: exact, tolerance: tolerance)
      conditions.append(
        .init(level: level, estimate: e, verdict: v, pValue: pValue(e, test), adjusted: v))
    }
    let combined = conditional(by, conditions.map { ($0.level, $0.verdict) })
    return TestResult(
      test: test, estimate: estimate, verdict: combined, conditions: conditions, means: means,
      pValue: pValue(estimate, test), adjusted: combined)
  }

  /// The verdict of a test evaluated at each level of `by`: `holds` at every level,
  /// `holds only when` at some (naming what the other levels showed); with no level
  /// holding, reversed if any level is reversed, negligible if every level is, and
  /// inconclusive otherwise.
  static func conditional(_ by: String, _ levels: [(String, Verdict)]) -> Verdict {
    let holding = levels.filter { $0.1 == .holds }.map(\.0)
    if holding.count == levels.count { return .holds }
    func at(_ kind: String) -> [String] { levels.filter { $0.1.kind == kind }.map(\.0) }
    let reversed = at("reversed")
    let negligible = at("negligible")
    let unclear = at("inconclusive")
    if !holding.isEmpty {
      let others = [("reversed", reversed), ("negligible", negligible), ("inconclusive", unclear)]
        .filter { !$0.1.isEmpty }.map { "\($0.0) at \($0.1.joined(separator: ", "))" }
      return .holdsOnlyWhen(
        "\(short(by)) = \(holding.joined(separator: " or "))"
          + (others.isEmpty ? "" : " (\(others.joined(separator: "; ")))"))
    }
    if !reversed.isEmpty { return .failsReversed }
    if negligible.count == levels.count { return .negligible }
    return .inconclusive(
      "holds at no level of \(short(by))"
        + (negligible.isEmpty ? "" : " (negligible at \(negligible.joined(separator: ", ")))"))
  }

  /// The sign that makes the claimed direction positive, and the reference (0, or the
  /// bound of `above` / `below`).
  static func orientation(_ test: StatisticTest) -> (sign: Double, reference: Double) {
    switch test.expect {
    case .positive, .increasing: (1, 0)
    case .negative, .decreasing: (-1, 0)
    case .above: (1, test.bound)
    case .below: (-1, test.bound)
    }
  }

  /// The smallest effect that matters as the verdict reads it: 0 for a manipulation
  /// check, which declares none (it must only show its direction).
  static func delta(_ test: StatisticTest) -> Double {
    test.minEffect.isFinite ? test.minEffect : 0
  }

  /// The verdict of `e` for `test`: the interval (or, exact, the value) signed in the
  /// claimed direction, against 0 or the bound and against the smallest effect.
  static func judge(_ e: Estimate, _ test: StatisticTest, tolerance: Double) -> Verdict {
    let (sign, reference) = orientation(test)
    if e.isExact {
      return Verdict.exact(
        sign * (e.value - reference), delta: delta(test), tolerance: tolerance)
    }
    guard e.lower.isFinite, e.upper.isFinite else { return .inconclusive("no interval") }
    let a = sign * (e.lower - reference)
    let b = sign * (e.upper - reference)
    return Verdict.interval(lower: min(a, b), upper: max(a, b), delta: delta(test))
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

  static func evaluate(
    _ test: StatisticTest, on table: RunTable, extra: [(String, String)], exact: Bool,
    tolerance: Double
  ) throws -> (Estimate, Verdict, [(level: String, estimate: Estimate)]) {
    let filter = test.filter + extra
    func finish(_ e: Estimate) -> Estimate { exact ? .exact(e.value) : e }
    func judged(_ e: Estimate) -> Verdict { judge(e, test, tolerance: tolerance) }
    let share = test.proportion
    func level(_ values: [Double]) -> Estimate {
      finish(Estimate.mean(values, proportion: share))
    }
    switch test.kind {
    case .mean:
      let rows = try table.rows(metric: test.metric, factors: [], filter: filter)
      let e = finish(Estimate.mean(rows.map(\.value), proportion: share))
      return (e, judged(e), [])
    case .slope:
      let factor = test.factor
      let rows = try table.rows(metric: test.metric, factors: [factor], filter: filter)
      let x = rows.compactMap { Double($0.factors[0]) }
      guard x.count == rows.count else {
        throw AnalysisError("\(table.path): a slope needs a numeric factor; '\(factor)' is not")
      }
      let e = finish(Estimate.slope(x: x, y: rows.map(\.value)))
      return (e, judged(e), [])
    case .difference where !test.compare.isEmpty, .interaction:
      let groups = try test.compare.map { cell in
        try table.rows(metric: test.metric, factors: [], filter: filter + cell).map(\.value)
      }
      let means = zip(test.levels, groups).map { (level: $0, estimate: level($1)) }
      let e = finish(
        test.kind == .interaction
          ? Estimate.interaction(groups[0], groups[1], groups[2], groups[3])
          : Estimate.difference(groups[0], groups[1], proportion: share))
      return (e, judged(e), means)
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
        return (e, judged(e), means)
      }
      if test.kind == .peak {
        let e = finish(peak(groups, proportion: share, split: !exact).estimate)
        return (e, judged(e), means)
      }
      let e = finish(Estimate.difference(groups[groups.count - 1], groups[0], proportion: share))
      // A step between adjacent levels that is itself reversed (beyond the smallest
      // effect) contradicts "rises along" (or "falls along") whatever the ends show.
      for k in 1..<groups.count {
        let step = finish(Estimate.difference(groups[k], groups[k - 1], proportion: share))
        if judged(step) == .failsReversed { return (e, .failsReversed, means) }
      }
      return (e, judged(e), means)
    }
  }
}

extension Evaluation {
  /// The interior peak of `groups` (in level order), as an intersection-union test.
  ///
  /// The claim "level k beats both ends" holds when both differences, k minus the first
  /// and k minus the last, exceed 0. The estimate is the binding one of the two: the
  /// difference with the larger one-sided p-value (with no p-value, the smaller lower
  /// end), so that its value, interval and p-value are one quantity and its lower end
  /// excludes 0 exactly when both do. With `split` the interior level is chosen on the
  /// runs at even positions of each level (the runs are in run-id order, so half the
  /// seeds) and tested on the runs at odd positions, so that choosing the best of the
  /// interior levels does not bias the test; without it (exact values) all runs serve
  /// for both. Returns the chosen level's index too.
  static func peak(_ groups: [[Double]], proportion: Bool?, split: Bool) -> (
    estimate: Estimate, level: Int
  ) {
    guard groups.count >= 3 else { return (.undefined, 0) }
    func half(_ parity: Int) -> [[Double]] {
      groups.map { values in values.indices.filter { $0 % 2 == parity }.map { values[$0] } }
    }
    let choose = split ? half(0) : groups
    let test = split ? half(1) : groups
    func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
    let last = groups.count - 1
    var best = 1
    var bestValue = -Double.infinity
    for k in 1..<last {
      let m = mean(choose[k])
      let value = min(m - mean(choose[0]), m - mean(choose[last]))
      if value > bestValue {
        best = k
        bestValue = value
      }
    }
    let up = Estimate.difference(test[best], test[0], proportion: proportion)
    let down = Estimate.difference(test[best], test[last], proportion: proportion)
    let pUp = up.pValue(null: 0, greater: true)
    let pDown = down.pValue(null: 0, greater: true)
    var e: Estimate
    if let pUp, let pDown, pUp != pDown {
      e = pUp > pDown ? up : down
    } else if up.lower != down.lower {
      e = up.lower < down.lower ? up : down
    } else {
      e = up.value <= down.value ? up : down
    }
    e.n = test.reduce(0) { $0 + $1.count }
    return (e, best)
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
