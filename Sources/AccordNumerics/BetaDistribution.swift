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

  /// The `p`-quantile (inverse CDF), from GSL.
  public func quantile(_ p: Double) -> Double {
    GSL.prepare()
    return gsl_cdf_beta_Pinv(p, a, b)
  }

  /// The equal-tailed credible interval holding `level` of the mass.
  ///
  /// GSL's inverse CDF can fail on a very concentrated Beta (quantiles that cross, or
  /// NaN): crossing quantiles are put in order, and a NaN gives the mean at both ends.
  public func credibleInterval(level: Double = 0.95) -> ClosedRange<Double> {
    let tail = (1 - level) / 2
    let lower = quantile(tail)
    let upper = quantile(1 - tail)
    if lower <= upper { return lower...upper }
    if upper <= lower { return upper...lower }
    return mean...mean
  }
}
