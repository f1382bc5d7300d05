import AccordConfig
import AccordNumerics
import Foundation
import GRDB

/// First-order and total Sobol indices from a Saltelli design, with bootstrap intervals.
///
/// For base points `j = 1..N` with outputs `f(A_j)`, `f(B_j)` and `f(AB^i_j)` (A with
/// column i from B), and `V` the variance of all `f(A)` and `f(B)`:
/// - first order (Saltelli et al. 2010): `S_i = mean_j f(B_j) (f(AB^i_j) - f(A_j)) / V`;
/// - total (Jansen 1999): `ST_i = mean_j (f(A_j) - f(AB^i_j))^2 / (2 V)`.
///
/// Intervals: percentiles 2.5 and 97.5 of `bootstrap` resamples of the base points,
/// drawn from a seeded GSL stream.
public struct SobolIndices: Sendable {
  public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var lower: Double
    public var upper: Double
  }

  public var firstOrder: [Estimate]
  public var total: [Estimate]

  /// `a`, `b`: outputs at A and B; `ab[i]`: outputs at AB^i. All of length N.
  public static func compute(a: [Double], b: [Double], ab: [[Double]], bootstrap: Int, seed: UInt32)
    throws
    -> SobolIndices
  {
    let n = a.count
    func indices(_ sample: [Int]) -> (s: [Double], st: [Double]) {
      var mean = 0.0
      for j in sample { mean += a[j] + b[j] }
      mean /= Double(2 * sample.count)
      var variance = 0.0
      for j in sample { variance += (a[j] - mean) * (a[j] - mean) + (b[j] - mean) * (b[j] - mean) }
      variance /= Double(2 * sample.count - 1)
      return (
        ab.map { abi in
          sample.reduce(0.0) { $0 + b[$1] * (abi[$1] - a[$1]) } / Double(sample.count) / variance
        },
        ab.map { abi in
          sample.reduce(0.0) { $0 + (a[$1] - abi[$1]) * (a[$1] - abi[$1]) }
            / Double(2 * sample.count) / variance
        }
      )
    }
    let point = indices(Array(0..<n))
    let random = try RandomStream(seed: seed)
    var s: [[Double]] = Array(repeating: [], count: ab.count)
    var st: [[Double]] = Array(repeating: [], count: ab.count)
    for _ in 0..<bootstrap {
      let sample = (0..<n).map { _ in random.uniformInt(n) }
      let r = indices(sample)
      for i in ab.indices {
        s[i].append(r.s[i])
        st[i].append(r.st[i])
      }
    }
    func interval(_ value: Double, _ draws: [Double]) -> Estimate {
      guard !draws.isEmpty else { return Estimate(value: value, lower: .nan, upper: .nan) }
      let sorted = draws.sorted()
      let lo = sorted[Int(0.025 * Double(sorted.count - 1))]
      let hi = sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))]
      return Estimate(value: value, lower: lo, upper: hi)
    }
    return SobolIndices(
      firstOrder: ab.indices.map { interval(point.s[$0], s[$0]) },
      total: ab.indices.map { interval(point.st[$0], st[$0]) })
  }

  /// Indices of `metric` from a Saltelli sweep store. Replicates are averaged per design
  /// point first; `seedNoise` is the mean within-point variance over the total variance
  /// of single runs: the share of output variance that is seed noise, not parameters.
  public static func fromStore(directory: String, metric: String, bootstrap: Int, seed: UInt32)
    throws -> (
      factors: [String], indices: SobolIndices, seedNoise: Double?, basePoints: Int
    )
  {
    let path = "\(directory)/sweep.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
      throw SweepStoreError(path: path, message: "no sweep store here")
    }
    return try SweepStore.readOnlyQueue(path).read { db in
      func meta(_ key: String) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) ?? ""
      }
      guard try meta("design") == DesignKind.saltelli.rawValue else {
        throw SweepStoreError(
          path: path, message: "Sobol indices need a sweep with design: saltelli")
      }
      let factors = try meta("factors").split(separator: "\n").map(String.init)
      let metrics = try meta("metrics").split(separator: "\n").map(String.init)
      guard metrics.contains(metric) else {
        throw SweepStoreError(
          path: path, message: KeySuggestion.message("metric", metric, allowed: metrics))
      }
      let total = Int(try meta("runs")) ?? 0
      let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
      guard done == total else {
        throw SweepStoreError(
          path: path, message: "the sweep is incomplete (\(done) of \(total) runs): resume it first"
        )
      }
      var byPoint: [Int: [Double]] = [:]
      let rows = try Row.fetchCursor(
        db, sql: "SELECT point, \(SQL.identifier(metric)) AS v FROM runs ORDER BY run_id")
      while let row = try rows.next() {
        let point: Int = row["point"]
        guard let v = Double.fromDatabaseValue(row["v"]), v.isFinite else {
          throw SweepStoreError(
            path: path, message: "metric '\(metric)' is missing at design point \(point)")
        }
        byPoint[point, default: []].append(v)
      }
      let k = factors.count
      let pointCount = byPoint.count
      let n = pointCount / (k + 2)
      let means = (0..<pointCount).map { p in byPoint[p]!.reduce(0, +) / Double(byPoint[p]!.count) }
      let a = (0..<n).map { means[$0 * (k + 2)] }
      let b = (0..<n).map { means[$0 * (k + 2) + 1] }
      let ab = (0..<k).map { i in (0..<n).map { means[$0 * (k + 2) + 2 + i] } }
      // Seed noise: within-point variance (replicates) over the variance of single runs.
      var seedNoise: Double?
      let all = byPoint.values.flatMap { $0 }
      if byPoint.values.allSatisfy({ $0.count > 1 }), all.count > 1 {
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count - 1)
        let within =
          byPoint.values.reduce(0.0) { sum, v in
            let m = v.reduce(0, +) / Double(v.count)
            return sum + v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
          } / Double(byPoint.count)
        seedNoise = variance > 0 ? within / variance : nil
      }
      return (
        factors, try compute(a: a, b: b, ab: ab, bootstrap: bootstrap, seed: seed), seedNoise, n
      )
    }
  }
}
