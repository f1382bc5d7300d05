import Foundation

/// The allowed range of a numeric config value, printed in interval notation.
struct Bounds: CustomStringConvertible, Sendable {
  var lower: Double
  var upper: Double
  var lowerOpen = false
  var upperOpen = false

  static let unit = Bounds(lower: 0, upper: 1)
  static let openUnit = Bounds(lower: 0, upper: 1, lowerOpen: true, upperOpen: true)
  static let nonNegative = Bounds(lower: 0, upper: .infinity, upperOpen: true)
  static let positive = Bounds(lower: 0, upper: .infinity, lowerOpen: true, upperOpen: true)
  static let real = Bounds(lower: -.infinity, upper: .infinity, lowerOpen: true, upperOpen: true)
  static func closed(_ lo: Double, _ hi: Double) -> Bounds { Bounds(lower: lo, upper: hi) }

  func contains(_ x: Double) -> Bool {
    guard x.isFinite else { return false }
    let aboveLower = lowerOpen ? x > lower : x >= lower
    let belowUpper = upperOpen ? x < upper : x <= upper
    return aboveLower && belowUpper
  }

  /// `x` moved into the range (for draws from unbounded distributions).
  func clamp(_ x: Double) -> Double {
    let tiny = 1e-9
    var y = x
    if y < lower || (lowerOpen && y <= lower) { y = lowerOpen ? lower + tiny : lower }
    if y > upper || (upperOpen && y >= upper) { y = upperOpen ? upper - tiny : upper }
    // An unbounded side: a draw past the doubles (a normal with sd 1e308) is the largest
    // double, not infinity.
    if y.isInfinite { y = y > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude }
    return y
  }

  /// A bound as the range messages print it: `inf`, a whole number, `1e+12`, `1e-06`.
  static func format(_ x: Double) -> String {
    if x == .infinity { return "inf" }
    if x == -.infinity { return "-inf" }
    guard x == x.rounded() else { return String(x) }
    if abs(x) < 1e9 { return String(Int(x)) }
    // Swift writes 1e12 as 1000000000000.0; a power of ten reads better as 1e+12.
    let exponent = Int(log10(abs(x)).rounded(.down))
    let mantissa = x / pow(10, Double(exponent))
    return mantissa == mantissa.rounded() ? "\(Int(mantissa))e+\(exponent)" : String(x)
  }

  var description: String {
    "\(lowerOpen ? "(" : "[")\(Self.format(lower)), \(Self.format(upper))\(upperOpen ? ")" : "]")"
  }
}
