package import AccordConfig
import Foundation

/// One swept parameter (a design variable): its name, the values it takes and the config
/// fields it sets.
///
/// Written in a sweep file as `PATH: [v1, v2, ...]` (levels), `PATH: {from: a, to: b,
/// step: s}` (an evenly spaced range) or `PATH: {low: a, high: b}` (continuous bounds,
/// for the sampling designs); `integer: true` makes bounds the whole numbers `a...b`, each
/// equally likely. A list of names (`strategy: [random, pivotal-first]`) makes a
/// categorical factor: the design works on level indices, the config gets the name, and
/// the store holds the name. With `link: [PATH, ...]` the key is the design variable's
/// name (`community`) and the value goes to every listed path instead.
package struct Factor: Sendable, Equatable {
  package enum Values: Sendable, Equatable {
    case levels([Double])
    case bounds(low: Double, high: Double)
  }

  /// The factor's key: a config path, or a linked factor's name (its store column).
  package var path: FactorPath
  package var values: Values
  package var integer: Bool
  /// Names of a categorical factor's levels; its values are the indices 0, 1, ...
  package var labels: [String]?
  /// The config fields a linked factor sets (empty: the factor's own path).
  package var links: [FactorPath]

  package init(
    path: FactorPath, values: Values, integer: Bool, labels: [String]? = nil,
    links: [FactorPath] = []
  ) {
    self.path = path
    self.values = values
    self.integer = integer
    self.labels = labels
    self.links = links
  }

  /// The config fields the factor sets, each to the same value.
  package var targets: [FactorPath] { links.isEmpty ? [path] : links }

  /// The factor's name in the store, in labels and in derived expressions.
  package var name: String { path.text }

  /// The factor's value as the config and the store see it: a number, or a level's name.
  package func label(_ x: Double) -> String? {
    labels.map { $0[min($0.count - 1, max(0, Int(x)))] }
  }

  /// The number of discrete values (a list's levels, or the whole numbers of integer
  /// bounds); nil for continuous bounds.
  package var discreteCount: Int? {
    switch values {
    case .levels(let levels): return levels.count
    case .bounds(let low, let high):
      // Integer bounds are whole numbers below 1e15 in magnitude (FactorValues), so the
      // count is exact and fits an Int.
      return integer ? Int(high - low) + 1 : nil
    }
  }

  /// The factor's value at a unit coordinate `u` in [0, 1) (sampling designs).
  ///
  /// Discrete values are equally likely: a list of L levels takes level `floor(u L)`, and
  /// integer bounds take `low + floor(u k)` with `k = high - low + 1`, so each of the k
  /// whole numbers gets a share 1/k of the unit interval (rounding a continuous value
  /// would give the two ends half a share each). `u = 1` (a Morris grid end, a checked
  /// end) gives the last value.
  package func value(at u: Double) -> Double {
    switch values {
    case .levels(let levels):
      return levels[min(levels.count - 1, max(0, Int(u * Double(levels.count))))]
    case .bounds(let low, let high):
      guard integer else { return low + u * (high - low) }
      let k = high - low + 1
      return min(high, low + max(0, (u * k).rounded(.down)))
    }
  }

  /// The factor's value at a point of Morris's grid, given by its unit coordinate `u`
  /// (`j / (p - 1)` for grid level j of p).
  ///
  /// Continuous factors take `value(at: u)`. A factor with k discrete values takes the
  /// value at index `round(j (k - 1) / (p - 1))` (halves up): the discrete values nearest
  /// to p evenly spaced points from the first value to the last, exactly evenly spaced
  /// when p - 1 divides k - 1 (1, 4, 7, 10 of the whole numbers 1 to 10 with p = 4).
  package func value(morris u: Double, levels p: Int = MorrisTrajectory.levels) -> Double {
    guard let k = discreteCount, p > 1 else { return value(at: u) }
    let j = min(p - 1, max(0, Int((u * Double(p - 1)).rounded())))
    let index = Self.evenIndex(level: j, of: p, over: k)
    switch values {
    case .levels(let levels): return levels[index]
    case .bounds(let low, _): return low + Double(index)
    }
  }

  /// `round(j (k - 1) / (p - 1))`, halves up, in whole numbers (exact for any k below
  /// 2^61 / p).
  static func evenIndex(level j: Int, of p: Int, over k: Int) -> Int {
    (2 * j * (k - 1) + (p - 1)) / (2 * (p - 1))
  }
}

