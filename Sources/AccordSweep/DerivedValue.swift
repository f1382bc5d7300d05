package import AccordConfig
internal import Yams

/// A config field computed from the factors of each design point (`derive:` in a sweep
/// file): `PATH: EXPR` or `PATH: {expr: EXPR, integer: true}`.
///
/// ```yaml
/// derive:
///   nations[South].agents[south-science].count: {expr: 2 * community - 1, integer: true}
///   nations[South].quota: 0.5 + theta / 4
/// ```
///
/// The expression (``FactorExpression``) is evaluated in double precision; with
/// `integer: true` the result is rounded to the nearest whole number, halves away from
/// zero (2.5 to 3, -2.5 to -3). Without it a whole-number result is written as an
/// integer and any other as a decimal, which a whole-number field refuses at plan time.
/// A derived value is not a design variable: it has no store column.
package struct DerivedValue: Sendable, Equatable {
  package var path: FactorPath
  package var expression: FactorExpression
  package var integer: Bool

  package init(path: FactorPath, expression: FactorExpression, integer: Bool) {
    self.path = path
    self.expression = expression
    self.integer = integer
  }

  /// The value at a design point, given the factors' values by name.
  package func value(_ factors: [String: Double]) throws(FactorExpressionError) -> Double {
    let x = try expression.evaluate(factors)
    return integer ? x.rounded(.toNearestOrAwayFromZero) : x
  }
}

/// How a derived value is written: an expression, or `{expr, integer}`.
struct DeriveEntry: Decodable {
  var expr: String
  var integer = false

  enum Keys: String, CodingKey, CaseIterable { case expr, integer }

  init(from decoder: any Decoder) throws {
    if let text = try? decoder.singleValueContainer().decode(String.self) {
      expr = text
      return
    }
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    expr = try c.decode(String.self, forKey: .expr)
    integer = try c.decodeIfPresent(Bool.self, forKey: .integer) ?? false
  }
}

extension SweepSpec {
  /// Combinations of checked factor values beyond which a derived value is checked at
  /// each factor's ends only (every check loads a config).
  static let maxDerivedChecks = 1024

  /// The most factors one expression may name: their 2^10 combinations of ends are
  /// checked.
  static let maxDerivedNames = 10

  /// The `derive:` entries of a sweep file, each checked at plan time: its path as a
  /// factor path, its expression's names (numeric factors of this sweep), its divisors
  /// (never 0 over the factors' ranges, by interval arithmetic), and its value at every
  /// combination of the named factors' checked values, applied to the base config as
  /// `--set PATH=VALUE` would be.
  static func derivedValues(
    _ node: Node, factors: [Factor], setBy: inout [String: String], base: Node,
    basePath: String, path: String
  ) throws(ConfigError) -> [DerivedValue] {
    guard let deriveNode = node.mapping?["derive"] else { return [] }
    guard let pairs = deriveNode.mapping else {
      throw located(node, "derive", path, "expected a mapping of config paths to expressions")
    }
    let byName = Dictionary(factors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var derived: [DerivedValue] = []
    for (keyNode, valueNode) in pairs {
      let key = keyNode.string ?? ""
      func fail(_ message: String) -> ConfigError {
        ConfigError(
          file: path, line: keyNode.mark?.line, column: keyNode.mark?.column, key: "derive.\(key)",
          message: message)
      }
      guard let target = FactorPath(key) else {
        throw fail(
          "'\(key)' is not a config path such as theta, evidence.trials or nations[A].agents[b].outside"
        )
      }
      if let other = setBy[key] {
        throw fail("\(key) is also set by \(other); a config field takes one value")
      }
      setBy[key] = "derive.\(key)"
      let entry: DeriveEntry
      do {
        entry = try ConfigLoader.decode(DeriveEntry.self, from: valueNode, path: path)
      } catch {
        throw ConfigError(
          file: path, line: error.line ?? keyNode.mark?.line,
          column: error.column ?? keyNode.mark?.column,
          key: "derive.\(key)" + (error.key.isEmpty ? "" : ".\(error.key)"), message: error.message)
      }
      // Messages quote the expression, shortened when it is long.
      let shown = entry.expr.count <= 60 ? entry.expr : entry.expr.prefix(57) + "..."
      let expression: FactorExpression
      do {
        expression = try FactorExpression.parse(entry.expr)
      } catch {
        throw fail("cannot read the expression '\(shown)': \(error.message)")
      }
      guard expression.names.count <= Self.maxDerivedNames else {
        throw fail(
          "'\(shown)' names \(expression.names.count) factors; an expression names at "
            + "most \(Self.maxDerivedNames) (each combination of their ends is checked)")
      }
      let numeric = factors.filter { $0.labels == nil }.map(\.name)
      var ranges: [String: ClosedRange<Double>] = [:]
      for name in expression.names {
        guard let factor = byName[name] else {
          let guess = KeySuggestion.closest(to: name, among: numeric).map {
            " (did you mean '\($0)'?)"
          }
          throw fail(
            "unknown name '\(name)' in '\(shown)'; an expression uses this sweep's numeric "
              + "factors: \(numeric.joined(separator: ", "))" + (guess ?? ""))
        }
        guard factor.labels == nil else {
          throw fail(
            "'\(name)' is a categorical factor (its levels are names); an expression takes "
              + "numeric factors")
        }
        ranges[name] = Self.range(of: factor)
      }
      let value = DerivedValue(path: target, expression: expression, integer: entry.integer)
      do {
        _ = try expression.bounds(ranges)
      } catch {
        throw fail("\(error.message) (in '\(shown)')")
      }
      for point in Self.checkedCombinations(expression.names.compactMap { byName[$0] }) {
        let x: Double
        do {
          x = try value.value(point)
        } catch {
          throw fail("\(error.message) (in '\(shown)')")
        }
        let at = point.sorted { $0.key < $1.key }
          .map { "\($0.key) = \(FactorExpression.text($0.value))" }.joined(separator: ", ")
        do {
          _ = try ConfigOverride(path: target, value: scalar(x)).check(
            in: base, basePath: basePath,
            describedAs: FactorExpression.text(x) + (at.isEmpty ? "" : " (at \(at))"))
        } catch {
          throw fail(error.message)
        }
      }
      derived.append(value)
    }
    return derived
  }

  /// The smallest and largest value a factor takes.
  static func range(of factor: Factor) -> ClosedRange<Double> {
    switch factor.values {
    case .levels(let v): (v.min() ?? 0)...(v.max() ?? 0)
    case .bounds(let low, let high): low...high
    }
  }

  /// Points (factor values by name) at which a derived value is checked: every
  /// combination of the factors' checked values, or of their ends when those would be
  /// more than ``maxDerivedChecks``.
  static func checkedCombinations(_ factors: [Factor]) -> [[String: Double]] {
    var lists = factors.map { checkedValues($0) }
    let total = lists.reduce(1.0) { $0 * Double($1.count) }
    if total > Double(maxDerivedChecks) {
      lists = factors.map { f in
        let r = range(of: f)
        return r.lowerBound == r.upperBound ? [r.lowerBound] : [r.lowerBound, r.upperBound]
      }
    }
    var points: [[String: Double]] = [[:]]
    for (factor, values) in zip(factors, lists) {
      points = points.flatMap { p in
        values.map { x in
          var q = p
          q[factor.name] = x
          return q
        }
      }
    }
    return points
  }
}
