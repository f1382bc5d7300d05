import Foundation

/// Binomial probabilities to full relative precision, by Loader's saddle-point method.
///
/// `C(n, x) p^x (1-p)^(n-x)` through `lgamma` loses about `log(n!) * 1e-16` of relative
/// precision (1e-10 at n = 10^6); Loader's deviance form keeps the relative error near
/// 1e-14 at any n (C. Loader, "Fast and accurate computation of binomial probabilities",
/// 2000; the method of R's `dbinom`).
enum BinomialMass {
  /// `log(x!) - log(sqrt(2 pi x) (x/e)^x)`, Stirling's error.
  static func stirlingError(_ x: Double) -> Double {
    if x <= 15 {
      return lgamma(x + 1) - (x + 0.5) * log(x) + x - 0.5 * log(2 * Double.pi)
    }
    let s0 = 1.0 / 12
    let s1 = 1.0 / 360
    let s2 = 1.0 / 1260
    let s3 = 1.0 / 1680
    let s4 = 1.0 / 1188
    let xx = x * x
    if x > 500 { return (s0 - s1 / xx) / x }
    if x > 80 { return (s0 - (s1 - s2 / xx) / xx) / x }
    if x > 35 { return (s0 - (s1 - (s2 - s3 / xx) / xx) / xx) / x }
    return (s0 - (s1 - (s2 - (s3 - s4 / xx) / xx) / xx) / xx) / x
  }

  /// The deviance term `x log(x / np) + np - x`, by its series where `x` is near `np`.
  static func deviance(_ x: Double, _ np: Double) -> Double {
    if abs(x - np) < 0.1 * (x + np) {
      var v = (x - np) / (x + np)
      let s0 = (x - np) * v
      var s = s0
      var ej = 2 * x * v
      v *= v
      var j = 1.0
      while j < 1000 {
        ej *= v
        let next = s + ej / (2 * j + 1)
        if next == s { return next }
        s = next
        j += 1
      }
      return s
    }
    return x * log(x / np) + np - x
  }

  /// `P(X = x)` for `X ~ Binomial(n, p)`, with `q = 1 - p` given separately for precision.
  static func mass(_ x: Int, _ n: Int, p: Double, q: Double) -> Double {
    exp(logMass(x, n, p: p, q: q))
  }

  /// `log P(X = x)`, finite where the mass underflows (`-inf` outside the support).
  static func logMass(_ x: Int, _ n: Int, p: Double, q: Double) -> Double {
    guard x >= 0, x <= n else { return -.infinity }
    let xd = Double(x)
    let nd = Double(n)
    if p == 0 { return x == 0 ? 0 : -.infinity }
    if q == 0 { return x == n ? 0 : -.infinity }
    if x == 0 { return nd * log1p(-p) }
    if x == n { return nd * log(p) }
    let lc =
      stirlingError(nd) - stirlingError(xd) - stirlingError(nd - xd) - deviance(xd, nd * p)
      - deviance(nd - xd, nd * q)
    let lf = log(2 * Double.pi) + log(xd) + log1p(-xd / nd)
    return lc - 0.5 * lf
  }

  /// `C(n, x) / 2^n` for `x` in `0...n`.
  static func fair(_ n: Int) -> [Double] {
    (0...n).map { mass($0, n, p: 0.5, q: 0.5) }
  }

  /// `log(C(n, x) / 2^n)` for `x` in `0...n`.
  static func logFair(_ n: Int) -> [Double] {
    (0...n).map { logMass($0, n, p: 0.5, q: 0.5) }
  }
}
