package import AccordNumerics
internal import AccordSQLite
import Foundation

/// A metric's mean per level of one factor, with its 95% interval (``MeanInterval``'s
/// convention): what a factor plot draws.
package struct FactorPlot: Sendable, Encodable {
  /// One level of the factor (or, for a factor with many distinct values, one bin).
  package struct Level: Sendable, Encodable {
    /// The level as shown: its value, its name, or a bin's range.
    package var label: String
    /// The level's value (a bin's centre); nil for a named level.
    package var value: Double?
    package var n: Int
    /// Runs at this level without a value of the metric (left out).
    package var missing: Int
    package var mean: Double
    package var lower: Double
    package var upper: Double
  }

  package var factor: String
  package var metric: String
  /// The interval's method, for the caption.
  package var method: MeanInterval.Method
  /// Whether the levels are bins of a factor with more than ``maxLevels`` values.
  package var binned: Bool
  package var levels: [Level]

  /// A factor with more distinct values than this (a sampled design's) is binned.
  package static let maxLevels = 12
  /// The bins of such a factor, of equal width over its range.
  package static let bins = 10

  enum CodingKeys: String, CodingKey { case factor, metric, method, binned, levels }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(factor, forKey: .factor)
    try c.encode(metric, forKey: .metric)
    try c.encode(method.rawValue, forKey: .method)
    try c.encode(binned, forKey: .binned)
    try c.encode(levels, forKey: .levels)
  }
}

extension FactorPlot.Level {
  enum CodingKeys: String, CodingKey { case label, value, n, missing, mean, lower, upper }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(label, forKey: .label)
    try c.encodeIfPresent(value, forKey: .value)
    try c.encode(n, forKey: .n)
    try c.encode(missing, forKey: .missing)
    // No mean or interval (no values, or one value for a t interval): null, not NaN.
    for (key, x) in [(CodingKeys.mean, mean), (.lower, lower), (.upper, upper)] {
      if x.isFinite { try c.encode(x, forKey: key) } else { try c.encodeNil(forKey: key) }
    }
  }
}

extension SweepStore {
  /// The factor plot of `metric` (a metric column) over `factor` (a factor column) in the
  /// store at `path`: runs without a value are left out and counted per level; whether
  /// the metric is 0/1 is decided over all its values, as `sweep summarize` decides it.
  package static func factorPlot(path: String, factor: String, metric: String) throws
    -> FactorPlot
  {
    try reading(path) { db in
      let (factors, metrics) = try columns(db, path: path)
      guard factors.contains(factor) else {
        throw SweepStoreError(
          path: path, message: "'\(factor.prefix(80))' is not a factor of this sweep")
      }
      guard metrics.contains(metric) else {
        throw SweepStoreError(
          path: path, message: "'\(metric.prefix(80))' is not a metric column of this store")
      }
      var pairs: [(level: StoredValue, value: Double?)] = []
      let rows = try Row.fetchCursor(
        db,
        sql: "SELECT \(SQL.identifier(factor)), \(SQL.identifier(metric)) FROM runs "
          + "ORDER BY run_id")
      while let row = try rows.next() {
        let value = Double.fromDatabaseValue(row[1] as DatabaseValue)
        pairs.append(
          (StoredValue(row[0] as DatabaseValue), value.flatMap { $0.isFinite ? $0 : nil }))
      }
      return plot(pairs, factor: factor, metric: metric)
    }
  }

  /// The plot of (level, value) pairs in run order.
  static func plot(_ pairs: [(level: StoredValue, value: Double?)], factor: String, metric: String)
    -> FactorPlot
  {
    let binary = MeanInterval.isBinary(pairs.compactMap(\.value))
    // Levels in the order the design first runs them, then numbers in increasing order.
    var keys: [StoredValue] = []
    var seen = Set<StoredValue>()
    for pair in pairs where seen.insert(pair.level).inserted { keys.append(pair.level) }
    let numbers = keys.compactMap(\.number)
    let binned = numbers.count == keys.count && keys.count > FactorPlot.maxLevels
    var groups: [(label: String, value: Double?, members: (StoredValue) -> Bool)] = []
    if binned, let low = numbers.min(), let high = numbers.max() {
      let width = (high - low) / Double(FactorPlot.bins)
      for b in 0..<FactorPlot.bins {
        let from = low + Double(b) * width
        let to = b == FactorPlot.bins - 1 ? high : from + width
        let last = b == FactorPlot.bins - 1
        groups.append(
          (
            "\(format(from))–\(format(to))", (from + to) / 2,
            { level in
              guard let x = level.number else { return false }
              return x >= from && (last ? x <= to : x < to)
            }
          ))
      }
    } else {
      if numbers.count == keys.count {
        keys.sort { ($0.number ?? 0) < ($1.number ?? 0) }
      }
      for key in keys {
        let label =
          switch key {
          case .integer(let x): String(x)
          case .number(let x): format(x)
          case .text(let s): s
          case .missing: "(none)"
          }
        groups.append((label, key.number, { $0 == key }))
      }
    }
    let levels = groups.map { group in
      let members = pairs.filter { group.members($0.level) }
      let values = members.compactMap(\.value)
      let interval = MeanInterval.of(values, binary: binary)
      return FactorPlot.Level(
        label: group.label, value: group.value, n: values.count,
        missing: members.count - values.count, mean: interval.mean, lower: interval.lower,
        upper: interval.upper)
    }
    return FactorPlot(
      factor: factor, metric: metric, method: binary ? .wilson : .t, binned: binned,
      levels: levels)
  }

  /// A factor value in a label: up to 4 significant figures.
  private static func format(_ x: Double) -> String {
    String(format: "%.4g", x)
  }
}
