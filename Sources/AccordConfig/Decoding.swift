extension Decoder {
  /// Rejects keys that `K` does not name, suggesting the closest allowed key.
  package func rejectUnknownKeys<K: CodingKey & CaseIterable>(
    _: K.Type, except allowed: [String] = []
  )
    throws
  {
    let container = try self.container(keyedBy: AnyKey.self)
    let names = K.allCases.map(\.stringValue)
    for key in container.allKeys where !names.contains(key.stringValue) {
      throw ConfigIssue(
        path: codingPath + [key],
        message: KeySuggestion.message("key", key.stringValue, allowed: names),
        atKey: true)
    }
  }

  /// An issue at `key` of the value being decoded.
  package func issue(_ key: any CodingKey, _ message: String) -> ConfigIssue {
    ConfigIssue(path: codingPath + [key], message: message)
  }
}

extension KeyedDecodingContainer {
  /// A number in `bounds`, or `fallback` when the key is absent.
  func number(_ key: Key, default fallback: Double, in bounds: Bounds) throws -> Double {
    guard let value = try decodeIfPresent(Double.self, forKey: key) else { return fallback }
    guard bounds.contains(value) else {
      throw ConfigIssue(
        path: codingPath + [key], message: "\(value) is out of range; allowed: \(bounds)")
    }
    return value
  }

  /// A whole number in `range`, or `fallback` when the key is absent.
  package func integer(_ key: Key, default fallback: Int, in range: ClosedRange<Int>) throws -> Int
  {
    guard contains(key) else { return fallback }
    let raw = try decode(Double.self, forKey: key)
    guard raw == raw.rounded(), abs(raw) < 9e15 else {
      throw ConfigIssue(path: codingPath + [key], message: "expected a whole number, found \(raw)")
    }
    let value = Int(raw)
    guard range.contains(value) else {
      let upper = range.upperBound == Int.max ? "inf" : "\(range.upperBound)"
      throw ConfigIssue(
        path: codingPath + [key],
        message: "\(value) is out of range; allowed: [\(range.lowerBound), \(upper)]")
    }
    return value
  }

  /// One of an enumeration's spellings, or `fallback` when the key is absent.
  package func choice<E: RawRepresentable & CaseIterable>(_ key: Key, default fallback: E) throws
    -> E
  where E.RawValue == String {
    guard let raw = try decodeIfPresent(String.self, forKey: key) else { return fallback }
    guard let value = E(rawValue: raw) else {
      throw ConfigIssue(
        path: codingPath + [key],
        message: KeySuggestion.message("value", raw, allowed: E.allCases.map(\.rawValue)))
    }
    return value
  }

  /// A distribution or constant for a per-agent field, checked against `bounds`.
  func parameter(_ key: Key, default fallback: Parameter?, in bounds: Bounds) throws -> Parameter? {
    guard let value = try decodeIfPresent(Parameter.self, forKey: key) else { return fallback }
    if let problem = value.problem(in: bounds) {
      throw ConfigIssue(path: codingPath + [key], message: problem)
    }
    return value
  }

  /// Per-issue parameters: one for every issue, or a list; each checked against `bounds`.
  func perIssue(_ key: Key, default fallback: Parameter, in bounds: Bounds) throws -> OneOrMany<
    Parameter
  > {
    guard let value = try decodeIfPresent(OneOrMany<Parameter>.self, forKey: key) else {
      return OneOrMany([fallback])
    }
    for (k, v) in value.values.enumerated() {
      if let problem = v.problem(in: bounds) {
        throw ConfigIssue(
          path: codingPath + [key] + (value.values.count > 1 ? [AnyKey(intValue: k)] : []),
          message: problem)
      }
    }
    return value
  }

  package func flag(_ key: Key, default fallback: Bool) throws -> Bool {
    try decodeIfPresent(Bool.self, forKey: key) ?? fallback
  }
}
