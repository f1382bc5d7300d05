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
    return y
  }

  var description: String {
    func f(_ x: Double) -> String {
      if x == .infinity { return "inf" }
      if x == -.infinity { return "-inf" }
      return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
    return "\(lowerOpen ? "(" : "[")\(f(lower)), \(f(upper))\(upperOpen ? ")" : "]")"
  }
}
