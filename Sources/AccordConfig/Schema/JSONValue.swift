import AccordEscaping

/// A JSON document with ordered object keys, so that a generated schema prints the same
/// bytes every time and in declaration order.
package enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  package static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value at `key` of an object (nil for other values or a missing key).
  package subscript(key: String) -> JSONValue? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  /// This object with `key` set to `value` (replaced in place, or appended).
  package func setting(_ key: String, _ value: JSONValue) -> JSONValue {
    guard case .object(var pairs) = self else { return self }
    if let i = pairs.firstIndex(where: { $0.0 == key }) {
      pairs[i].1 = value
    } else {
      pairs.append((key, value))
    }
    return .object(pairs)
  }

  /// This object without `key`.
  package func removing(_ key: String) -> JSONValue {
    guard case .object(let pairs) = self else { return self }
    return .object(pairs.filter { $0.0 != key })
  }

  package var double: Double? {
    if case .number(let x) = self { return x }
    return nil
  }

  package var text: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  package var list: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// Pretty-printed JSON, two spaces per level, ending in a newline.
  package var pretty: String {
    var out = ""
    write(&out, indent: "")
    return out + "\n"
  }

  private func write(_ out: inout String, indent: String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += Self.format(x)
    case .string(let s): out += Self.quote(s)
    case .array(let items):
      // Short lists of scalars stay on one line (enums, bounds pairs).
      if items.allSatisfy(\.isScalar) {
        var line = "["
        for (i, item) in items.enumerated() {
          if i > 0 { line += ", " }
          item.write(&line, indent: "")
        }
        out += line + "]"
        return
      }
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += indent + "  "
        item.write(&out, indent: indent + "  ")
        out += i + 1 < items.count ? ",\n" : "\n"
      }
      out += indent + "]"
    case .object(let pairs):
      guard !pairs.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      for (i, (key, value)) in pairs.enumerated() {
        out += indent + "  " + Self.quote(key) + ": "
        value.write(&out, indent: indent + "  ")
        out += i + 1 < pairs.count ? ",\n" : "\n"
      }
      out += indent + "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  /// Whole numbers without a fraction; others in Swift's shortest round-trip form.
  static func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
  }

  /// `s` as a JSON string literal, every control character escaped (``Escape/json(_:)``).
  package static func quote(_ s: String) -> String { Escape.json(s) }
}
