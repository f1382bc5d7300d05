import AccordNumerics
import Testing

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
}
