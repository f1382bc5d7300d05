package import AccordNumerics
internal import AccordSQLite
import Foundation

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

  /// Which 95% interval `lower` and `upper` are (the shared convention).
  package var method: MeanInterval.Method = .t

  /// Statistics of `values` (NaN-free), with ``MeanInterval``'s interval: Wilson for a
  /// 0/1 metric (`binary`; nil: these values are all 0 or 1), Student t otherwise.
  package static func of(
    _ values: [Double], point: Int, metric: String, width: Double?, binary: Bool? = nil
  ) -> ReplicateStatistic {
    let e = MeanInterval.of(values, binary: binary)
    return ReplicateStatistic(
      point: point, metric: metric, n: e.n, mean: e.mean, sd: e.sd, lower: e.lower,
      upper: e.upper, replicatesForWidth: width.flatMap { e.replicates(forWidth: $0) },
      method: e.method)
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
      var byMetric: [String: (values: [Int: [Double]], missing: [Int: Int], binary: Bool)] = [:]
      for metric in metrics {
        let all = try MetricQuery.values(db, path: path, metric: metric)
        var missing: [Int: Int] = [:]
        for v in all where v.value == nil { missing[v.point, default: 0] += 1 }
        let (kept, _) = try MetricQuery.apply(policy, to: all, metric: metric, path: path)
        var values: [Int: [Double]] = [:]
        for v in kept { values[v.point, default: []].append(v.value ?? 0) }
        // 0/1 over the whole metric, not per point (see MeanInterval).
        byMetric[metric] = (values, missing, MeanInterval.isBinary(kept.map { $0.value ?? 0 }))
      }
      var stats: [ReplicateStatistic] = []
      for point in points.keys.sorted() {
        for metric in metrics {
          let v = byMetric[metric]?.values[point] ?? []
          if !v.isEmpty {
            var s = of(
              v, point: point, metric: metric, width: width,
              binary: byMetric[metric]?.binary ?? false)
            s.missing = byMetric[metric]?.missing[point] ?? 0
            stats.append(s)
          }
        }
      }
      return (factors, points, stats)
    }
  }
}
