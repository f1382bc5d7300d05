internal import AccordSQLite
import Foundation

/// Morris's screening indices per factor: `mu` (mean elementary effect), `mu_star` (mean
/// absolute effect, Campolongo et al.
///
/// 2007: the measure of importance) and `sigma` (sd of the effects, denominator r - 1:
/// non-linearity or interactions).
///
/// Effects are in units of the output per factor range (a factor moved over its whole
/// range with a linear effect `b` gives `b`), as SALib's `morris.analyze` reports them
/// on a unit-scaled problem.
package struct MorrisIndices: Sendable, Equatable {
  package struct Factor: Sendable, Equatable {
    package var name: String
    package var mu: Double
    package var muStar: Double
    package var sigma: Double
    /// Half-width of mu*'s 95% bootstrap interval, as SALib's `mu_star_conf`: the normal
    /// 0.975 quantile times the sd (denominator B - 1) of mu* over B resamples of the
    /// effects with replacement.
    package var muStarConf: Double
    /// Elementary effects used (trajectories where both points have a value).
    package var effects: Int
  }

  /// Bootstrap resamples for mu*'s interval (SALib's default is 100; more resamples
  /// steady the half-width's last digits at no real cost).
  package static let resamples = 1000

  package var factors: [Factor]

  /// Indices from the outputs at each point of `trajectories`.
  ///
  /// Outputs are in design order (`outputs[t * (k + 1) + s]`); a nil output leaves out
  /// the effects that need it.
  /// `seed` draws the bootstrap resamples (the sweep's seed: the same store gives the same
  /// interval).
  package static func compute(
    names: [String], trajectories: [MorrisTrajectory], outputs: [Double?], seed: UInt64 = 0
  ) -> MorrisIndices {
    let k = names.count
    var effects: [[Double]] = Array(repeating: [], count: k)
    for (t, trajectory) in trajectories.enumerated() {
      for s in 0..<trajectory.moved.count {
        guard let before = outputs[t * (k + 1) + s], let after = outputs[t * (k + 1) + s + 1]
        else { continue }
        effects[trajectory.moved[s]].append(
          (after - before) / (trajectory.direction[s] * MorrisTrajectory.delta))
      }
    }
    return MorrisIndices(
      factors: names.indices.map { i in
        let e = effects[i]
        let n = Double(e.count)
        let mu = e.isEmpty ? .nan : e.reduce(0, +) / n
        let muStar = e.isEmpty ? .nan : e.reduce(0) { $0 + abs($1) } / n
        let sigma =
          e.count > 1 ? (e.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / (n - 1)).squareRoot() : .nan
        return Factor(
          name: names[i], mu: mu, muStar: muStar, sigma: sigma,
          muStarConf: bootstrapHalfWidth(e, seed: seed &+ UInt64(i)), effects: e.count)
      })
  }

  /// SALib's `compute_mu_star_confidence`.
  ///
  /// Resample the effects with replacement, take the mean absolute effect of each resample, and scale the sd of those means by the
  /// normal 0.975 quantile. NaN below two effects.
  static func bootstrapHalfWidth(_ effects: [Double], seed: UInt64) -> Double {
    guard effects.count > 1 else { return .nan }
    var state = seed
    // SplitMix64: a small, seeded, platform-independent stream for the resampling.
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let n = effects.count
    var means: [Double] = []
    means.reserveCapacity(resamples)
    for _ in 0..<resamples {
      var total = 0.0
      for _ in 0..<n { total += abs(effects[Int(next() % UInt64(n))]) }
      means.append(total / Double(n))
    }
    let m = means.reduce(0, +) / Double(resamples)
    let variance = means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(resamples - 1)
    return 1.959963984540054 * variance.squareRoot()
  }

  /// Indices of `metric` (a column or an SQL expression over `runs`) from a sweep with
  /// design `morris`; replicates are averaged per point, and runs without a value
  /// follow `missing`.
  package static func fromStore(directory: String, metric: String, missing policy: MissingPolicy)
    throws -> (indices: MorrisIndices, missingRuns: Int)
  {
    try MetricQuery.read(directory: directory) { db, path in
      func meta(_ key: String) throws -> String { try MetricQuery.meta(db, key) }
      try MetricQuery.requireComplete(db, path: path, design: .morris, analysis: "Morris indices")
      let names = try meta("factors").split(separator: "\n").map(String.init)
      let replicates = max(1, Int(try meta("replicates")) ?? 1)
      let runs = Int(try meta("runs")) ?? 0
      guard let seed = UInt32(try meta("seed")) else {
        throw SweepStoreError(path: path, message: "the store records no seed")
      }
      let points = runs / replicates
      let samples = points / (names.count + 1)
      let trajectories = try MorrisTrajectory.all(
        factors: names.count, samples: samples, seed: seed)
      let (kept, missing) = try MetricQuery.apply(
        policy, to: try MetricQuery.values(db, path: path, metric: metric), metric: metric,
        path: path)
      var sums = [Double](repeating: 0, count: points)
      var counts = [Int](repeating: 0, count: points)
      for v in kept where v.point < points {
        sums[v.point] += v.value ?? 0
        counts[v.point] += 1
      }
      let outputs = (0..<points).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil }
      return (
        compute(names: names, trajectories: trajectories, outputs: outputs, seed: UInt64(seed)),
        missing
      )
    }
  }
}
