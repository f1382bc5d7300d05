/// A finite union of disjoint closed intervals in increasing order: a win-set or a ZOPA.
///
/// Storage is kept between steps (`removeAll` keeps capacity), so recomputing a
/// win-set every step allocates nothing once the capacity is reached.
public struct IntervalSet: Equatable, Sendable, CustomStringConvertible {
  /// The intervals' lower bounds, in increasing order.
  public private(set) var lower: [Double] = []
  /// The intervals' upper bounds, in the same order.
  public private(set) var upper: [Double] = []

  /// The empty set.
  public init() {}

  /// How far outside a bound a point may lie and still count as inside: the Nash
  /// solver's worst-case precision (`NashBargaining.precision`), so that a deal the
  /// solver places on the edge of a win-set is ratified by that win-set rather than
  /// decided by rounding.
  public static let tolerance = 1e-7

  /// The set holding the given intervals, which must be disjoint and increasing.
  public init(_ intervals: [ClosedRange<Double>]) {
    for r in intervals { append(r.lowerBound, r.upperBound) }
  }

  /// The number of disjoint intervals.
  public var count: Int { lower.count }
  /// Whether the set holds no point.
  public var isEmpty: Bool { lower.isEmpty }
  /// The smallest point, or NaN when empty.
  public var minimum: Double { lower.first ?? .nan }
  /// The largest point, or NaN when empty.
  public var maximum: Double { upper.last ?? .nan }
  /// Total length.
  public var measure: Double {
    var total = 0.0
    for k in 0..<lower.count { total += upper[k] - lower[k] }
    return total
  }
  /// The intervals as closed ranges, in increasing order.
  public var intervals: [ClosedRange<Double>] { (0..<count).map { lower[$0]...upper[$0] } }

  package mutating func reserveCapacity(_ n: Int) {
    lower.reserveCapacity(n)
    upper.reserveCapacity(n)
  }

  package mutating func removeAll() {
    lower.removeAll(keepingCapacity: true)
    upper.removeAll(keepingCapacity: true)
  }

  /// Appends `[lo, hi]` after the last interval, merging when they touch.
  package mutating func append(_ lo: Double, _ hi: Double) {
    precondition(lo <= hi, "interval bounds out of order")
    if let last = upper.last, lo <= last {
      upper[upper.count - 1] = Swift.max(last, hi)
    } else {
      lower.append(lo)
      upper.append(hi)
    }
  }

  /// Whether `y` lies in the set, allowing `tolerance` at the bounds.
  public func contains(_ y: Double, tolerance: Double = IntervalSet.tolerance) -> Bool {
    for k in 0..<lower.count where y >= lower[k] - tolerance && y <= upper[k] + tolerance {
      return true
    }
    return false
  }

  /// Whether every point of `self` lies in `other` (up to `tolerance`).
  public func isSubset(of other: IntervalSet, tolerance: Double = IntervalSet.tolerance) -> Bool {
    var j = 0
    for k in 0..<count {
      while j < other.count && other.upper[j] < lower[k] - tolerance { j += 1 }
      guard j < other.count, other.lower[j] <= lower[k] + tolerance,
        other.upper[j] >= upper[k] - tolerance
      else { return false }
    }
    return true
  }

  /// The intersection with another set.
  public func intersection(_ other: IntervalSet) -> IntervalSet {
    var out = IntervalSet()
    intersection(other, into: &out)
    return out
  }

  /// Writes `self ∩ other` into `out` (reusing its storage).
  package func intersection(_ other: IntervalSet, into out: inout IntervalSet) {
    out.removeAll()
    var i = 0
    var j = 0
    while i < count && j < other.count {
      let lo = Swift.max(lower[i], other.lower[j])
      let hi = Swift.min(upper[i], other.upper[j])
      if lo <= hi { out.append(lo, hi) }
      if upper[i] < other.upper[j] { i += 1 } else { j += 1 }
    }
  }

  /// The union with another set.
  public func union(_ other: IntervalSet) -> IntervalSet {
    var pieces = intervals + other.intervals
    pieces.sort { $0.lowerBound < $1.lowerBound }
    var out = IntervalSet()
    for p in pieces { out.append(p.lowerBound, p.upperBound) }
    return out
  }

  /// Writes `self ∩ [lo, hi]` into `out`.
  package func clipped(to lo: Double, _ hi: Double, into out: inout IntervalSet) {
    out.removeAll()
    guard lo <= hi else { return }
    for k in 0..<count {
      let a = Swift.max(lower[k], lo)
      let b = Swift.min(upper[k], hi)
      if a <= b { out.append(a, b) }
    }
  }

  /// The intervals rounded to four decimals and joined by a union sign, or the empty-set sign.
  public var description: String {
    isEmpty
      ? "∅"
      : intervals.map { "[\(fmt($0.lowerBound)), \(fmt($0.upperBound))]" }
        .joined(separator: " ∪ ")
  }

  private func fmt(_ x: Double) -> String {
    let r = (x * 10_000).rounded() / 10_000
    return "\(r)"
  }
}
