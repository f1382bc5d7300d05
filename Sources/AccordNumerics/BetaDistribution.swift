import CGSL

/// A Beta(a, b) distribution: an agent's belief about the state of the world.
public struct BetaDistribution: Equatable, Sendable {
  public var a: Double
  public var b: Double

  public init(a: Double, b: Double) {
    precondition(a > 0 && b > 0, "Beta parameters must be positive")
    self.a = a
    self.b = b
  }

  /// The distribution with the given mean and concentration `a + b`.
  public init(mean: Double, concentration: Double) {
    self.init(a: mean * concentration, b: (1 - mean) * concentration)
  }

  public var mean: Double { a / (a + b) }
  public var concentration: Double { a + b }
  public var variance: Double {
    let n = a + b
    return a * b / (n * n * (n + 1))
  }

  /// The posterior after `successes` of `trials`, each counted `attention` times.
  public func updated(successes: Int, trials: Int, attention: Double = 1) -> BetaDistribution {
    BetaDistribution(
      a: a + attention * Double(successes),
      b: b + attention * Double(trials - successes))
  }

  /// The cumulative distribution function at `x`, from GSL.
  public func cdf(_ x: Double) -> Double {
    GSL.prepare()
    return gsl_cdf_beta_P(x, a, b)
  }

  /// The `p`-quantile (inverse CDF): GSL's, or bisection on the CDF where GSL fails.
  ///
  /// `gsl_cdf_beta_Pinv` returns NaN for about 2% of Beta(a, b) with a + b in the
  /// thousands and for means very near 0 or 1 (its Newton refinement leaves [0, 1]).
  /// Where GSL gives a number in [0, 1] it is returned unchanged, so results that
  /// GSL already produced stay byte-identical; otherwise the quantile is found by
  /// bisection on `gsl_cdf_beta_P`, which is monotone and never fails.
  public func quantile(_ p: Double) -> Double {
    GSL.prepare()
    let x = gsl_cdf_beta_Pinv(p, a, b)
    if x >= 0 && x <= 1 { return x }
    return bisectedQuantile(p)
  }

  /// The `p`-quantile by bisection on the CDF (to the resolution of a Double).
  func bisectedQuantile(_ p: Double) -> Double {
    guard p > 0 else { return 0 }
    guard p < 1 else { return 1 }
    var low = 0.0
    var high = 1.0
    // 1100 halvings reach adjacent Doubles even near 0 (subnormals); stop earlier
    // once the midpoint no longer moves.
    for _ in 0..<1100 {
      let mid = low + (high - low) / 2
      if mid <= low || mid >= high { break }
      if cdf(mid) < p { low = mid } else { high = mid }
    }
    return high
  }

  /// The equal-tailed credible interval holding `level` of the mass.
  public func credibleInterval(level: Double = 0.95) -> ClosedRange<Double> {
    let tail = (1 - level) / 2
    let lower = quantile(tail)
    let upper = quantile(1 - tail)
    // Both ends are in [0, 1]; a rounding inversion cannot make an empty range.
    return min(lower, upper)...max(lower, upper)
  }
}
