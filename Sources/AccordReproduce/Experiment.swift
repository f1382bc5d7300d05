import AccordConfig

/// The declared test of one proposition: the `experiment:` section of a paper's sweep file.
///
/// Everything that decides the verdict is written in the file before anything runs: the
/// metric (an SQL expression over the store's `runs` table), the statistic, the
/// direction or bound it must show, and the factor whose levels give the conditions.
/// ```yaml
/// experiment:
///   id: M7
///   claim: Internal side payments enlarge win-sets ...
///   quick_replicates: 20
///   tests:
///     - name: deals become more likely
///       statistic: slope            # mean | slope | difference | ordering
///       metric: agreement_step IS NOT NULL
///       x: nations[A].side_payment_efficiency
///       expect: positive            # positive | negative | increasing | decreasing | below | above
///   figure: {x: nations[A].side_payment_efficiency, metric: efficiency, y_title: ...}
/// ```
package struct Experiment: Sendable {
  var id: String
  /// The proposition the experiment tests (S1, M4, ...).
  ///
  /// Several experiments, each in its own world, may test one proposition. Defaults to
  /// `id`.
  package var proposition: String
  var claim: String
  var quickReplicates: Int
  var tests: [StatisticTest]
  /// Manipulation checks: measurable preconditions that the mechanism acted.
  ///
  /// A test whose checks fail is inconclusive, never fails.
  var manipulation: [StatisticTest]
  /// The runs do not depend on the seed: each point is run twice, the replicates must
  /// agree, and statistics are reported as exact values (no n, no interval).
  var deterministic: Bool
  var figure: FigureSpec
  /// What the experiment holds fixed and why; printed in the report.
  var notes: String?
  /// The solver's tolerance for a deterministic experiment.
  ///
  /// An exact value within it of 0 (or the bound) is negligible. Defaults to ``Evaluation/defaultTolerance`` (the
  /// one-issue Nash solver's, 1e-7); package-deal worlds declare 1e-4 (Nelder-Mead from
  /// a grid point, docs/REPRODUCE.md).
  var tolerance: Double
  /// The clauses the proposition claims, as short labels (declared once per
  /// proposition, in one of its files); each test names the clause it tests.
  var clauses: [String]
  /// Why this world lets the mechanism act and nothing else explain the result.
  var rationale: String?
}

/// One declared statistic and what it must show.
struct StatisticTest: Sendable {
  enum Kind: String, Sendable, CaseIterable {
    /// The mean of the metric, against a bound.
    case mean
    /// The least-squares slope of the metric on a numeric factor.
    case slope
    /// Mean at `levels[0]` minus mean at `levels[1]` of a factor (Welch interval).
    case difference
    /// Means along `levels` of a factor: the last minus the first, with no adjacent step
    /// significantly the wrong way.
    case ordering
    /// An interior peak along `levels` of a factor (three or more, in order): at the
    /// interior level with the largest estimate, the smaller of its differences from
    /// the first and the last level (Welch), the lower end the smaller of their lower
    /// ends. Which interior level peaks is not fixed in advance.
    case peak
    /// A difference of differences between four design cells given by `compare`:
    /// `(cell 1 - cell 2) - (cell 3 - cell 4)` (Welch-Satterthwaite interval).
    case interaction
  }

  enum Expectation: String, Sendable, CaseIterable {
    case positive, negative, increasing, decreasing, below, above
  }

  /// What kind of evidence a test is.
  enum Evidence: String, Sendable, CaseIterable {
    /// A closed form or a deterministic consequence of the model's formulas: a check of
    /// the implementation, not a reproduction; it makes no proposition's verdict.
    case analytic
    /// An effect that emerges from the agents' interaction: a reproduction.
    case emergent
  }

