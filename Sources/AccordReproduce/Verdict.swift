import Foundation

/// What the data says about a claim: the four outcomes of equivalence testing (Lakens
/// 2017), read from where the 95% interval lies against 0 (or the bound) and against the
/// smallest effect that matters, in the claimed direction.
package enum Verdict: Sendable, Equatable, CustomStringConvertible {
  /// The interval excludes 0 on the claimed side and is not inside (-min_effect, min_effect).
  case holds
  /// The interval lies inside (-min_effect, min_effect): whatever the effect is, it is
  /// smaller than what matters (also when the interval excludes 0).
  case negligible
  /// The interval excludes 0 on the wrong side and is not inside (-min_effect, min_effect).
  case failsReversed
  /// Holds under the named conditions only.
  case holdsOnlyWhen(String)
  /// The data cannot decide: the interval contains 0 and reaches beyond the smallest
  /// effect, a manipulation check failed, or significance does not survive Holm.
  case inconclusive(String)

  package var description: String {
    switch self {
    case .holds: "holds"
    case .negligible: "negligible"
    case .failsReversed: "fails (reversed)"
    case .holdsOnlyWhen(let conditions): "holds only when \(conditions)"
    case .inconclusive(let reason): "inconclusive (\(reason))"
    }
  }

  /// The verdict's kind: holds, only, negligible, reversed or inconclusive.
  var kind: String {
    switch self {
    case .holds: "holds"
    case .negligible: "negligible"
    case .failsReversed: "reversed"
    case .holdsOnlyWhen: "only"
    case .inconclusive: "inconclusive"
    }
  }

  /// The colour code of a regime map's cell: 1 holds, 0.5 inconclusive, 0.25 negligible,
  /// 0 reversed (a conditional verdict does not arise in a cell).
  var code: Double {
    switch self {
    case .holds: 1
    case .holdsOnlyWhen: 0.75
    case .inconclusive: 0.5
    case .negligible: 0.25
    case .failsReversed: 0
    }
  }

  /// The verdict of several parts, all of which must hold.
  ///
  /// A reversed part reverses the whole (the data contradict a
  /// clause); then a negligible part makes it negligible (a clause is decided and too
  /// small to matter); then an inconclusive part makes it inconclusive; conditions collect.
  static func combine(_ parts: [Verdict]) -> Verdict {
    if parts.contains(.failsReversed) { return .failsReversed }
    if parts.contains(.negligible) { return .negligible }
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

  /// The verdict of an interval `[lower, upper]` of a claimed effect, both ends already
  /// signed so that the claimed direction is positive (minus the bound for `above`/`below`).
  ///
  /// `delta` is the smallest effect that matters; 0 (a manipulation check, which declares
  /// none) leaves no room for `negligible`.
  static func interval(lower: Double, upper: Double, delta: Double) -> Verdict {
    guard lower.isFinite, upper.isFinite else { return .inconclusive("no interval") }
    if delta > 0 && lower > -delta && upper < delta { return .negligible }
    if lower > 0 { return .holds }
    if upper < 0 { return .failsReversed }
    return .inconclusive(
      delta > 0
        ? "interval contains 0 and reaches beyond min_effect \(format(delta))"
        : "interval contains 0")
  }

  /// The verdict of an exact (deterministic) effect, signed so that the claimed direction
  /// is positive: it holds from the smallest effect that matters, is reversed from minus
  /// it, and is negligible between them or within the solver's `tolerance` of 0.
  static func exact(_ effect: Double, delta: Double, tolerance: Double) -> Verdict {
    guard effect.isFinite else { return .inconclusive("no value") }
    if abs(effect) <= tolerance { return .negligible }
    if effect >= delta { return .holds }
    if effect <= -delta { return .failsReversed }
    return .negligible
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
    /// The verdict at this level, from the data alone.
    var verdict: Verdict
    var pValue: Double?
    /// The verdict at this level after Holm's correction (which can only turn `holds`
    /// into `inconclusive`).
    var adjusted: Verdict
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

  /// The claimed direction, for `verdicts.csv`: `positive`, `negative`, `increasing`,
  /// `decreasing`, `above BOUND` or `below BOUND`.
  var direction: String {
    switch test.expect {
    case .above, .below: "\(test.expect.rawValue) \(format(test.bound))"
    default: test.expect.rawValue
    }
  }

  /// What had to be shown ("interval above 0, not inside (-0.02, 0.02)").
  var criterion: String {
    let on = estimate.isExact ? "value" : "interval"
    let side: String
    switch test.expect {
    case .positive: side = "\(on) above 0"
    case .negative: side = "\(on) below 0"
    case .increasing:
      side =
        "rises along \(test.levels.joined(separator: " < ")): \(on) above 0, no step reversed"
    case .decreasing:
      side =
        "falls along \(test.levels.joined(separator: " > ")): \(on) below 0, no step reversed"
    case .below: side = "\(on) below \(format(test.bound))"
    case .above: side = "\(on) above \(format(test.bound))"
    }
    guard test.minEffect.isFinite else { return side }
    let delta = format(test.minEffect)
    return estimate.isExact
      ? "\(side) by at least \(delta)"
      : "\(side), and not wholly within \(delta) of it"
  }
}

/// The last component of a factor path, for names in reports.
func short(_ path: String) -> String {
  guard !path.contains("="), let last = path.split(separator: ".").last else { return path }
  return String(last)
}
