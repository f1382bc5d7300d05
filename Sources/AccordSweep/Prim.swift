import Foundation

/// Scenario discovery by PRIM, the patient rule induction method (Friedman and Fisher
/// 1999), as the EMA workbench applies it to sweep results: the box of factor values
/// that holds the runs where a condition is true.
///
/// Peeling starts from the box of every run and repeatedly cuts one face: for each
/// factor, the runs at or below its `alpha` quantile inside the box, or at or above its
/// `1 - alpha` quantile (at least one level of a gridded factor). The cut kept is the
/// one with the largest gain in density per run removed (the workbench's default
/// objective, "lenient 1"; on a tie, the cut leaving more factors unrestricted), until no
/// cut raises the density or fewer than `minMass` of the runs would be left. Each box of
/// the trajectory has a coverage (share of all runs meeting the condition that lie in
/// the box), a density (share of the box's runs that meet it) and a mass (share of all
/// runs in the box). The chosen box is the one with the largest coverage among those
/// whose density reaches `threshold`, the densest of those on a tie (or the densest box,
/// if none reaches it). Pasting is not done.
///
/// Each restricted factor gets a quasi-p-value (the workbench's): with the box relaxed
/// on that factor alone, the chance that a box of as many runs drawn from it holds at
/// least as many positive runs, `P(Binomial(n_box, p_relaxed) >= k_box)`. Small values
/// say the restriction matters.
package struct Prim: Sendable {
  /// One box: inclusive limits per factor (nil: unrestricted).
  package struct Box: Sendable, Equatable {
    package var limits: [ClosedRange<Double>?]
    package var coverage: Double
    package var density: Double
    package var mass: Double
    /// Runs in the box.
    package var count: Int
    /// The factors restricted relative to the full range.
    package var restricted: Int { limits.compactMap { $0 }.count }
  }

  package var factors: [String]
  package var trajectory: [Box]
  /// Index of the chosen box in `trajectory`.
  package var chosen: Int
  /// Quasi-p-value of each restricted factor of the chosen box (nil: not restricted).
  package var quasiP: [Double?]

  /// Runs PRIM on `x` (one row of factor values per run) and `y` (the condition, per run).
  package static func discover(
    factors: [String], x: [[Double]], y: [Bool], alpha: Double = 0.05, minMass: Double = 0.05,
    threshold: Double = 0.8
  ) -> Prim {
    let n = x.count
    let k = factors.count
    let positives = y.filter { $0 }.count
    let full = (0..<k).map { j in
      (x.map { $0[j] }.min() ?? 0)...(x.map { $0[j] }.max() ?? 0)
    }
    func describe(_ inside: [Int]) -> Box {
      let hits = inside.filter { y[$0] }.count
      let limits: [ClosedRange<Double>?] = (0..<k).map { j in
        let values = inside.map { x[$0][j] }
        guard let lo = values.min(), let hi = values.max() else { return nil }
        return lo == full[j].lowerBound && hi == full[j].upperBound ? nil : lo...hi
      }
      return Box(
        limits: limits, coverage: positives > 0 ? Double(hits) / Double(positives) : 0,
        density: inside.isEmpty ? 0 : Double(hits) / Double(inside.count),
        mass: n > 0 ? Double(inside.count) / Double(n) : 0, count: inside.count)
    }
    var inside = Array(0..<n)
    var trajectory = [describe(inside)]
    while Double(inside.count) > minMass * Double(n) {
      let mean = Double(inside.filter { y[$0] }.count) / Double(max(1, inside.count))
      var best: (gain: Double, free: Int, keep: [Int])?
      for j in 0..<k {
        let values = inside.map { x[$0][j] }.sorted()
        guard let first = values.first, let last = values.last, first < last else { continue }
        let lowCut = Self.quantile(values, alpha)
        let highCut = Self.quantile(values, 1 - alpha)
        let candidates = [
          inside.filter { x[$0][j] > max(lowCut, first) },
          inside.filter { x[$0][j] < min(highCut, last) },
        ]
        for keep in candidates where !keep.isEmpty && keep.count < inside.count {
          let newMean = Double(keep.filter { y[$0] }.count) / Double(keep.count)
          let gain = (newMean - mean) / Double(inside.count - keep.count)
          // On equal gains, the peel that leaves more factors unrestricted (as the
          // workbench does), then the first in factor order.
          let free = k - describe(keep).restricted
          if best.map({ gain > $0.gain + 1e-15 || (abs(gain - $0.gain) <= 1e-15 && free > $0.free) }
          )
            ?? true
          {
            best = (gain, free, keep)
          }
        }
      }
      // Stop when no peel raises the density, or the box would get too small.
      guard let step = best, step.gain > 0, Double(step.keep.count) >= minMass * Double(n)
      else { break }
      inside = step.keep
      trajectory.append(describe(inside))
    }
    let qualifying = trajectory.indices.filter { trajectory[$0].density >= threshold }
    // Largest coverage, then largest density, then the earliest (largest) box.
    func better(_ a: Int, _ b: Int) -> Bool {
      let (p, q) = (trajectory[a], trajectory[b])
      if p.coverage != q.coverage { return p.coverage > q.coverage }
      if p.density != q.density { return p.density > q.density }
      return a < b
    }
    let chosen =
      qualifying.min(by: better)
      ?? trajectory.indices.max { trajectory[$0].density < trajectory[$1].density } ?? 0
    let box = trajectory[chosen]
    let quasiP: [Double?] = (0..<k).map { j in
      guard box.limits[j] != nil else { return nil }
      // The box relaxed on factor j alone.
      let relaxed = (0..<n).filter { r in
        (0..<k).allSatisfy { i in i == j || box.limits[i].map { $0.contains(x[r][i]) } ?? true }
      }
      let p = Double(relaxed.filter { y[$0] }.count) / Double(max(1, relaxed.count))
      let hits = Int((box.density * Double(box.count)).rounded())
      return Self.binomialTail(atLeast: hits, trials: box.count, p: p)
    }
    return Prim(factors: factors, trajectory: trajectory, chosen: chosen, quasiP: quasiP)
  }

  /// The `q` quantile of sorted values (linear interpolation, as numpy's default).
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let i = Int(position.rounded(.down))
    let w = position - Double(i)
    return i + 1 < sorted.count ? sorted[i] * (1 - w) + sorted[i + 1] * w : sorted[i]
  }

  /// `P(X >= k)` for `X ~ Binomial(n, p)`, summed in log space.
  static func binomialTail(atLeast k: Int, trials n: Int, p: Double) -> Double {
    guard k > 0 else { return 1 }
    guard k <= n else { return 0 }
    if p <= 0 { return 0 }
    if p >= 1 { return 1 }
    var total = 0.0
    for i in k...n {
      let log =
        lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + Double(i)
        * Foundation.log(p) + Double(n - i) * Foundation.log1p(-p)
      total += exp(log)
    }
    return min(1, total)
  }

  /// PRIM on a sweep store: the condition is an SQL expression over `runs` (true where
  /// it is non-zero; NULL counts as false); the factors are the sweep's numeric factors.
  package static func fromStore(
    directory: String, condition: String, alpha: Double = 0.05, minMass: Double = 0.05,
    threshold: Double = 0.8
  ) throws -> (prim: Prim, skipped: [String]) {
    let values = try MetricQuery.values(directory: directory, metric: condition)
    let names =
      (try SweepStore.meta(directory: directory, key: "factors") ?? "")
      .split(separator: "\n").map(String.init)
    var columns: [[Double]] = []
    var used: [String] = []
    var skipped: [String] = []
    for name in names {
      let column = try MetricQuery.values(
        directory: directory, metric: "CAST(\(SQL.identifier(name)) AS REAL)"
      )
      let text = try MetricQuery.values(
        directory: directory, metric: "typeof(\(SQL.identifier(name))) = 'text'")
      if text.contains(where: { $0.value == 1 }) {
        skipped.append(name)
        continue
      }
      used.append(name)
      columns.append(column.map { $0.value ?? .nan })
    }
    guard !used.isEmpty else {
      throw SweepStoreError(
        path: "\(directory)/sweep.sqlite",
        message: "PRIM needs numeric factors; this sweep's are all categorical")
    }
    let x = values.indices.map { r in columns.map { $0[r] } }
    let y = values.map { ($0.value ?? 0) != 0 }
    return (
      discover(factors: used, x: x, y: y, alpha: alpha, minMass: minMass, threshold: threshold),
      skipped
    )
  }
}