  var name: String
  var kind: Kind
  /// SQL expression over `runs` (factor columns quoted, metric columns, `summary_json`).
  var metric: String
  /// The metric in words, for reports (defaults to the metric when it is a column name).
  var measure: String
  /// The smallest effect that matters, in the metric's units (the equivalence margin).
  ///
  /// Infinite for manipulation checks, which declare none (they must show a direction).
  var minEffect: Double
  /// Analytic or emergent (`kind:`); nil for manipulation checks, which need none.
  var evidence: Evidence?
  /// The clause of its proposition this test tests (nil for manipulation checks).
  var clause: String?
  /// For an analytic test: the closed form and its value, shown beside the estimate.
  var formula: String?
  /// The manipulation checks (by name) this test rests on; nil: all of them.
  var checks: [String]?
  /// Whether the metric is a proportion (Wilson / Newcombe intervals); nil: when every
  /// value is 0 or 1.
  var proportion: Bool?
  /// The factor of a slope, difference or ordering (empty for a mean, which has none).
  var factor: String
  /// Levels of `factor` for a difference (two) or an ordering (two or more), as written.
  var levels: [String]
  var expect: Expectation
  /// The bound of `below` / `above` (a mean's; 0 for the other statistics, which
  /// compare with 0).
  var bound: Double
  /// Runs to use: factor = value (as written in the store).
  var filter: [(String, String)]
  /// A factor whose levels are the conditions: the test is evaluated at each level.
  var by: String?
  /// Explicit design cells to compare.
  ///
  /// For a difference between two design cells that differ in several factors: the two
  /// cells as `{factor: value, ...}` (first minus second), instead of `factor` and `levels`.
  /// For an interaction: four cells, `(first - second) - (third - fourth)`.
  var compare: [[(String, String)]]
}

/// The figure of one experiment.
package struct FigureSpec: Sendable {
  /// `regime`: a map over `x` and `group` of where the test named `test` holds (1),
  /// is inconclusive (0.5) or fails (0), evaluated on the runs of each cell.
  package enum Kind: String, Sendable, CaseIterable { case line, heatmap, regime }
  var kind: Kind
  var metric: String
  var x: String
  /// Lines (line chart) or rows (heatmap).
  var group: String?
  var title: String
  var xTitle: String
  var yTitle: String
  var filter: [(String, String)]
  /// Values the y axis must include ([0, 1] for a probability).
  var yInclude: [Double]
  /// The test a regime map evaluates in each cell.
  var test: String?

  package init(
    kind: Kind, metric: String, x: String, group: String?, title: String, xTitle: String,
    yTitle: String, filter: [(String, String)], yInclude: [Double]
  ) {
    self.kind = kind
    self.metric = metric
    self.x = x
    self.group = group
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.filter = filter
    self.yInclude = yInclude
  }
}

extension Experiment: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case id, proposition, claim, tests, manipulation, deterministic, figure
    case notes, rationale, tolerance, clauses
    case quickReplicates = "quick_replicates"
  }

  package init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    id = try c.decode(String.self, forKey: .id)
    claim = try c.decode(String.self, forKey: .claim)
    quickReplicates = try c.integer(.quickReplicates, default: 10, in: 2...1_000_000)
    proposition = try c.decodeIfPresent(String.self, forKey: .proposition) ?? id
    tests = try c.decode([StatisticTest].self, forKey: .tests)
    guard !tests.isEmpty else { throw decoder.issue(Keys.tests, "declare at least one test") }
    manipulation = try c.decodeIfPresent([StatisticTest].self, forKey: .manipulation) ?? []
    deterministic = try c.flag(.deterministic, default: false)
    figure = try c.decode(FigureSpec.self, forKey: .figure)
    notes = try c.decodeIfPresent(String.self, forKey: .notes)
    rationale = try c.decodeIfPresent(String.self, forKey: .rationale)
    tolerance =
      try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? Evaluation.defaultTolerance
    guard tolerance >= 0, tolerance.isFinite else {
      throw decoder.issue(Keys.tolerance, "tolerance must be a finite number >= 0")
    }
    clauses = try c.decodeIfPresent([String].self, forKey: .clauses) ?? []
    if let name = figure.test {
      guard let test = tests.first(where: { $0.name == name }) else {
        throw decoder.issue(Keys.figure, "the regime map's test '\(name)' is not a declared test")
      }
      do {
        _ = try RegimeAxis.reference(of: test, x: figure.x, group: figure.group ?? "")
      } catch let error as AnalysisError {
        throw decoder.issue(Keys.figure, error.description)
      }
    }
    let names = Set(manipulation.map(\.name))
    for test in tests {
      guard test.minEffect.isFinite else {
        throw decoder.issue(
          Keys.tests, "test '\(test.name)' needs min_effect: the smallest effect that matters")
      }
      guard test.evidence != nil else {
        throw decoder.issue(
          Keys.tests,
          "test '\(test.name)' needs kind: analytic (a closed form or deterministic "
            + "implementation check) or emergent (a reproduction)")
      }
      guard test.clause != nil else {
        throw decoder.issue(Keys.tests, "test '\(test.name)' needs clause: the clause it tests")
      }
      if !clauses.isEmpty, let clause = test.clause, !clauses.contains(clause) {
        throw decoder.issue(
          Keys.tests,
          "test '\(test.name)' names clause '\(clause)'; declared clauses: "
            + clauses.joined(separator: ", "))
      }
      for check in test.checks ?? [] where !names.contains(check) {
        throw decoder.issue(
          Keys.tests,
          "test '\(test.name)' names check '\(check)'; declared checks: "
            + (names.isEmpty ? "none" : names.sorted().joined(separator: ", ")))
      }
    }
  }
}

