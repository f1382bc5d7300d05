import AccordNumerics

/// A statistic with its 95% confidence interval and the number of runs behind it.
public struct Estimate: Sendable, Equatable {
  public var value: Double
  public var lower: Double
  public var upper: Double
  public var n: Int

  /// The mean of `values` with a Student-t interval.
  public static func mean(_ values: [Double]) -> Estimate {
    let n = values.count
    guard n > 0 else { return Estimate(value: .nan, lower: .nan, upper: .nan, n: 0) }
    let m = values.reduce(0, +) / Double(n)
    guard n > 1 else { return Estimate(value: m, lower: .nan, upper: .nan, n: 1) }
    let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
    let half = StudentT.quantile(0.975, dof: Double(n - 1)) * (variance / Double(n)).squareRoot()
    return Estimate(value: m, lower: m - half, upper: m + half, n: n)
  }

  /// Mean of `a` minus mean of `b`, with Welch's interval.
  public static func difference(_ a: [Double], _ b: [Double]) -> Estimate {
    let n = a.count + b.count
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
    guard se > 0 else { return Estimate(value: d, lower: d, upper: d, n: n) }
    let dof =
      (sa + sb) * (sa + sb)
      / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
    let half = StudentT.quantile(0.975, dof: dof) * se
    return Estimate(value: d, lower: d - half, upper: d + half, n: n)
  }

  /// The least-squares slope of `y` on `x`, with a t interval on n - 2 degrees of freedom.
  public static func slope(x: [Double], y: [Double]) -> Estimate {
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
    return Estimate(value: b, lower: b - half, upper: b + half, n: n)
  }
}
