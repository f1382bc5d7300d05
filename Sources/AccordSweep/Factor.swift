import AccordConfig
import Foundation

/// One swept parameter: its path in the config and the values it takes.
///
/// Written in a sweep file as `PATH: [v1, v2, ...]` (levels), `PATH: {from: a, to: b,
/// step: s}` (an evenly spaced range) or `PATH: {low: a, high: b}` (continuous bounds,
/// for the sampling designs); add `integer: true` to round sampled values. A list of
/// names (`strategy: [random, pivotal-first]`) makes a categorical factor: the design
/// works on level indices, the config gets the name, and the store holds the name.
package struct Factor: Sendable, Equatable {
  package enum Values: Sendable, Equatable {
    case levels([Double])
    case bounds(low: Double, high: Double)
  }

  package var path: FactorPath
  package var values: Values
  package var integer: Bool
  /// Names of a categorical factor's levels; its values are the indices 0, 1, ...
  package var labels: [String]?

  package init(path: FactorPath, values: Values, integer: Bool, labels: [String]? = nil) {
    self.path = path
    self.values = values
    self.integer = integer
    self.labels = labels
  }

  /// The factor's value as the config and the store see it: a number, or a level's name.
  package func label(_ x: Double) -> String? {
    labels.map { $0[min($0.count - 1, max(0, Int(x)))] }
  }

  /// The factor's value at a unit coordinate `u` in [0, 1) (sampling designs).
  package func value(at u: Double) -> Double {
    switch values {
    case .levels(let levels):
      return levels[min(levels.count - 1, Int(u * Double(levels.count)))]
    case .bounds(let low, let high):
      let x = low + u * (high - low)
      return integer ? x.rounded() : x
    }
  }
}

/// How a factor's values are written in YAML.
struct FactorValues: Decodable {
  var values: Factor.Values
  var integer: Bool
  var labels: [String]?

  enum Keys: String, CodingKey, CaseIterable {
    case from, to, step, low, high, integer
  }

  /// The most levels a `{from, to, step}` range may have.
  static let maxLevels = 1_000_000

  /// A finite number at `key`.
  static func finite(
    _ c: KeyedDecodingContainer<Keys>, _ key: Keys, _ decoder: any Decoder
  ) throws -> Double {
    let x = try c.decode(Double.self, forKey: key)
    guard x.isFinite else { throw decoder.issue(key, "must be a finite number, found \(x)") }
    return x
  }

  init(from decoder: any Decoder) throws {
    if let list = try? decoder.singleValueContainer().decode([Double].self) {
      guard !list.isEmpty else {
        throw ConfigIssue(path: decoder.codingPath, message: "an empty list of levels")
      }
      if let bad = list.firstIndex(where: { !$0.isFinite }) {
        throw ConfigIssue(
          path: decoder.codingPath + [AnyKey(intValue: bad)],
          message: "level \(bad + 1) is \(list[bad]); levels must be finite numbers")
      }
      values = .levels(list)
      integer = false
      return
    }
    if let names = try? decoder.singleValueContainer().decode([String].self) {
      guard !names.isEmpty else {
        throw ConfigIssue(path: decoder.codingPath, message: "an empty list of levels")
      }
      guard Set(names).count == names.count else {
        throw ConfigIssue(path: decoder.codingPath, message: "a level is listed twice")
      }
      values = .levels(names.indices.map(Double.init))
      integer = true
      labels = names
      return
    }
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    integer = try c.decodeIfPresent(Bool.self, forKey: .integer) ?? false
    if c.contains(.from) || c.contains(.to) || c.contains(.step) {
      let from = try Self.finite(c, .from, decoder)
      let to = try Self.finite(c, .to, decoder)
      let step = try Self.finite(c, .step, decoder)
      guard step > 0 else { throw decoder.issue(Keys.step, "must be > 0, found \(step)") }
      guard to >= from else {
        throw decoder.issue(Keys.to, "an empty range: to (\(to)) is below from (\(from))")
      }
      // Counted in floating point first: (to - from) / step can exceed Int's range
      // (step 1e-300) or overflow to infinity (to - from beyond 1.8e308).
      let levels = ((to - from) / step + 1e-9).rounded(.down) + 1
      guard levels.isFinite, levels <= Double(Self.maxLevels) else {
        throw decoder.issue(
          Keys.step,
          "the range has \(levels.isFinite ? String(format: "%.3g", levels) : "too many") levels; "
            + "at most \(Self.maxLevels)")
      }
      values = .levels((0..<Int(levels)).map { from + Double($0) * step })
    } else if c.contains(.low) || c.contains(.high) {
      let low = try Self.finite(c, .low, decoder)
      let high = try Self.finite(c, .high, decoder)
      guard high > low else {
        throw decoder.issue(Keys.high, "an empty range: high (\(high)) must exceed low (\(low))")
      }
      guard (high - low).isFinite else {
        throw decoder.issue(Keys.high, "high - low must be below 1.8e308")
      }
      values = .bounds(low: low, high: high)
    } else {
      throw ConfigIssue(
        path: decoder.codingPath,
        message: "expected a list of levels, {from, to, step} or {low, high}")
    }
  }
}
