import AccordNumerics
import Testing

@Suite struct StationaryDistributionTests {
  /// MODEL.md section 6: W = [[1/2,1/2],[1/4,3/4]] has stationary distribution (1/3, 2/3).
  @Test func twoByTwo() throws {
    let pi = try StationaryDistribution.of([[0.5, 0.5], [0.25, 0.75]])
    #expect(abs(pi[0] - 1.0 / 3.0) < 1e-12)
    #expect(abs(pi[1] - 2.0 / 3.0) < 1e-12)
    // DeGroot consensus from (0, 1) is pi . x(0) = 2/3.
    #expect(abs(pi[0] * 0 + pi[1] * 1 - 2.0 / 3.0) < 1e-12)
  }

  @Test func doublyStochasticIsUniform() throws {
    let pi = try StationaryDistribution.of([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3], [0.3, 0.5, 0.2]])
    for p in pi { #expect(abs(p - 1.0 / 3.0) < 1e-12) }
  }
}
