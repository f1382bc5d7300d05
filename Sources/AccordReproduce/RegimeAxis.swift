/// How a regime map turns one declared test into the test of one cell.
///
/// A map's two axes are usually conditions: the test varies its own factor inside every
/// cell, and the cell fixes the two axes. An axis may also be the test's own factor, for
/// a difference or an ordering: the cell at level v then compares v with the test's
/// reference level (a difference's second level, an ordering's first), so a map can show
/// where moving the factor from its reference to v has the declared effect without a
/// third factor in the design. The reference level has no cell.
enum RegimeAxis {
  /// The reference level when `x` or `group` is the test's factor; nil otherwise.
  static func reference(of test: StatisticTest, x: String, group: String) throws -> String? {
    guard test.factor == x || test.factor == group else { return nil }
    switch test.kind {
    case .difference where test.compare.isEmpty: return test.levels[1]
    case .ordering: return test.levels[0]
    default:
      throw AnalysisError(
        "a regime map's axis '\(test.factor)' is its test's own factor, which only a "
          + "difference or an ordering can have (the cell compares its level with the test's "
          + "reference level)")
    }
  }

  /// The test evaluated in the cell `axes` (factor, level): the axes replace whatever
  /// the test fixes them to, and an axis that is the test's factor becomes a difference
  /// of the cell's level against `reference`.
  static func cell(
    _ test: StatisticTest, at axes: [(String, String)], reference: String?
  ) -> StatisticTest {
    var cell = test
    let names = Set(axes.map(\.0))
    cell.by = nil
    cell.compare = cell.compare.map { c in c.filter { !names.contains($0.0) } }
    guard let reference, let own = axes.first(where: { $0.0 == test.factor }) else {
      cell.filter = cell.filter.filter { !names.contains($0.0) } + axes
      return cell
    }
    cell.filter =
      cell.filter.filter { !names.contains($0.0) } + axes.filter { $0.0 != test.factor }
    cell.levels = [own.1, reference]
    if test.kind == .ordering {
      cell.kind = .difference
      cell.expect = test.expect == .increasing ? .positive : .negative
    }
    return cell
  }

  /// Whether every group the cell's statistic compares has a run with a value (a cell
  /// where, say, no run reaches a deal has no value of a metric read in deals).
  static func hasValues(_ cell: StatisticTest, on runs: RunTable) throws -> Bool {
    switch cell.kind {
    case .mean, .slope:
      return try !runs.rows(metric: cell.metric, factors: [], filter: cell.filter).isEmpty
    case .difference where !cell.compare.isEmpty, .interaction:
      return try cell.compare.allSatisfy {
        try !runs.rows(metric: cell.metric, factors: [], filter: cell.filter + $0).isEmpty
      }
    case .difference, .ordering, .peak:
      let rows = try runs.rows(metric: cell.metric, factors: [cell.factor], filter: cell.filter)
      return cell.levels.allSatisfy { level in rows.contains { $0.factors[0] == level } }
    }
  }
}
