import AccordConfig
import AccordNumerics
internal import AccordSQLite
import Foundation

/// First-order and total Sobol indices from a Saltelli design, with bootstrap intervals.
///
/// For base points `j = 1..N` with outputs `f(A_j)`, `f(B_j)` and `f(AB^i_j)` (A with
/// column i from B), outputs centred on their overall mean `c` (so that a constant added
/// to every output changes no index), and `V` the variance (denominator N) of the
/// `f(A)` and `f(B)` of the sample:
/// - first order (Saltelli et al. 2010): `S_i = mean_j (f(B_j) - c) (f(AB^i_j) - f(A_j)) / V`;
/// - total (Jansen 1999): `ST_i = mean_j (f(A_j) - f(AB^i_j))^2 / (2 V)`;
/// - second order (Saltelli 2002), when the design also has `f(BA^i_j)` (B with column i
///   from A): `S_ik = mean_j (f(BA^i_j) f(AB^k_j) - f(A_j) f(B_j)) / V - S_i - S_k`, for
///   i < k.
///
/// These are SALib's estimators (`SALib.analyze.sobol`, which centres and scales the
/// outputs first); a test pins SALib's numbers on one sample. Without the centring the
/// first-order estimate carries a term `c mean_j (f(AB^i_j) - f(A_j)) / V` whose sampling
/// noise grows with the outputs' distance from zero.
///
/// Intervals: percentiles 2.5 and 97.5 of `bootstrap` resamples of the base points,
/// drawn from a seeded GSL stream (centred on the whole sample's mean, as SALib does).
package struct SobolIndices: Sendable {
  package struct Estimate: Sendable, Equatable {
    package var value: Double
    package var lower: Double
    package var upper: Double
  }

  package var firstOrder: [Estimate]
  package var total: [Estimate]
  /// Second-order indices of the pairs i < k, in row order ((0, 1), (0, 2), …, (1, 2), …);
  /// empty unless the design has the BA rows.
  package var secondOrder: [Estimate] = []

  /// The factor pairs of ``secondOrder``, in its order.
  package static func pairs(_ k: Int) -> [(Int, Int)] {
    (0..<k).flatMap { i in ((i + 1)..<max(i + 1, k)).map { (i, $0) } }
  }

  /// Indices from `a`, `b` (outputs at A and B), `ab[i]` (outputs at AB^i) and, for
  /// second-order indices, `ba[i]` (outputs at BA^i), all of length N.
  package static func compute(
    a: [Double], b: [Double], ab: [[Double]], ba: [[Double]] = [], bootstrap: Int, seed: UInt32
  )
    throws
    -> SobolIndices
  {
    let n = a.count
    // Over every output of the design, BA rows included, as SALib normalises.
    let centre =
      (a.reduce(0, +) + b.reduce(0, +) + ab.reduce(0.0) { $0 + $1.reduce(0, +) }
        + ba.reduce(0.0) { $0 + $1.reduce(0, +) })
      / Double(max(1, n * (ab.count + ba.count + 2)))
    let pairs = ba.isEmpty ? [] : Self.pairs(ab.count)
    func indices(_ sample: [Int]) -> (s: [Double], st: [Double], s2: [Double]) {
      var mean = 0.0
      for j in sample { mean += a[j] + b[j] }
      mean /= Double(2 * sample.count)
      var variance = 0.0
      for j in sample { variance += (a[j] - mean) * (a[j] - mean) + (b[j] - mean) * (b[j] - mean) }
      variance /= Double(2 * sample.count)
      guard variance > Double.ulpOfOne * max(1, mean * mean) else {
        return (ab.map { _ in 0 }, ab.map { _ in 0 }, pairs.map { _ in 0 })
      }
      let s = ab.map { abi in
        sample.reduce(0.0) { $0 + (b[$1] - centre) * (abi[$1] - a[$1]) } / Double(sample.count)
          / variance
      }
      let st = ab.map { abi in
        sample.reduce(0.0) { $0 + (a[$1] - abi[$1]) * (a[$1] - abi[$1]) }
          / Double(2 * sample.count) / variance
      }
      let s2 = pairs.map { i, k in
        let joint =
          sample.reduce(0.0) {
            $0 + (ba[i][$1] - centre) * (ab[k][$1] - centre) - (a[$1] - centre) * (b[$1] - centre)
          } / Double(sample.count) / variance
        return joint - s[i] - s[k]
      }
      return (s, st, s2)
    }
    let point = indices(Array(0..<n))
    let random = try RandomStream(seed: seed)
    var s: [[Double]] = Array(repeating: [], count: ab.count)
    var st: [[Double]] = Array(repeating: [], count: ab.count)
    var s2: [[Double]] = Array(repeating: [], count: pairs.count)
    for _ in 0..<bootstrap {
      let sample = (0..<n).map { _ in random.uniformInt(n) }
      let r = indices(sample)
      for i in ab.indices {
        s[i].append(r.s[i])
        st[i].append(r.st[i])
      }
      for p in pairs.indices { s2[p].append(r.s2[p]) }
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
      total: ab.indices.map { interval(point.st[$0], st[$0]) },
      secondOrder: pairs.indices.map { interval(point.s2[$0], s2[$0]) })
  }

  /// Indices of `metric` (a column or an SQL expression over `runs`) from a Saltelli
  /// sweep store.
  ///
  /// Replicates are averaged per design point first; runs without a value follow `missing` (`drop`
  /// leaves them out, and drops a base point whose A, B or AB rows then have no value at all).
  /// `seedNoise` is the mean within-point variance over the total variance of single runs: the
  /// share of output variance that is seed noise, not parameters. When it cannot be
  /// computed, `seedNoiseOmitted` says why.
  package static func fromStore(
    directory: String, metric: String, bootstrap: Int, seed: UInt32,
    missing policy: MissingPolicy = .drop
  ) throws -> (
    factors: [String], indices: SobolIndices, seedNoise: Double?, seedNoiseOmitted: String?,
    basePoints: Int, missingRuns: Int, droppedBasePoints: Int
  ) {
    try MetricQuery.read(directory: directory) { db, path in
      try MetricQuery.requireComplete(db, path: path, design: .saltelli, analysis: "Sobol indices")
      let factors = try MetricQuery.meta(db, "factors").split(separator: "\n").map(String.init)
      let all = try MetricQuery.values(db, path: path, metric: metric)
      let (kept, missingRuns) = try MetricQuery.apply(policy, to: all, metric: metric, path: path)
      var byPoint: [Int: [Double]] = [:]
      for v in kept { byPoint[v.point, default: []].append(v.value ?? 0) }
      let k = factors.count
      // Rows per base point: A, B, AB_1..AB_k, and BA_1..BA_k with second order.
      let secondOrder = try MetricQuery.meta(db, "second_order") == "true"
      let group = (secondOrder ? 2 * k : k) + 2
      let pointCount = Set(all.map(\.point)).count
      let n = pointCount / group
      func mean(_ p: Int) -> Double? {
        byPoint[p].map { $0.reduce(0, +) / Double($0.count) }
      }
      // Base points with a value at every one of their design points.
      let complete = (0..<n).filter { j in
        (0..<group).allSatisfy { mean(j * group + $0) != nil }
      }
      guard complete.count >= 2 else {
        throw SweepStoreError(
          path: path,
          message:
            "metric '\(metric)' has values at only \(complete.count) of \(n) base points; "
            + "Sobol indices need at least 2 (try --missing zero)")
      }
      func at(_ j: Int, _ offset: Int) -> Double { mean(j * group + offset) ?? 0 }
      let a = complete.map { at($0, 0) }
      let b = complete.map { at($0, 1) }
      let ab = (0..<k).map { i in complete.map { at($0, 2 + i) } }
      let ba = secondOrder ? (0..<k).map { i in complete.map { at($0, 2 + k + i) } } : []
      // Seed noise: within-point variance (replicates) over the variance of single runs.
      var seedNoise: Double?
      var omitted: String?
      let runs = byPoint.values.flatMap { $0 }
      let short = byPoint.values.filter { $0.count < 2 }.count
      if (Int(try MetricQuery.meta(db, "replicates")) ?? 1) < 2 {
        omitted =
          "one run per design point (replicates: 1): seed noise cannot be told apart from "
          + "the factors' effects; use replicates: 2 or more to measure it"
      } else if short > 0 {
        omitted =
          "\(short) of \(byPoint.count) design points have fewer than 2 runs with a value "
          + "(after --missing), so their within-point variance is unknown"
      }
      if omitted == nil, runs.count > 1 {
        let mean = runs.reduce(0, +) / Double(runs.count)
        let variance = runs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(runs.count - 1)
        let within =
          byPoint.values.reduce(0.0) { sum, v in
            let m = v.reduce(0, +) / Double(v.count)
            return sum + v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
          } / Double(byPoint.count)
        seedNoise = variance > 0 ? within / variance : nil
        if variance == 0 { omitted = "every run has the same value" }
      }
      return (
        factors, try compute(a: a, b: b, ab: ab, ba: ba, bootstrap: bootstrap, seed: seed),
        seedNoise,
        omitted, complete.count, missingRuns, n - complete.count
      )
    }
  }
}
