import AccordModel

extension Decoder {
  /// Rejects keys that `K` does not name, suggesting the closest allowed key.
  package func rejectUnknownKeys<K: CodingKey & CaseIterable>(
    _: K.Type, except allowed: [String] = []
  )
    throws
  {
    let names = K.allCases.map(\.stringValue)
    SchemaRecorder.current?.close(codingPath, keys: names + allowed)
    let container = try self.container(keyedBy: AnyKey.self)
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
    SchemaRecorder.current?.describe(
      codingPath + [key], SchemaFragment.number(bounds, default: fallback))
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
    SchemaRecorder.current?.describe(
      codingPath + [key],
      SchemaFragment.integer(range, default: range.contains(fallback) ? fallback : nil),
      sample: Double(min(max(fallback, range.lowerBound), range.upperBound)))
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
    try choice(key, default: fallback, among: Array(E.allCases))
  }

  /// One of `allowed` by its spelling (a ``RuleRegistry``'s rules of one kind, in order),
  /// or `fallback` when the key is absent.
  package func choice<E: RawRepresentable>(_ key: Key, default fallback: E, among allowed: [E])
    throws -> E
  where E.RawValue == String {
    let names = allowed.map(\.rawValue)
    SchemaRecorder.current?.choice(codingPath + [key], values: names, fallback: fallback.rawValue)
    guard let raw = try decodeIfPresent(String.self, forKey: key) else { return fallback }
    guard let value = allowed.first(where: { $0.rawValue == raw }) else {
      throw ConfigIssue(
        path: codingPath + [key], message: KeySuggestion.message("value", raw, allowed: names))
    }
    return value
  }

  /// A distribution or constant for a per-agent field, checked against `bounds`.
  func parameter(_ key: Key, default fallback: Parameter?, in bounds: Bounds) throws -> Parameter? {
    if let recorder = SchemaRecorder.current {
      var schema = Parameter.schema(in: bounds)
      if case .constant(let x) = fallback { schema = schema.setting("default", .number(x)) }
      recorder.describe(codingPath + [key], schema)
    }
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
    SchemaRecorder.current?.describe(
      codingPath + [key], SchemaFragment.perIssue(Parameter.schema(in: bounds)))
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

  /// A true/false value, or `fallback` when the key is absent.
  package func flag(_ key: Key, default fallback: Bool) throws -> Bool {
    SchemaRecorder.current?.describe(codingPath + [key], SchemaFragment.boolean(default: fallback))
    return try decodeIfPresent(Bool.self, forKey: key) ?? fallback
  }

  /// One of `allowed`, or `fallback` when the key is absent.
  ///
  /// The spellings are known only at run time (such as GSL's generators); `noun` names what is chosen in the message. The
  /// schema lists the values but does not explore them: they pick a setting, not which
  /// other keys apply.
  package func choice(_ key: Key, default fallback: String, among allowed: [String], noun: String)
    throws -> String
  {
    SchemaRecorder.current?.choice(
      codingPath + [key], values: allowed, fallback: fallback, branches: false)
    guard let value = try decodeIfPresent(String.self, forKey: key) else { return fallback }
    guard allowed.contains(value) else {
      throw ConfigIssue(
        path: codingPath + [key], message: KeySuggestion.message(noun, value, allowed: allowed))
    }
    return value
  }

  /// Per-issue numbers: one for every issue, or a list; each checked against `bounds`.
  func perIssueNumber(_ key: Key, default fallback: Double, in bounds: Bounds) throws
    -> OneOrMany<Double>
  {
    SchemaRecorder.current?.describe(
      codingPath + [key], SchemaFragment.perIssue(SchemaFragment.number(bounds, default: fallback)))
    guard let value = try decodeIfPresent(OneOrMany<Double>.self, forKey: key) else {
      return OneOrMany([fallback])
    }
    for (k, x) in value.values.enumerated() where !bounds.contains(x) {
      throw ConfigIssue(
        path: codingPath + [key] + (value.values.count > 1 ? [AnyKey(intValue: k)] : []),
        message: "\(x) is out of range; allowed: \(bounds)")
    }
    return value
  }
}

extension Decoder {
  /// The rules this config's names resolve in: the loader's registry, or the built-ins.
  var rules: RuleRegistry { RuleRegistry.in(userInfo) }
}