/// How a factor's values are written in YAML.
struct FactorValues: Decodable {
  var values: Factor.Values
  var integer: Bool
  var labels: [String]?
  /// `link:` paths, as parsed paths (empty without `link`).
  var links: [FactorPath] = []

  enum Keys: String, CodingKey, CaseIterable {
    case levels, from, to, step, low, high, integer, link
  }

  /// The most levels a `{from, to, step}` range may have.
  static let maxLevels = 1_000_000

  /// The largest magnitude of integer bounds: whole numbers beyond it are written to the
  /// config in floating-point notation, which whole-number keys refuse.
  static let maxInteger = 1e15

  /// A finite number at `key`.
  static func finite(
    _ c: KeyedDecodingContainer<Keys>, _ key: Keys, _ decoder: any Decoder
  ) throws -> Double {
    let x = try c.decode(Double.self, forKey: key)
    guard x.isFinite else { throw decoder.issue(key, "must be a finite number, found \(x)") }
    return x
  }

  /// A list of numbers or of names, or nil when the value is not a list of either.
  static func list(_ decoder: any Decoder) throws -> (values: [Double], labels: [String]?)? {
    if let list = try? decoder.singleValueContainer().decode([Double].self) {
      guard !list.isEmpty else {
        throw ConfigIssue(path: decoder.codingPath, message: "an empty list of levels")
      }
      if let bad = list.firstIndex(where: { !$0.isFinite }) {
        throw ConfigIssue(
          path: decoder.codingPath + [AnyKey(intValue: bad)],
          message: "level \(bad + 1) is \(list[bad]); levels must be finite numbers")
      }
      return (list, nil)
    }
    if let names = try? decoder.singleValueContainer().decode([String].self) {
      guard !names.isEmpty else {
        throw ConfigIssue(path: decoder.codingPath, message: "an empty list of levels")
      }
      return (names.indices.map(Double.init), names)
    }
    return nil
  }

  init(from decoder: any Decoder) throws {
    if let (list, names) = try Self.list(decoder) {
      values = .levels(list)
      integer = names != nil
      labels = names
      return
    }
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    integer = try c.decodeIfPresent(Bool.self, forKey: .integer) ?? false
    if c.contains(.link) {
      let texts = try c.decode([String].self, forKey: .link)
      guard !texts.isEmpty else {
        throw decoder.issue(Keys.link, "an empty list; link names the config paths to set")
      }
      for (i, text) in texts.enumerated() {
        guard let path = FactorPath(text) else {
          throw ConfigIssue(
            path: decoder.codingPath + [Keys.link, AnyKey(intValue: i)],
            message:
              "'\(text)' is not a config path such as theta, evidence.trials or "
              + "nations[A].agents[b].outside")
        }
        if let first = links.firstIndex(of: path) {
          throw ConfigIssue(
            path: decoder.codingPath + [Keys.link, AnyKey(intValue: i)],
            message: "'\(text)' is linked twice (also entry \(first + 1))")
        }
        links.append(path)
      }
    }
    let forms = [
      c.contains(.levels), c.contains(.from) || c.contains(.to) || c.contains(.step),
      c.contains(.low) || c.contains(.high),
    ]
    guard forms.filter({ $0 }).count <= 1 else {
      throw ConfigIssue(
        path: decoder.codingPath,
        message: "give one of levels, {from, to, step} and {low, high}, not several")
    }
    if c.contains(.levels) {
      let inner = try c.superDecoder(forKey: .levels)
      guard let (list, names) = try Self.list(inner) else {
        throw decoder.issue(Keys.levels, "expected a list of numbers or of names")
      }
      values = .levels(list)
      if names != nil { integer = true }
      labels = names
    } else if c.contains(.from) || c.contains(.to) || c.contains(.step) {
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
      if integer {
        // Whole numbers below 1e15 keep `high - low + 1` (the number of values) exact.
        for (key, x) in [(Keys.low, low), (Keys.high, high)]
        where x != x.rounded() || abs(x) >= Self.maxInteger {
          throw decoder.issue(
            key,
            "integer: true takes whole-number bounds in (-1e15, 1e15), found \(x)")
        }
      }
      values = .bounds(low: low, high: high)
    } else {
      throw ConfigIssue(
        path: decoder.codingPath,
        message: "expected a list of levels, {levels}, {from, to, step} or {low, high}")
    }
  }
}
