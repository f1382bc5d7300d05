import AccordNumerics

/// A per-agent value in a config: a constant, or a distribution drawn per agent.
///
/// Written as a number (`ideal: 0.3`) or a one-key mapping: `{uniform: [low, high]}`,
/// `{normal: [mean, sd]}` or `{beta: [a, b]}`. Normal draws are clamped into the
/// field's allowed range.
public enum Parameter: Sendable, Equatable, Codable {
  case constant(Double)
  case uniform(Double, Double)
  case normal(mean: Double, sd: Double)
  case beta(Double, Double)

  enum Kind: String, CodingKey, CaseIterable {
    case uniform, normal, beta
  }

  /// Decodes a number or a one-key distribution (`uniform`, `normal` or `beta`).
  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let x = try? single.decode(Double.self) {
      self = .constant(x)
      return
    }
    guard let container = try? decoder.container(keyedBy: AnyKey.self) else {
      throw ConfigIssue(
        path: decoder.codingPath,
        message:
          "expected a number or a distribution such as {uniform: [0, 1]}, {normal: [0.5, 0.1]} or {beta: [2, 2]}"
      )
    }
    let keys = container.allKeys
    guard keys.count == 1, let key = keys.first else {
      throw ConfigIssue(
        path: decoder.codingPath,
        message: "a distribution has exactly one key: uniform, normal or beta")
    }
    guard let kind = Kind(rawValue: key.stringValue) else {
      throw ConfigIssue(
        path: decoder.codingPath + [key],
        message: KeySuggestion.message(
          "distribution", key.stringValue, allowed: Kind.allCases.map(\.rawValue)),
        atKey: true)
    }
    let pair: [Double]
    do {
      pair = try container.decode([Double].self, forKey: key)
    } catch {
      throw ConfigIssue(
        path: decoder.codingPath + [key], message: "expected two numbers, e.g. [0, 1]")
    }
    guard pair.count == 2 else {
      throw ConfigIssue(
        path: decoder.codingPath + [key], message: "expected two numbers, found \(pair.count)")
    }
    switch kind {
    case .uniform: self = .uniform(pair[0], pair[1])
    case .normal: self = .normal(mean: pair[0], sd: pair[1])
    case .beta: self = .beta(pair[0], pair[1])
    }
  }

  /// Encodes a number as a scalar and a distribution as its one-key mapping.
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .constant(let x):
      var c = encoder.singleValueContainer()
      try c.encode(x)
    case .uniform(let a, let b):
      var c = encoder.container(keyedBy: Kind.self)
      try c.encode([a, b], forKey: .uniform)
    case .normal(let m, let s):
      var c = encoder.container(keyedBy: Kind.self)
      try c.encode([m, s], forKey: .normal)
    case .beta(let a, let b):
      var c = encoder.container(keyedBy: Kind.self)
      try c.encode([a, b], forKey: .beta)
    }
  }

  /// What is wrong with this value for a field allowed in `bounds`, if anything.
  func problem(in bounds: Bounds) -> String? {
    switch self {
    case .constant(let x):
      return bounds.contains(x) ? nil : "\(x) is out of range; allowed: \(bounds)"
    case .uniform(let a, let b):
      guard a.isFinite, b.isFinite else {
        return "uniform bounds must be finite numbers, found [\(a), \(b)]; allowed: \(bounds)"
      }
      guard a <= b else { return "uniform bounds out of order: [\(a), \(b)]" }
      guard (b - a).isFinite else {
        return "uniform [\(a), \(b)] is wider than 1.8e308, so its draws overflow"
      }
      guard bounds.contains(a) || (a == bounds.lower && bounds.lowerOpen && a < b),
        bounds.contains(b) || (b == bounds.upper && bounds.upperOpen && a < b)
      else { return "uniform [\(a), \(b)] leaves the allowed range \(bounds)" }
      return nil
    case .normal(let m, let s):
      guard s >= 0, s.isFinite else { return "normal sd must be >= 0, found \(s)" }
      return bounds.contains(m) ? nil : "normal mean \(m) is out of range; allowed: \(bounds)"
    case .beta(let a, let b):
      // Past 1e6 GSL's gamma draws lose all spread; infinity gives NaN draws.
      guard a > 0, b > 0, a <= 1e6, b <= 1e6 else {
        return "beta parameters are out of range, found [\(a), \(b)]; allowed: (0, 1e6]"
      }
      guard bounds.lower <= 0, bounds.upper >= 1 else {
        return "beta draws lie in [0, 1], which leaves the allowed range \(bounds)"
      }
      return nil
    }
  }

  /// The smallest and largest values a draw can take in `bounds`; a normal's tails are
  /// cut at 40 standard deviations, beyond which no double-precision draw falls.
  func support(in bounds: Bounds) -> (lower: Double, upper: Double) {
    switch self {
    case .constant(let x): return (x, x)
    case .uniform(let a, let b): return (a, b)
    case .normal(let m, let s):
      return (bounds.clamp(m - 40 * s), bounds.clamp(m + 40 * s))
    case .beta: return (bounds.clamp(0), bounds.clamp(1))
    }
  }

  /// One value for one agent; constants draw nothing from the stream.
  func draw(_ random: borrowing RandomStream, in bounds: Bounds) -> Double {
    switch self {
    case .constant(let x): return x
    case .uniform(let a, let b): return bounds.clamp(a == b ? a : random.uniform(low: a, high: b))
    case .normal(let m, let s): return bounds.clamp(random.gaussian(mean: m, sd: s))
    case .beta(let a, let b): return bounds.clamp(random.beta(a: a, b: b))
    }
  }
}
