import AccordNumerics
import Foundation
import GRDB

/// Mean, spread and a 95% interval of one metric at one design point, over replicates.
public struct ReplicateStatistic: Sendable, Equatable {
  public var point: Int
  public var metric: String
  public var n: Int
  public var mean: Double
  public var sd: Double
  public var lower: Double
  public var upper: Double
  /// Replicates a 95% interval of the requested total width would need (nil: none asked).
  public var replicatesForWidth: Int?

  /// Statistics of `values` (NaN-free); the interval uses Student's t with n - 1 dof.
  public static func of(_ values: [Double], point: Int, metric: String, width: Double?)
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

  /// Per design point and metric, over the runs in a store (missing values skipped).
  public static func summarize(directory: String, width: Double?) throws -> (
    factors: [String], points: [Int: [Double]], stats: [ReplicateStatistic]
  ) {
    let path = "\(directory)/sweep.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      throw SweepStoreError(path: path, message: "no sweep store here")
    }
    return try SweepStore.readOnlyQueue(path).read { db in
      let factors =
        (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'factors'") ?? "")
        .split(separator: "\n").map(String.init)
      var points: [Int: [Double]] = [:]
      var values: [Int: [String: [Double]]] = [:]
      let metrics =
        (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'metrics'"))
        .map { $0.split(separator: "\n").map(String.init) } ?? SweepStore.metrics
      let rows = try Row.fetchCursor(db, sql: "SELECT * FROM runs ORDER BY run_id")
      while let row = try rows.next() {
        let point: Int = row["point"]
        if points[point] == nil {
          points[point] = factors.map { Double.fromDatabaseValue(row[$0]) ?? .nan }
        }
        for metric in metrics {
          if let x = Double.fromDatabaseValue(row[metric]), x.isFinite {
            values[point, default: [:]][metric, default: []].append(x)
          }
        }
      }
      var stats: [ReplicateStatistic] = []
      for point in points.keys.sorted() {
        for metric in metrics {
          let v = values[point]?[metric] ?? []
          if !v.isEmpty { stats.append(of(v, point: point, metric: metric, width: width)) }
        }
      }
      return (factors, points, stats)
    }
  }
}
