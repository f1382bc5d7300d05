import AccordNumerics
import Testing

@testable import AccordModel

@Suite struct NashBargainingTests {
  /// The Nash solution with a fresh minimiser (kept out of macros: it is non-copyable).
  func solve(_ domain: IntervalSet, _ weights: [Double], _ gain: (Int, Double) -> Double) -> Double?
  {
    let minimizer = BrentMinimizer()
    return NashBargaining.solve(domain: domain, weights: weights, gain: gain, minimizer: minimizer)
  }

  /// MODEL.md section 6: a unit surplus, disagreement (0, 0), weights (omega, 1 - omega).
  @Test(arguments: [0.5, 0.3, 0.8, 0.05])
  func weightedSplit(omega: Double) throws {
    let y = try #require(
      solve(IntervalSet([0...1]), [omega, 1 - omega]) { n, x in n == 0 ? x : 1 - x })
    #expect(abs(y - omega) < 1e-6)
  }

  /// MODEL.md section 6: u1 = x^a, u2 = (1 - x)^b gives x = a / (a + b).
  @Test(arguments: [(1.0, 2.0), (2.0, 1.0), (0.5, 1.5), (3.0, 3.0)])
  func powerUtilities(a: Double, b: Double) throws {
    let y = try #require(
      solve(IntervalSet([0...1]), [1, 1]) { n, x in n == 0 ? pow(x, a) : pow(1 - x, b) })
    #expect(abs(y - a / (a + b)) < 1e-6)
  }

  /// A constrained domain: the solution is clamped into the ZOPA.
  @Test func solutionOnTheBoundary() throws {
    let y = try #require(
      solve(IntervalSet([0...0.3, 0.35...0.4]), [1, 1]) { n, x in n == 0 ? x : 1 - x })
    #expect(abs(y - 0.4) < 1e-12)
  }

  @Test func emptyDomainHasNoSolution() {
    #expect(solve(IntervalSet(), [1]) { _, x in x } == nil)
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
