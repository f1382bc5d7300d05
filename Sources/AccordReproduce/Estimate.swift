import AccordNumerics
import Foundation

/// A statistic with its 95% confidence interval and the number of runs behind it.
///
/// The interval's method follows the data: Student t for means, Welch for differences
/// of means and t on n - 2 degrees of freedom for slopes; Wilson's score interval for a
/// proportion (every value 0 or 1) and Newcombe's hybrid score interval for a difference
/// of proportions, which stay inside [0, 1] and [-1, 1]. An exact estimate (a
/// deterministic experiment) has no interval and no n.
struct Estimate: Sendable, Equatable {
  enum Method: String, Sendable { case t, wilson, newcombe, exact }

  var value: Double
  var lower: Double
  var upper: Double
  var n: Int
  var method: Method = .t
  /// Standard error (t, Newcombe) for p-values; NaN when not defined.
  var standardError = Double.nan
  /// Degrees of freedom of the t reference; infinite for the normal.
  var dof = Double.infinity

  init(value: Double, lower: Double, upper: Double, n: Int) {
    self.value = value
    self.lower = lower
    self.upper = upper
    self.n = n
  }

  static let undefined = Estimate(value: .nan, lower: .nan, upper: .nan, n: 0)

  /// The value of a deterministic experiment: no interval, no n.
  static func exact(_ value: Double) -> Estimate {
    var e = Estimate(value: value, lower: value, upper: value, n: 0)
    e.method = .exact
    return e
  }

  var isExact: Bool { method == .exact }

  /// Whether every value is 0 or 1 (a proportion).
  static func isBinary(_ values: [Double]) -> Bool {
    values.allSatisfy { $0 == 0 || $0 == 1 }
  }

  /// The mean of `values`: Wilson's interval for a proportion, Student t otherwise.
  ///
  /// `proportion` nil: a proportion when every value is 0 or 1.
  static func mean(_ values: [Double], proportion: Bool? = nil) -> Estimate {
    let n = values.count
    guard n > 0 else { return .undefined }
    if proportion ?? isBinary(values) { return wilson(successes: values.reduce(0, +), n: n) }
    // The convention `summarize` and `plot` share (MeanInterval), as an estimate.
    let m = MeanInterval.of(values, binary: false)
    var e = Estimate(value: m.mean, lower: m.lower, upper: m.upper, n: n)
    if n > 1 {
      e.standardError = m.standardError
      e.dof = m.dof
    }
    return e
  }

  /// Wilson's score interval for `successes` out of `n`, clamped exactly to [0, 1]
  /// (``MeanInterval/wilson(proportion:n:)``).
  static func wilson(successes: Double, n: Int) -> Estimate {
    let p = successes / Double(n)
    let (lower, upper) = MeanInterval.wilson(proportion: p, n: n)
    var e = Estimate(value: p, lower: lower, upper: upper, n: n)
    e.method = .wilson
    return e
  }

  /// Mean of `a` minus mean of `b`: Newcombe's hybrid score interval for proportions,
  /// Welch's interval otherwise.
  static func difference(_ a: [Double], _ b: [Double], proportion: Bool? = nil)
    -> Estimate
  {
    let n = a.count + b.count
    guard !a.isEmpty, !b.isEmpty else { return .undefined }
    if proportion ?? (isBinary(a) && isBinary(b)) {
      let ea = mean(a, proportion: true)
      let eb = mean(b, proportion: true)
      let d = ea.value - eb.value
      let lower =
        d
        - ((ea.value - ea.lower) * (ea.value - ea.lower)
        + (eb.upper - eb.value) * (eb.upper - eb.value)).squareRoot()
      let upper =
        d
        + ((ea.upper - ea.value) * (ea.upper - ea.value)
        + (eb.value - eb.lower) * (eb.value - eb.lower)).squareRoot()
      var e = Estimate(value: d, lower: lower, upper: upper, n: n)
      e.method = .newcombe
      e.standardError =
        (ea.value * (1 - ea.value) / Double(a.count)
        + eb.value * (1 - eb.value) / Double(b.count)).squareRoot()
      return e
    }
    guard a.count > 1, b.count > 1 else {
      return Estimate(value: .nan, lower: .nan, upper: .nan, n: n)
    }
    func moments(_ v: [Double]) -> (Double, Double) {
      let m = v.reduce(0, +) / Double(v.count)
      return (m, v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1))
    }
    let (ma, va) = moments(a)
    let (mb, vb) = moments(b)
    let sa = va / Double(a.count)
    let sb = vb / Double(b.count)
    let d = ma - mb
    let se = (sa + sb).squareRoot()
    guard se > 0 else {
      var e = Estimate(value: d, lower: d, upper: d, n: n)
      e.standardError = 0
      return e
    }
    let dof =
      (sa + sb) * (sa + sb)
      / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
    let half = StudentT.quantile(0.975, dof: dof) * se
    var e = Estimate(value: d, lower: d - half, upper: d + half, n: n)
    e.standardError = se
    e.dof = dof
    return e
  }

  /// The least-squares slope of `y` on `x`, with a t interval on n - 2 degrees of freedom.
  static func slope(x: [Double], y: [Double]) -> Estimate {
    let n = x.count
    guard n > 2 else { return Estimate(value: .nan, lower: .nan, upper: .nan, n: n) }
    let mx = x.reduce(0, +) / Double(n)
    let my = y.reduce(0, +) / Double(n)
    var sxx = 0.0
    var sxy = 0.0
    for i in 0..<n {
      sxx += (x[i] - mx) * (x[i] - mx)
      sxy += (x[i] - mx) * (y[i] - my)
    }
    guard sxx > 0 else { return Estimate(value: .nan, lower: .nan, upper: .nan, n: n) }
    let b = sxy / sxx
    var sse = 0.0
    for i in 0..<n {
      let r = y[i] - my - b * (x[i] - mx)
      sse += r * r
    }
    let se = (sse / Double(n - 2) / sxx).squareRoot()
    let half = StudentT.quantile(0.975, dof: Double(n - 2)) * se
    var e = Estimate(value: b, lower: b - half, upper: b + half, n: n)
    e.standardError = se
    e.dof = Double(n - 2)
    return e
  }

  /// The one-sided p-value of "the true value exceeds `null`" (`greater`) or "is below".
  ///
  /// The t test, the score test for a proportion against a bound, or the unpooled z
  /// test for a difference of proportions. Nil for exact estimates.
  func pValue(null: Double, greater: Bool) -> Double? {
    guard !isExact, value.isFinite else { return nil }
    let se: Double
    if method == .wilson {
      guard null > 0 && null < 1 else { return (greater ? value > null : value < null) ? 0 : 1 }
      se = (null * (1 - null) / Double(n)).squareRoot()
    } else {
      se = standardError
    }
    guard se.isFinite else { return nil }
    let shift = greater ? value - null : null - value
    guard se > 0 else { return shift > 0 ? 0 : 1 }
    let statistic = shift / se
    return dof.isFinite
      ? StudentT.upperTail(statistic, dof: dof) : 0.5 * erfc(statistic / 2.0.squareRoot())
  }
}
