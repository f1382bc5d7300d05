import Foundation

/// A JSON Schema validator for the subset `accord schema` emits (draft-07): types,
/// numeric bounds, enums, objects (properties, required, additionalProperties,
/// patternProperties, propertyNames, minProperties), arrays (items, tuples, sizes, uniqueness), patterns and
/// the combinators allOf, anyOf, oneOf, not and if/then/else.
struct SchemaValidator {
  /// The problems of `value` against `schema`, each with its path; empty when it is valid.
  static func problems(_ value: SchemaInstance, _ schema: SchemaInstance, at path: String = "")
    -> [String]
  {
    guard case .object(let s) = schema else {
      if case .bool(false) = schema { return ["\(path): no value is allowed"] }
      return []
    }
    var out: [String] = []
    func fail(_ message: String) { out.append("\(path.isEmpty ? "(top)" : path): \(message)") }

    if let type = s["type"] {
      let types: [String]
      switch type {
      case .string(let t): types = [t]
      case .array(let list):
        types = list.compactMap { if case .string(let t) = $0 { t } else { nil } }
      default: types = []
      }
      if !types.contains(where: { matches(value, type: $0) }) {
        fail("expected \(types.joined(separator: " or ")), found \(describe(value))")
        return out
      }
    }
    if case .array(let allowed)? = s["enum"], !allowed.contains(value) {
      fail("\(describe(value)) is not one of the allowed values")
    }
    if let constant = s["const"], constant != value { fail("expected \(describe(constant))") }
    if case .number(let x) = value {
      if let m = s["minimum"]?.number, x < m { fail("\(x) is below the minimum \(m)") }
      if let m = s["maximum"]?.number, x > m { fail("\(x) is above the maximum \(m)") }
      if let m = s["exclusiveMinimum"]?.number, x <= m { fail("\(x) is not above \(m)") }
      if let m = s["exclusiveMaximum"]?.number, x >= m { fail("\(x) is not below \(m)") }
    }
    if case .string(let text) = value {
      if let n = s["minLength"]?.number, Double(text.count) < n { fail("too short") }
      if case .string(let pattern)? = s["pattern"], !matches(text, pattern) {
        fail("'\(text)' does not match \(pattern)")
      }
    }
    if case .object(let o) = value {
      var properties: [String: SchemaInstance] = [:]
      if case .object(let p)? = s["properties"] { properties = p }
      if case .array(let required)? = s["required"] {
        for case .string(let key) in required where o[key] == nil {
          fail("missing required key '\(key)'")
        }
      }
      if let n = s["minProperties"]?.number, Double(o.count) < n {
        fail("needs at least \(Int(n)) keys")
      }
      for key in o.keys.sorted() {
        guard let v = o[key] else { continue }
        let sub = path.isEmpty ? key : "\(path).\(key)"
        if let names = s["propertyNames"] {
          out += problems(.string(key), names, at: sub).map { "\($0) (key name)" }
        }
        // patternProperties: every pattern the key matches applies; additionalProperties
        // only to keys that match neither a property nor a pattern.
        var patterned = false
        if case .object(let patterns)? = s["patternProperties"] {
          for (pattern, schema) in patterns.sorted(by: { $0.key < $1.key })
          where matches(key, pattern) {
            patterned = true
            out += problems(v, schema, at: sub)
          }
        }
        if let p = properties[key] {
          out += problems(v, p, at: sub)
        } else if !patterned, let extra = s["additionalProperties"] {
          if case .bool(false) = extra {
            out.append("\(sub): unknown key")
          } else {
            out += problems(v, extra, at: sub)
          }
        }
      }
    }
    if case .array(let items) = value {
      if let n = s["minItems"]?.number, Double(items.count) < n {
        fail("needs at least \(Int(n)) items")
      }
      if let n = s["maxItems"]?.number, Double(items.count) > n {
        fail("takes at most \(Int(n)) items")
      }
      if case .bool(true)? = s["uniqueItems"] {
        for (i, item) in items.enumerated() where items[..<i].contains(item) {
          fail("item \(i) repeats")
        }
      }
      switch s["items"] {
      case .array(let tuple)?:
        for (i, (item, sub)) in zip(items, tuple).enumerated() {
          out += problems(item, sub, at: "\(path)[\(i)]")
        }
      case let sub?:
        for (i, item) in items.enumerated() { out += problems(item, sub, at: "\(path)[\(i)]") }
      case nil: break
      }
    }
    if case .array(let all)? = s["allOf"] {
      for sub in all { out += problems(value, sub, at: path) }
    }
    if case .array(let any)? = s["anyOf"],
      !any.contains(where: { problems(value, $0, at: path).isEmpty })
    {
      fail("matches none of anyOf")
    }
    if case .array(let one)? = s["oneOf"] {
      let passing = one.filter { problems(value, $0, at: path).isEmpty }.count
      if passing != 1 {
        fail(
          passing == 0 ? "matches none of oneOf: \(describe(value))" : "matches \(passing) of oneOf"
        )
      }
    }
    if let not = s["not"], problems(value, not, at: path).isEmpty { fail("matches a 'not' schema") }
    if let test = s["if"] {
      if problems(value, test, at: path).isEmpty {
        if let then = s["then"] { out += problems(value, then, at: path) }
      } else if let otherwise = s["else"] {
        out += problems(value, otherwise, at: path)
      }
    }
    return out
  }

  static func matches(_ value: SchemaInstance, type: String) -> Bool {
    switch (type, value) {
    case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
      ("array", .array), ("object", .object):
      return true
    case ("integer", .number(let x)): return x == x.rounded() && x.isFinite
    default: return false
    }
  }

  static func matches(_ text: String, _ pattern: String) -> Bool {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
    return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }

  static func describe(_ value: SchemaInstance) -> String {
    switch value {
    case .null: "null"
    case .bool(let b): "\(b)"
    case .number(let x): "\(x)"
    case .string(let s): "'\(s)'"
    case .array: "a list"
    case .object: "a mapping"
    }
  }
}