/// `{factor: value, ...}` as ordered pairs (values as the store writes them).
func decodeFilter<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> [(
  String, String
)] {
  guard c.contains(key) else { return [] }
  let map = try c.decode([String: Scalar].self, forKey: key)
  return map.map { ($0.key, $0.value.text) }.sorted { $0.0 < $1.0 }
}

/// A YAML scalar read as text (numbers keep their written form).
struct Scalar: Decodable {
  var text: String
  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let x = try? c.decode(Double.self) {
      text = x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    } else {
      text = try c.decode(String.self)
    }
  }
}

extension StatisticTest: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case name, statistic, metric, factor, x, levels, expect, bound, `where`, by, compare
    case measure, checks, proportion, kind, clause, formula
    case minEffect = "min_effect"
  }

  init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    name = try c.decode(String.self, forKey: .name)
    kind = try c.choice(.statistic, default: .mean)
    metric = try c.decode(String.self, forKey: .metric)
    let plain = metric.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    guard
      let measure = try c.decodeIfPresent(String.self, forKey: .measure) ?? (plain ? metric : nil)
    else {
      throw decoder.issue(Keys.metric, "an SQL metric needs measure: its name in words")
    }
    self.measure = measure
    minEffect = try c.decodeIfPresent(Double.self, forKey: .minEffect) ?? .infinity
    guard minEffect > 0 else {
      throw decoder.issue(
        Keys.minEffect, "min_effect must be positive (the smallest effect that matters)")
    }
    checks = try c.decodeIfPresent([String].self, forKey: .checks)
    SchemaRecorder.current?.describe(
      c.codingPath + [Keys.kind],
      .object([
        ("type", .string("string")),
        ("enum", .array(Evidence.allCases.map { JSONValue.string($0.rawValue) })),
      ]))
    evidence = try c.decodeIfPresent(String.self, forKey: .kind).map { text in
      guard let value = Evidence(rawValue: text) else {
        throw decoder.issue(Keys.kind, "kind must be analytic or emergent, not '\(text)'")
      }
      return value
    }
    clause = try c.decodeIfPresent(String.self, forKey: .clause)
    formula = try c.decodeIfPresent(String.self, forKey: .formula)
    proportion = try c.decodeIfPresent(Bool.self, forKey: .proportion)
    let factor =
      try c.decodeIfPresent(String.self, forKey: .factor)
      ?? c.decodeIfPresent(String.self, forKey: .x)
    levels = try c.decodeIfPresent([Scalar].self, forKey: .levels)?.map(\.text) ?? []
    expect = try c.choice(.expect, default: .positive)
    let bound = try c.decodeIfPresent(Double.self, forKey: .bound)
    filter = try decodeFilter(c, .where)
    by = try c.decodeIfPresent(String.self, forKey: .by)
    compare =
      try c.decodeIfPresent([[String: Scalar]].self, forKey: .compare)?.map { cell in
        cell.map { ($0.key, $0.value.text) }.sorted { $0.0 < $1.0 }
      } ?? []
    if kind == .interaction && compare.count != 4 {
      throw decoder.issue(
        Keys.compare, "an interaction needs compare: four cells, (1st - 2nd) - (3rd - 4th)")
    }
    if !compare.isEmpty {
      guard kind == .difference && compare.count == 2 || kind == .interaction else {
        throw decoder.issue(Keys.compare, "compare takes two cells, for statistic: difference")
      }
      levels = compare.map { cell in cell.map { "\($0.0)=\($0.1)" }.joined(separator: ",") }
    }
    self.factor = compare.isEmpty ? factor ?? "" : "cells"
    self.bound = bound ?? 0
    switch kind {
    case .mean:
      guard [.below, .above].contains(expect) else {
        throw decoder.issue(Keys.expect, "a mean expects 'below' or 'above' a bound")
      }
      guard bound != nil else { throw decoder.issue(Keys.bound, "a mean needs a bound") }
    case .slope:
      guard !self.factor.isEmpty else { throw decoder.issue(Keys.x, "a slope needs x: a factor") }
      guard [.positive, .negative].contains(expect) else {
        throw decoder.issue(Keys.expect, "a slope expects 'positive' or 'negative'")
      }
    case .interaction:
      guard [.positive, .negative].contains(expect) else {
        throw decoder.issue(Keys.expect, "an interaction expects 'positive' or 'negative'")
      }
    case .difference:
      guard !self.factor.isEmpty, levels.count == 2 else {
        throw decoder.issue(Keys.levels, "a difference needs a factor and two levels")
      }
      guard [.positive, .negative].contains(expect) else {
        throw decoder.issue(Keys.expect, "a difference expects 'positive' or 'negative'")
      }
    case .peak:
      guard !self.factor.isEmpty, levels.count >= 3 else {
        throw decoder.issue(Keys.levels, "a peak needs a factor and at least three levels")
      }
      guard expect == .positive else {
        throw decoder.issue(Keys.expect, "a peak expects 'positive'")
      }
    case .ordering:
      guard !self.factor.isEmpty, levels.count >= 2 else {
        throw decoder.issue(Keys.levels, "an ordering needs a factor and at least two levels")
      }
      guard [.increasing, .decreasing].contains(expect) else {
        throw decoder.issue(Keys.expect, "an ordering expects 'increasing' or 'decreasing'")
      }
    }
  }
}

