/// A parameter value sent by the page: a number (sliders, seed, steps) or a choice (selects).
package enum ParameterValue: Sendable, Equatable, Decodable {
  case number(Double)
  case choice(String)

  package init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else {
      self = .choice(try c.decode(String.self))
    }
  }
}
