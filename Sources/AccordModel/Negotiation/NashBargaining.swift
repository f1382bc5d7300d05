import AccordNumerics

/// The asymmetric Nash bargaining solution over a union of intervals.
///
/// Maximises `sum_n omega_n log g_n(y)` over the domain, where `g_n(y)` is party `n`'s
/// gain over its disagreement value. Gains are concave in `y` for the utilities of
/// this model, so the objective is concave on each interval: a coarse grid finds the
/// best cell, and GSL's Brent minimiser refines it. A maximum on a cell boundary that
/// is also the interval's end is taken as is.
public enum NashBargaining {
  /// Grid points per interval before Brent refines.
  static let gridPoints = 9

  /// The Nash solution, or `nil` when the domain is empty.
  ///
  /// When no point of the domain gives every party a positive gain, the parties are
  /// indifferent there and the midpoint of the widest interval is returned.
  public static func solve(
    domain: IntervalSet, weights: [Double], gain: (Int, Double) -> Double,
    minimizer: borrowing BrentMinimizer
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
      let lo = domain.lower[k]
      let hi = domain.upper[k]
      let (y, value) = maximize(lo, hi, objective, minimizer)
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

  private static func maximize(
    _ lo: Double, _ hi: Double, _ f: (Double) -> Double, _ minimizer: borrowing BrentMinimizer
  ) -> (Double, Double) {
    if hi - lo < 1e-12 { return (lo, f(lo)) }
    let h = (hi - lo) / Double(gridPoints - 1)
    var bestK = 0
    var bestValue = -Double.infinity
    for k in 0..<gridPoints {
      let v = f(lo + Double(k) * h)
      if v > bestValue {
        bestValue = v
        bestK = k
      }
    }
    if bestValue == -.infinity { return (lo, bestValue) }
    let guess = lo + Double(bestK) * h
    if bestK == 0 || bestK == gridPoints - 1 {
      // Concave on the interval: the maximum sits in the cell next to the boundary
      // or on the boundary itself.
      let inner = bestK == 0 ? lo + h : hi - h
      let edge = bestK == 0 ? lo : hi
      let a = min(edge, inner)
      let b = max(edge, inner)
      return refine(
        a, b, guess: a + 0.381966011250105 * (b - a), f, minimizer, fallback: (guess, bestValue))
    }
    // The best grid point is above both neighbours: a valid Brent bracket.
    return refine(guess - h, guess + h, guess: guess, f, minimizer, fallback: (guess, bestValue))
  }

  /// Brent on [a, b] from `guess`, when the guess satisfies Brent's bracketing
  /// condition; otherwise the best of the points already seen.
  private static func refine(
    _ a: Double, _ b: Double, guess: Double, _ f: (Double) -> Double,
    _ minimizer: borrowing BrentMinimizer, fallback: (Double, Double)
  ) -> (Double, Double) {
    let fa = -f(a)
    let fb = -f(b)
    let fg = -f(guess)
    var best = fallback
    if fa.isFinite && -fa > best.1 { best = (a, -fa) }
    if fb.isFinite && -fb > best.1 { best = (b, -fb) }
    if fg.isFinite && -fg > best.1 { best = (guess, -fg) }
    guard fg < fa && fg < fb else { return best }
    // GSL refuses infinite values (log of a zero gain at the edge): cap them.
    if let result = try? minimizer.minimize(
      lower: a, upper: b, guess: guess, tolerance: 1e-10,
      { y in
        let v = -f(y)
        return v.isFinite ? v : .greatestFiniteMagnitude
      })
    {
      if -result.value >= best.1 { return (result.x, -result.value) }
    }
    return best
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
