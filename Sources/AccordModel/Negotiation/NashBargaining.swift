package import AccordNumerics

/// The asymmetric Nash bargaining solution over a union of intervals.
///
/// Maximises `sum_n omega_n log g_n(y)` over the domain, where `g_n(y)` is party `n`'s
/// gain over its disagreement value. Gains are concave in `y` for the utilities of
/// this model, so the objective is concave on each interval: a coarse grid finds the
/// best cell, and a bisection on the sign of the objective's slope (a central
/// difference over `precision`) refines it inside the two cells around that point.
///
/// Why not a minimiser on function values: near a smooth maximum the objective is flat
/// to rounding within about `sqrt(ulp)`, about 1e-8, so comparing values cannot place
/// the optimum closer than that, and a grid point on the interval's edge gave no valid
/// bracket, so an optimum within a fifth of a cell of the edge was returned as the
/// edge (a pie with `r_A = 0.495` gave 0.495 instead of 0.5). Comparing the objective
/// at `y - precision` and `y + precision` tells the side of the optimum as long as
/// it is farther than about 1e-10 from `y` (smooth objectives), and to within
/// `precision` at a kink (a linear utility's ideal point).
package enum NashBargaining {
  /// Grid points per interval before the bisection refines.
  static let gridPoints = 9

  /// How close the solution is to the true maximiser in the worst case (at a kink of
  /// the objective, or at an edge of the domain).
  ///
  /// Smooth maxima are located to about 1e-10. Ratification compares with the same tolerance
  /// (``IntervalSet/tolerance``).
  package static let precision = IntervalSet.tolerance

  /// The Nash solution, or `nil` when the domain is empty.
  ///
  /// When no point of the domain gives every party a positive gain, the parties are
  /// indifferent there and the midpoint of the widest interval is returned.
  package static func solve(
    domain: IntervalSet, weights: [Double], gain: (Int, Double) -> Double
  ) -> Double? {
    guard !domain.isEmpty else { return nil }
    let parties = weights.count
    func objective(_ y: Double) -> Double {
      var total = 0.0
      for n in 0..<parties {
        let g = gain(n, y)
        if !(g > 0) { return -.infinity }
        total += weights[n] * log(g)
      }
      return total
    }
    var best = Double.nan
    var bestValue = -Double.infinity
    for k in 0..<domain.count {
      let (y, value) = maximize(domain.lower[k], domain.upper[k], objective)
      if value > bestValue {
        best = y
        bestValue = value
      }
    }
    if bestValue == -.infinity {
      var widest = 0
      for k in 1..<domain.count
      where domain.upper[k] - domain.lower[k] > domain.upper[widest] - domain.lower[widest] {
        widest = k
      }
      return (domain.lower[widest] + domain.upper[widest]) / 2
    }
    return best
  }

  /// The same solution; the minimiser is no longer used (kept so callers need not change).
  package static func solve(
    domain: IntervalSet, weights: [Double], gain: (Int, Double) -> Double,
    minimizer: borrowing BrentMinimizer
  ) -> Double? {
    solve(domain: domain, weights: weights, gain: gain)
  }

  /// The maximiser of a concave `f` on `[lo, hi]` and its value.
  private static func maximize(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> (
    Double, Double
  ) {
    if hi - lo < 1e-12 { return (lo, f(lo)) }
    let h = (hi - lo) / Double(gridPoints - 1)
    var bestK = 0
    var bestValue = -Double.infinity
    for k in 0..<gridPoints {
      let v = f(k == gridPoints - 1 ? hi : lo + Double(k) * h)
      if v > bestValue {
        bestValue = v
        bestK = k
      }
    }
    if bestValue == -.infinity { return (lo, bestValue) }
    let delta = precision
    // An edge maximum: the objective does not rise when stepping inward.
    if bestK == 0 && !(f(Swift.min(lo + delta, hi)) > bestValue) { return (lo, bestValue) }
    if bestK == gridPoints - 1 && !(f(Swift.max(hi - delta, lo)) > bestValue) {
      return (hi, bestValue)
    }
    // Concave: the maximum lies within a cell of the best grid point.
    let guess = bestK == gridPoints - 1 ? hi : lo + Double(bestK) * h
    var a = Swift.max(lo, guess - h)
    var b = Swift.min(hi, guess + h)
    var iterations = 0
    while b - a > 1e-12 && iterations < 80 {
      iterations += 1
      let m = (a + b) / 2
      let left = f(m - delta)
      let right = f(m + delta)
      if right > left {
        a = m
      } else if left > right {
        b = m
      } else if left == -.infinity {
        // Both outside where every gain is positive, a convex set holding `guess`.
        if m < guess { a = m } else { b = m }
      } else {
        // Level to rounding: `m` is the maximum.
        a = m
        b = m
      }
    }
    let y = (a + b) / 2
    return (y, f(y))
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
