/// The JSON Schema (draft-07) of each kind of config value the helpers read.
package enum SchemaFragment {
  static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(pairs) }

  /// `type: number` with the bounds' ends (infinite ends left out).
  static func number(_ bounds: Bounds, default fallback: Double?) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("type", .string("number"))]
    pairs += limits(bounds)
    if let fallback { pairs.append(("default", .number(fallback))) }
    return .object(pairs)
  }

  /// The `minimum`/`exclusiveMinimum` and `maximum`/`exclusiveMaximum` of `bounds`.
  static func limits(_ bounds: Bounds) -> [(String, JSONValue)] {
    var pairs: [(String, JSONValue)] = []
    if bounds.lower.isFinite {
      pairs.append((bounds.lowerOpen ? "exclusiveMinimum" : "minimum", .number(bounds.lower)))
    }
    if bounds.upper.isFinite {
      pairs.append((bounds.upperOpen ? "exclusiveMaximum" : "maximum", .number(bounds.upper)))
    }
    return pairs
  }

  static func integer(_ range: ClosedRange<Int>, default fallback: Int?) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("type", .string("integer")), ("minimum", .number(Double(range.lowerBound))),
    ]
    if range.upperBound != Int.max { pairs.append(("maximum", .number(Double(range.upperBound)))) }
    if let fallback { pairs.append(("default", .number(Double(fallback)))) }
    return .object(pairs)
  }

  static func choice(_ values: [String], default fallback: String?) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("type", .string("string")), ("enum", .array(values.map(JSONValue.string))),
    ]
    if let fallback { pairs.append(("default", .string(fallback))) }
    return .object(pairs)
  }

  static func boolean(default fallback: Bool) -> JSONValue {
    .object([("type", .string("boolean")), ("default", .bool(fallback))])
  }

  /// A list of exactly two numbers, each with its own schema.
  static func pair(_ first: JSONValue, _ second: JSONValue) -> JSONValue {
    .object([
      ("type", .string("array")), ("items", .array([first, second])),
      ("minItems", .number(2)), ("maxItems", .number(2)),
    ])
  }

  /// `{key: value}` and nothing else.
  static func single(_ key: String, _ value: JSONValue) -> JSONValue {
    .object([
      ("type", .string("object")), ("properties", .object([(key, value)])),
      ("required", .array([.string(key)])), ("additionalProperties", .bool(false)),
    ])
  }

  /// One value, or a non-empty list of one per issue.
  static func perIssue(_ value: JSONValue) -> JSONValue {
    .object([
      (
        "oneOf",
        .array([
          value,
          .object([("type", .string("array")), ("items", value), ("minItems", .number(1))]),
        ])
      )
    ])
  }
}
