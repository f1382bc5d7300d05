/// How a set of power indices was computed.
public enum PowerMethod: String, Sendable, Codable, CaseIterable {
  /// Dynamic programming over weight sums (generating functions): exact.
  case exact
  /// Monte Carlo: random orderings (Shapley-Shubik) and random coalitions (Banzhaf).
  case sampling
  /// The normal approximation to the others' weight (Banzhaf only; large games).
  case normal = "normal-approximation"
}
