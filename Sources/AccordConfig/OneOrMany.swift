/// A config value given once for every issue, or as a list with one value per issue.
public struct OneOrMany<Element: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  /// The values, one per issue (or a single value for every issue).
  public var values: [Element]

  /// The given values.
  public init(_ values: [Element]) { self.values = values }

  /// Decodes a single value or a list.
  public init(from decoder: any Decoder) throws {
    if let list = try? decoder.singleValueContainer().decode([Element].self) {
      guard !list.isEmpty else {
        throw ConfigIssue(
          path: decoder.codingPath, message: "an empty list; give one value, or one per issue")
      }
      values = list
    } else {
      values = [try decoder.singleValueContainer().decode(Element.self)]
    }
  }

  /// Encodes one value as a scalar, several as a list.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if values.count == 1 { try c.encode(values[0]) } else { try c.encode(values) }
  }

  /// The value for issue `k` (the single value serves every issue).
  public subscript(k: Int) -> Element { values.count == 1 ? values[0] : values[k] }
}
