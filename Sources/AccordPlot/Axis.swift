import Foundation

/// A linear or base-10 logarithmic axis: data range, "nice" ticks and the mapping to
/// pixels.
struct Axis {
  /// The axis span; it always contains every data value.
  let low: Double
  let high: Double
  let ticks: [Double]
  /// Whether positions are proportional to log10 of the value.
  var log = false
  /// Unlabelled ticks between the labelled ones (2 to 9 times a power of 10 on a log axis).
  var minorTicks: [Double] = []

  /// An axis for `count` categories at 0, 1, ...: exactly half a slot either side.
  init(categories count: Int) {
    low = -0.5
    high = Double(count) - 0.5
    ticks = (0..<count).map(Double.init)
  }

  /// An axis spanning exactly `range`, with round ticks inside it.
  init(fixed range: ClosedRange<Double>) {
    low = range.lowerBound
    high = range.upperBound > range.lowerBound ? range.upperBound : range.lowerBound + 1
    let step = Axis.niceStep((high - low) / 5)
    let first = Int((low / step).rounded(.up))
    let last = Int((high / step).rounded(.down))
    ticks = (first...max(first, last)).map { Self.rounded(Double($0) * step) }
  }

  /// An axis spanning `values` (and `include`, such as 0 or 1), extended to round ticks.
  init(values: [Double], include: [Double] = []) {
    let finite = (values + include).filter(\.isFinite)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 1
    if hi - lo < 1e-12 {
      lo -= 0.5
      hi += 0.5
    }
    let step = Axis.niceStep((hi - lo) / 5)
    lo = (lo / step).rounded(.down) * step
    hi = (hi / step).rounded(.up) * step
    low = lo
    high = hi
    // Ticks as whole multiples of the step, printed to 12 digits and read back, so that
    // 3 x 0.2 is 0.6 and not 0.6000000000000001.
    let first = Int((lo / step).rounded())
    let last = Int((hi / step).rounded())
    ticks = (first...last).map { Self.rounded(Double($0) * step) }
  }

  /// A log axis spanning the positive `values`, from the power of 10 at or below the
  /// smallest to the one at or above the largest; ticks at powers of 10 (every second or
  /// third one over many decades).
  init(logValues values: [Double]) {
    let positive = values.filter { $0.isFinite && $0 > 0 }
    var lo = (positive.min().map(log10) ?? 0).rounded(.down)
    var hi = (positive.max().map(log10) ?? 1).rounded(.up)
    if hi <= lo {
      // One value at a power of 10: a decade either side.
      lo -= 1
      hi += 1
    }
    low = Self.rounded(pow(10, lo))
    high = Self.rounded(pow(10, hi))
    let decades = Int(hi - lo)
    let every = max(1, Int((Double(decades) / 6).rounded(.up)))
    ticks = stride(from: Int(lo), through: Int(hi), by: every).map {
      Self.rounded(pow(10, Double($0)))
    }
    log = true
    // Minor ticks help read a value off up to a few decades; beyond that they are clutter.
    if decades <= 4 {
      minorTicks = (Int(lo)..<Int(hi)).flatMap { k in
        (2...9).map { Self.rounded(Double($0) * pow(10, Double(k))) }
      }
    }
  }

  /// `x` printed to 12 significant digits and read back (itself if that ever failed).
  static func rounded(_ x: Double) -> Double { Double(String(format: "%.12g", x)) ?? x }

  static func niceStep(_ raw: Double) -> Double {
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let fraction = raw / magnitude
    let nice: Double =
      fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
    return nice * magnitude
  }

  /// Pixel position of `x` on a segment from `from` to `to`.
  func map(_ x: Double, from: Double, to: Double) -> Double {
    guard log else { return from + (x - low) / (high - low) * (to - from) }
    // A log axis has no place for zero or less: such a value sits at the axis's low end
    // (only interval ends get here; the data were checked to be positive).
    let v = x > 0 ? log10(x) : log10(low)
    return from + (v - log10(low)) / (log10(high) - log10(low)) * (to - from)
  }

  /// A tick's label: plain numbers from 0.001 to 1000, else `1e-5`, `1e4` on a log axis.
  func tickLabel(_ x: Double) -> String {
    guard log else { return Self.label(x) }
    let k = Int(log10(x).rounded())
    return (-3...3).contains(k) ? Self.label(x) : "1e\(k)"
  }

  /// A tick label without trailing noise.
  static func label(_ x: Double) -> String {
    if abs(x) >= 1e4 || (abs(x) < 1e-3 && x != 0) { return String(format: "%.2g", x) }
    let s = String(format: "%.4f", x)
    var t = s
    while t.contains(".") && (t.hasSuffix("0") || t.hasSuffix(".")) { t.removeLast() }
    return t == "-0" ? "0" : t
  }
}
