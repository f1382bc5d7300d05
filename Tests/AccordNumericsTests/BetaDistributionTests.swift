import Foundation
import Testing

@testable import AccordNumerics

@Suite struct BetaDistributionTests {
  /// MODEL.md section 6: Beta(1,1) with 7 successes in 10 trials gives Beta(8,4).
  @Test func conjugateUpdate() {
    let posterior = BetaDistribution(a: 1, b: 1).updated(successes: 7, trials: 10)
    #expect(posterior == BetaDistribution(a: 8, b: 4))
    #expect(abs(posterior.mean - 2.0 / 3.0) < 1e-15)
    #expect(abs(posterior.variance - 2.0 / 117.0) < 1e-15)
  }

  @Test func meanAndConcentrationRoundTrip() {
    let b = BetaDistribution(mean: 0.25, concentration: 8)
    #expect(b.a == 2 && b.b == 6)
    #expect(b.concentration == 8)
  }

  @Test func quantilesOfKnownDistributions() {
    // Beta(1,1) is uniform; Beta(2,2) is symmetric about 1/2.
    #expect(abs(BetaDistribution(a: 1, b: 1).quantile(0.3) - 0.3) < 1e-12)
    #expect(abs(BetaDistribution(a: 2, b: 2).quantile(0.5) - 0.5) < 1e-12)
    // Beta(2,1) has CDF x^2, so its p-quantile is sqrt(p).
    #expect(abs(BetaDistribution(a: 2, b: 1).quantile(0.49) - 0.7) < 1e-12)
  }

  @Test func credibleIntervalIsEqualTailed() {
    let interval = BetaDistribution(a: 2, b: 1).credibleInterval(level: 0.9)
    #expect(abs(interval.lowerBound - 0.05.squareRoot()) < 1e-12)
    #expect(abs(interval.upperBound - 0.95.squareRoot()) < 1e-12)
  }

  /// Issue 15: GSL's inverse CDF gives NaN for some ordinary Beta(a, b) (a + b in the
  /// thousands, means near 0 or 1); the quantile must still be the point where the CDF
  /// reaches p, and the credible interval must be a valid range.
  @Test func quantileNeverNaN() {
    var cases: [BetaDistribution] = []
    for a in stride(from: 500.0, through: 4000, by: 97) {
      for b in stride(from: 500.0, through: 4000, by: 131) { cases.append(.init(a: a, b: b)) }
    }
    for mean in [1e-6, 1e-4, 0.001, 0.002, 0.998, 0.999, 0.9999, 1 - 1e-6] {
      for concentration in [2.0, 10, 65536] {
        cases.append(BetaDistribution(mean: mean, concentration: concentration))
      }
    }
    for beta in cases {
      for p in [0.025, 0.5, 0.975] {
        let x = beta.quantile(p)
        #expect(x >= 0 && x <= 1, "Beta(\(beta.a), \(beta.b)) quantile(\(p)) = \(x)")
        // The CDF crosses p at x: just below x it is under p (to rounding), at x it is not.
        #expect(beta.cdf(x) >= p - 1e-9, "Beta(\(beta.a), \(beta.b)) at \(p)")
        #expect(beta.cdf(x.nextDown) <= p + 1e-9, "Beta(\(beta.a), \(beta.b)) at \(p)")
      }
      let interval = beta.credibleInterval()
      #expect(interval.lowerBound <= interval.upperBound)
    }
  }

  /// Where GSL succeeds the quantile is GSL's own value (trajectory pins depend on it),
  /// and the bisection fallback agrees with it closely.
  @Test func bisectionAgreesWithGSLWhereGSLSucceeds() {
    for (a, b) in [(2.0, 5.0), (0.5, 0.5), (30.0, 70.0), (1.0, 1.0)] {
      let beta = BetaDistribution(a: a, b: b)
      for p in [0.025, 0.3, 0.975] {
        #expect(abs(beta.quantile(p) - beta.bisectedQuantile(p)) < 1e-12)
      }
    }
  }

  /// Issue 26: quantiles at concentrations 2e6 and 1e12 return at once.
  ///
  /// Past a concentration of 2e6 `gsl_cdf_beta_Pinv` never returned. The value is the
  /// normal limit's to 1e-6 of the interval for a = b (Beta(a, b) is then symmetric, so
  /// the expansion adds no skewness), and to 5e-3 for a mean of 0.7.
  @Test func hugeConcentrationsReturnAtOnceWithTheLimitValue() {
    for concentration in [2e6, 1e12] {
      for mean in [0.5, 0.7] {
        let beta = BetaDistribution(mean: mean, concentration: concentration)
        let start = ContinuousClock.now
        let interval = beta.credibleInterval()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(1), "Beta at \(concentration): \(elapsed)")
        // 1.959963984540054 is the standard normal 97.5% quantile.
        let half = 1.959963984540054 * (mean * (1 - mean) / (concentration + 1)).squareRoot()
        let tolerance = 2 * half * (mean == 0.5 ? 1e-6 : 5e-3)
        #expect(abs(interval.lowerBound - (mean - half)) < tolerance, "\(concentration) \(mean)")
        #expect(abs(interval.upperBound - (mean + half)) < tolerance, "\(concentration) \(mean)")
      }
    }
    // A belief near 0 at a huge concentration: a = 0.02 (GSL's gamma inverse gives NaN
    // below a = 0.5), so the interval comes from bisection on the Gamma(0.02) CDF. GSL's
    // Beta CDF, which still works here, reaches 0.975 at its upper end (9.638e-8).
    let thin = BetaDistribution(a: 0.02, b: 2e6)
    let edge = thin.credibleInterval()
    #expect(edge.lowerBound >= 0 && edge.lowerBound < 1e-60)
    #expect(abs(edge.upperBound - 9.638e-8) < 1e-11, "\(edge)")
    #expect(abs(thin.cdf(edge.upperBound) - 0.975) < 1e-4)
    // The 2e6 case of the issue, against its value to 12 digits.
    let even = BetaDistribution(mean: 0.5, concentration: 2e6)
    #expect(abs(even.quantile(0.025) - 0.499307048334) < 1e-12)
  }

  /// The expansion's stated accuracy: within 1e-3 of the 95% interval's width of GSL's
  /// quantile wherever GSL is used (concentrations up to 1e6), for means from 2e-6 to
  /// 1 - 2e-6 (both branches: a side below 20 uses the gamma limit).
  @Test func approximationAgreesWithGSLWithinTheStatedTolerance() {
    var worst = 0.0
    for concentration in [1e4, 1e5, 1e6] {
      for k in -60...60 {
        let mean = 1 / (1 + exp(-Double(k) * 0.2))
        let beta = BetaDistribution(mean: mean, concentration: concentration)
        guard beta.a >= 0.5 && beta.b >= 0.5 else { continue }
        let width = beta.quantile(0.975) - beta.quantile(0.025)
        for p in [0.025, 0.975] {
          worst = max(worst, abs(beta.approximateQuantile(p) - beta.quantile(p)) / width)
        }
      }
    }
    #expect(worst < 1e-3)
    #expect(worst > 1e-6, "the comparison runs the approximation, not GSL")
  }
}
