import AccordNumerics

extension Estimate {
  /// The interaction `(mean a - mean b) - (mean c - mean d)` of four independent groups
  /// (a difference of differences), with a Welch-type t interval.
  ///
  /// The standard error is `sqrt(sum_i s_i^2 / n_i)` over the four groups and the
  /// degrees of freedom are Welch-Satterthwaite's. Proportions get the same interval
  /// (no score interval is defined for a contrast of four proportions). Undefined when a
  /// group is empty; without an interval when a group has one value.
  static func interaction(_ a: [Double], _ b: [Double], _ c: [Double], _ d: [Double])
    -> Estimate
  {
    let groups = [a, b, c, d]
    let n = groups.reduce(0) { $0 + $1.count }
    guard groups.allSatisfy({ !$0.isEmpty }) else { return .undefined }
    let means = groups.map { $0.reduce(0, +) / Double($0.count) }
    let value = (means[0] - means[1]) - (means[2] - means[3])
    guard groups.allSatisfy({ $0.count > 1 }) else {
      return Estimate(value: value, lower: .nan, upper: .nan, n: n)
    }
    // Squared standard error of each group's mean.
    let parts = zip(groups, means).map { values, m in
      values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        / Double(values.count)
    }
    let variance = parts.reduce(0, +)
    guard variance > 0 else {
      var e = Estimate(value: value, lower: value, upper: value, n: n)
      e.standardError = 0
      return e
    }
    let se = variance.squareRoot()
    let dof =
      variance * variance
      / zip(parts, groups).reduce(0) { $0 + $1.0 * $1.0 / Double($1.1.count - 1) }
    let half = StudentT.quantile(0.975, dof: dof) * se
    var e = Estimate(value: value, lower: value - half, upper: value + half, n: n)
    e.standardError = se
    e.dof = dof
    return e
  }
}
