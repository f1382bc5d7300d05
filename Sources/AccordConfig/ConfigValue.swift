package import Yams

/// A YAML value as typed JSON: what `summary.json` records for a `--set` override.
///
/// Scalars are resolved as YAML 1.2's core schema reads them (`0.5` a number, `true` a
/// boolean, `null` null, anything else a string), so the record says what the config saw.
package indirect enum ConfigValue: Encodable, Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case list([ConfigValue])
  case mapping([String: ConfigValue])

  package init(_ node: Node) {
    switch node {
    case .scalar(let scalar):
      if scalar.style != .plain {
        self = .string(scalar.string)
      } else if let b = node.bool {
        self = .bool(b)
      } else if let i = node.int {
        self = .integer(i)
      } else if let x = node.float {
        self = .number(x)
      } else if node.null != nil {
        self = .null
      } else {
        self = .string(scalar.string)
      }
    case .sequence(let sequence): self = .list(sequence.map(ConfigValue.init))
    case .mapping(let mapping):
      var pairs: [String: ConfigValue] = [:]
      for (key, value) in mapping { pairs[key.string ?? ""] = ConfigValue(value) }
      self = .mapping(pairs)
    case .alias: self = .null
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .integer(let i): try c.encode(i)
    case .number(let x): try c.encode(x)
    case .string(let s): try c.encode(s)
    case .list(let l): try c.encode(l)
    case .mapping(let m): try c.encode(m)
    }
  }
}
