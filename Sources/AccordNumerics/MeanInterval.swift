import Foundation

/// A mean over replicates with its 95% interval: the one convention `sweep summarize`,
/// `plot` and `reproduce` share.
///
/// Wilson's score interval for a 0/1 metric (it stays inside [0, 1] and is not empty at
/// 0 or n successes, where a t interval collapses to a point), Student t on n - 1 degrees
/// of freedom otherwise. Whether a metric is 0/1 is decided once per metric over all the
/// values an analysis reads (``isBinary(_:)``), not per design point: an efficiency that
/// happens to be 1 in every run of one point is still a continuous metric.
package struct MeanInterval: Sendable, Equatable {
  /// How the interval was made.
  package enum Method: String, Sendable {
    /// Student t on n - 1 degrees of freedom.
    case t
    /// Wilson's score interval (a 0/1 metric).
    case wilson

    /// The method's name for captions and footers.
    package var phrase: String {
      switch self {
      case .t: "Student t"
      case .wilson: "Wilson score"
      }
    }
  }

  package var n: Int
  package var mean: Double
  /// Sample sd (denominator n - 1); NaN below 2 values.
  package var sd: Double
  package var lower: Double
  package var upper: Double
  package var method: Method
  /// Standard error for p-values (t only; NaN otherwise).
  package var standardError: Double
  /// Degrees of freedom of the t reference (infinite for Wilson's normal).
  package var dof: Double

  /// The normal's 0.975 quantile.
  package static let z975 = 1.959963984540054

  /// The statement a figure's footer and the docs make about every interval.
  package static let convention =
    "95% intervals: Wilson score for 0/1 metrics, Student t otherwise"

  /// Whether every value is 0 or 1 (and there is at least one).
  package static func isBinary<S: Sequence<Double>>(_ values: S) -> Bool {
    var any = false
    for v in values {
      guard v == 0 || v == 1 else { return false }
      any = true
    }
    return any
  }

  /// The mean of `values` and its 95% interval: Wilson when `binary`, t otherwise.
  ///
  /// `binary` nil: decided from these values alone (prefer deciding over the whole
  /// metric and passing it).
  package static func of(_ values: [Double], binary: Bool? = nil) -> MeanInterval {
    let n = values.count
    guard n > 0 else {
      return MeanInterval(
        n: 0, mean: .nan, sd: .nan, lower: .nan, upper: .nan, method: .t, standardError: .nan,
        dof: .nan)
    }
    let mean = values.reduce(0, +) / Double(n)
    let sd =
      n > 1
      ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : .nan
    if binary ?? isBinary(values) {
      let (lower, upper) = wilson(proportion: mean, n: n)
      return MeanInterval(
        n: n, mean: mean, sd: sd, lower: lower, upper: upper, method: .wilson,
        standardError: .nan, dof: .infinity)
    }
    guard n > 1 else {
      return MeanInterval(
        n: 1, mean: mean, sd: sd, lower: .nan, upper: .nan, method: .t, standardError: .nan,
        dof: .nan)
    }
    let se = sd / Double(n).squareRoot()
    let half = StudentT.quantile(0.975, dof: Double(n - 1)) * se
    return MeanInterval(
      n: n, mean: mean, sd: sd, lower: mean - half, upper: mean + half, method: .t,
      standardError: se, dof: Double(n - 1))
  }

  /// Wilson's 95% score interval for a proportion `p` observed in `n` trials.
  ///
  /// At 0 of n the lower end is exactly 0 and at n of n the upper end exactly 1: the
  /// formula gives them only up to rounding (about 3.5e-18 for 0 of 200), and a bound at
  /// 0 must read as 0.
  package static func wilson(proportion p: Double, n: Int) -> (lower: Double, upper: Double) {
    let nn = Double(n)
    let z2 = z975 * z975
    let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
    let half = z975 / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
    return (p <= 0 ? 0 : max(0, centre - half), p >= 1 ? 1 : min(1, centre + half))
  }

  /// The smallest number of replicates whose 95% interval (by `method`) would have total
  /// width at most `width`, at this spread (t) or this proportion (Wilson); nil when the
  /// spread is unknown.
  package func replicates(forWidth width: Double) -> Int? {
    guard width > 0 else { return nil }
    func wide(_ m: Int) -> Bool {
      switch method {
      case .t:
        return 2 * StudentT.quantile(0.975, dof: Double(m - 1)) * sd / Double(m).squareRoot()
          > width
      case .wilson:
        let (lo, hi) = Self.wilson(proportion: mean, n: m)
        return hi - lo > width
      }
    }
    if method == .t && !sd.isFinite { return nil }
    var m = 2
    while m < 100_000_000 && wide(m) { m = m < 64 ? m + 1 : Int(Double(m) * 1.05) + 1 }
    return m
  }
}