extension FigureSpec: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case kind, metric, x, group, title, `where`, test
    case xTitle = "x_title"
    case yTitle = "y_title"
    case yInclude = "y_include"
  }

  package init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    kind = try c.choice(.kind, default: .line)
    test = try c.decodeIfPresent(String.self, forKey: .test)
    if kind == .regime && test == nil {
      throw decoder.issue(Keys.test, "a regime map needs test: the name of a declared test")
    }
    metric = try c.decodeIfPresent(String.self, forKey: .metric) ?? ""
    if kind != .regime && metric.isEmpty {
      throw decoder.issue(Keys.metric, "a figure needs metric: an SQL expression over runs")
    }
    x = try c.decode(String.self, forKey: .x)
    group = try c.decodeIfPresent(String.self, forKey: .group)
    title = try c.decode(String.self, forKey: .title)
    xTitle = try c.decodeIfPresent(String.self, forKey: .xTitle) ?? x
    yTitle = try c.decodeIfPresent(String.self, forKey: .yTitle) ?? metric
    filter = try decodeFilter(c, .where)
    yInclude = try c.decodeIfPresent([Double].self, forKey: .yInclude) ?? []
    if kind != .line && group == nil {
      throw decoder.issue(Keys.group, "a heatmap needs group: the factor of its rows")
    }
  }
}
