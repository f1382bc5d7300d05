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
    #expect(abs(y - omega) < 1e-9)
  }

  /// MODEL.md section 6: u1 = x^a, u2 = (1 - x)^b gives x = a / (a + b).
  @Test(arguments: [(1.0, 2.0), (2.0, 1.0), (0.5, 1.5), (3.0, 3.0)])
  func powerUtilities(a: Double, b: Double) throws {
    let y = try #require(
      solve(IntervalSet([0...1]), [1, 1]) { n, x in n == 0 ? pow(x, a) : pow(1 - x, b) })
    #expect(abs(y - a / (a + b)) < 1e-9)
  }

  /// A constrained domain: the solution is clamped into the ZOPA.
  @Test func solutionOnTheBoundary() throws {
    let y = try #require(
      solve(IntervalSet([0...0.3, 0.35...0.4]), [1, 1]) { n, x in n == 0 ? x : 1 - x })
    #expect(abs(y - 0.4) < 1e-12)
  }

  /// MODEL.md section 6, two-level pie: the split is clamp(1/2, r_A, 1 - r_B).
  ///
  /// The optimum 0.5 sits a tenth of a grid cell from the ZOPA's edge (the review's case: the edge
  /// was returned).
  @Test(arguments: [(0.495, 0.1), (0.1, 0.495), (0.4999, 0.1), (0.1, 0.4999), (0.2, 0.2)])
  func pieSplitNearTheEdge(rA: Double, rB: Double) throws {
    let y = try #require(
      solve(IntervalSet([rA...(1 - rB)]), [1, 1]) { n, x in n == 0 ? x : 1 - x })
    #expect(abs(y - 0.5) < 1e-9)
  }

  /// The clamp binds: the solution is the ZOPA's edge, within the solver's precision.
  @Test(arguments: [(0.6, 0.1, 0.6), (0.1, 0.7, 0.3), (0.5000001, 0.1, 0.5000001)])
  func pieSplitClamped(rA: Double, rB: Double, expected: Double) throws {
    let y = try #require(
      solve(IntervalSet([rA...(1 - rB)]), [1, 1]) { n, x in n == 0 ? x : 1 - x })
    #expect(abs(y - expected) < 1e-9)
  }

  /// Asymmetric weights near an edge: the split is omega when the ZOPA holds it.
  @Test(arguments: [0.3, 0.7])
  func weightedSplitNearTheEdge(omega: Double) throws {
    let y = try #require(
      solve(IntervalSet([(omega - 0.004)...(omega + 0.4)]), [omega, 1 - omega]) { n, x in
        n == 0 ? x : 1 - x
      })
    #expect(abs(y - omega) < 1e-9)
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
