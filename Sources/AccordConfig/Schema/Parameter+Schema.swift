extension Parameter {
  /// A constant in `bounds`, or a one-key distribution whose parameters `problem(in:)`
  /// accepts (a uniform's ends may touch an open end of the range; a beta only where
  /// the range holds [0, 1]).
  static func schema(in bounds: Bounds) -> JSONValue {
    let closed = Bounds(lower: bounds.lower, upper: bounds.upper)
    let betaParameter = Bounds(lower: 0, upper: 1e6, lowerOpen: true)
    var alternatives: [JSONValue] = [SchemaFragment.number(bounds, default: nil)]
    for kind in Kind.allCases {
      let pair: JSONValue
      switch kind {
      case .uniform:
        pair = SchemaFragment.pair(
          SchemaFragment.number(closed, default: nil), SchemaFragment.number(closed, default: nil))
      case .normal:
        pair = SchemaFragment.pair(
          SchemaFragment.number(bounds, default: nil),
          SchemaFragment.number(.nonNegative, default: nil))
      case .beta:
        guard bounds.lower <= 0, bounds.upper >= 1 else { continue }
        pair = SchemaFragment.pair(
          SchemaFragment.number(betaParameter, default: nil),
          SchemaFragment.number(betaParameter, default: nil))
      }
      alternatives.append(SchemaFragment.single(kind.rawValue, pair))
    }
    return .object([("oneOf", .array(alternatives))])
  }
}
