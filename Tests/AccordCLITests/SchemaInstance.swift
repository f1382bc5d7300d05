import Foundation

/// A JSON or YAML value as a schema sees it (object key order does not matter here).
indirect enum SchemaInstance: Decodable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([SchemaInstance])
  case object([String: SchemaInstance])

  init(from decoder: any Decoder) throws {
    if let c = try? decoder.container(keyedBy: Key.self) {
      var object: [String: SchemaInstance] = [:]
      for key in c.allKeys {
        object[key.stringValue] = try c.decode(SchemaInstance.self, forKey: key)
      }
      self = .object(object)
    } else if var c = try? decoder.unkeyedContainer() {
      var items: [SchemaInstance] = []
      while !c.isAtEnd { items.append(try c.decode(SchemaInstance.self)) }
      self = .array(items)
    } else {
      let c = try decoder.singleValueContainer()
      if c.decodeNil() {
        self = .null
      } else if let b = try? c.decode(Bool.self) {
        self = .bool(b)
      } else if let x = try? c.decode(Double.self) {
        self = .number(x)
      } else {
        self = .string(try c.decode(String.self))
      }
    }
  }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  subscript(key: String) -> SchemaInstance? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  var number: Double? {
    if case .number(let x) = self { return x }
    return nil
  }
}
