import AccordNumerics
import Foundation
internal import GRDB

/// Mean, spread and a 95% interval of one metric at one design point, over replicates.
package struct ReplicateStatistic: Sendable, Equatable {
  package var point: Int
  package var metric: String
  package var n: Int
  package var mean: Double
  package var sd: Double
  package var lower: Double
  package var upper: Double
  /// Replicates a 95% interval of the requested total width would need (nil: none asked).
  package var replicatesForWidth: Int?
  /// Runs at this point without a value (left out, or counted as 0, by the policy).
  package var missing = 0

  /// Statistics of `values` (NaN-free); the interval uses Student's t with n - 1 dof.
  package static func of(_ values: [Double], point: Int, metric: String, width: Double?)
    -> ReplicateStatistic
  {
    let n = values.count
    let mean = values.reduce(0, +) / Double(max(n, 1))
    let sd =
      n > 1
      ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : .nan
    let half =
      n > 1 ? StudentT.quantile(0.975, dof: Double(n - 1)) * sd / Double(n).squareRoot() : .nan
    var needed: Int?
    if let width, width > 0, sd.isFinite {
      // Smallest m with 2 t(m-1) sd / sqrt(m) <= width.
      var m = 2
      while m < 100_000_000
        && 2 * StudentT.quantile(0.975, dof: Double(m - 1)) * sd / Double(m).squareRoot() > width
      {
        m = m < 64 ? m + 1 : Int(Double(m) * 1.05) + 1
      }
      needed = m
    }
    return ReplicateStatistic(
      point: point, metric: metric, n: n, mean: mean, sd: sd, lower: mean - half,
      upper: mean + half,
      replicatesForWidth: needed)
  }

  /// Per design point and metric, over the runs in a store.
  ///
  /// `metrics` are columns or SQL expressions over `runs` (default: every stored
  /// metric); runs without a value follow `missing`. Factor values are returned as the
  /// store holds them: numbers as text, categorical levels by name.
  package static func summarize(
    directory: String, width: Double?, metrics requested: [String]? = nil,
    missing policy: MissingPolicy = .drop
  ) throws -> (factors: [String], points: [Int: [String]], stats: [ReplicateStatistic]) {
    try MetricQuery.read(directory: directory) { db, path in
      let factors = try MetricQuery.meta(db, "factors").split(separator: "\n").map(String.init)
      let stored = try MetricQuery.meta(db, "metrics")
      let metrics =
        requested
        ?? (stored.isEmpty ? SweepStore.metrics : stored.split(separator: "\n").map(String.init))
      var points: [Int: [String]] = [:]
      let columns = factors.map { "CAST(\(SQL.identifier($0)) AS TEXT)" }
      let rows = try Row.fetchCursor(
        db,
        sql: "SELECT point\(columns.isEmpty ? "" : ", " + columns.joined(separator: ", ")) "
          + "FROM runs GROUP BY point ORDER BY point")
      while let row = try rows.next() {
        points[row[0]] = factors.indices.map { row[$0 + 1] ?? "" }
      }
      var byMetric: [String: (values: [Int: [Double]], missing: [Int: Int])] = [:]
      for metric in metrics {
        let all = try MetricQuery.values(db, path: path, metric: metric)
        var missing: [Int: Int] = [:]
        for v in all where v.value == nil { missing[v.point, default: 0] += 1 }
        let (kept, _) = try MetricQuery.apply(policy, to: all, metric: metric, path: path)
        var values: [Int: [Double]] = [:]
        for v in kept { values[v.point, default: []].append(v.value ?? 0) }
        byMetric[metric] = (values, missing)
      }
      var stats: [ReplicateStatistic] = []
      for point in points.keys.sorted() {
        for metric in metrics {
          let v = byMetric[metric]?.values[point] ?? []
          if !v.isEmpty {
            var s = of(v, point: point, metric: metric, width: width)
            s.missing = byMetric[metric]?.missing[point] ?? 0
            stats.append(s)
          }
        }
      }
      return (factors, points, stats)
    }
  }
}
