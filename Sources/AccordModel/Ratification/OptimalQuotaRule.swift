/// The optimal quota (Slomczynski and Zyczkowski 2006): the weighted majority whose
/// quota makes each faction's Banzhaf power close to proportional to its weight.
///
/// With weight shares `s_i = w_i / W`, the quota is `q = (1 + sqrt(sum s_i^2)) / 2`:
/// the weight of a random coalition has mean `W / 2` and standard deviation
/// `W sqrt(sum s_i^2) / 2`, and a quota one standard deviation above the mean makes the
/// swings nearly proportional to the weights (the rule behind the "Jagiellonian
/// compromise" proposed for the EU Council, where weights are square roots of
/// populations). Equal weights give `(1 + 1 / sqrt(n)) / 2`; a single faction, 1. The
/// quota follows from the weights, so configs give none; there are no veto players.
///
/// Slomczynski, W. and Zyczkowski, K. (2006), "Penrose voting system and optimal
/// quota", Acta Physica Polonica B 37(11), 3133-3143.
enum OptimalQuotaRule: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.none

  static func quota(configured: Double?, weights: [Double]) -> Double {
    let total = weights.reduce(0, +)
    guard total > 0 else { return 0.5 }
    let squares = weights.reduce(0) { $0 + ($1 / total) * ($1 / total) }
    return min(1, max(0.5, (1 + squares.squareRoot()) / 2))
  }
}

extension RatificationRule {
  /// A quota of `(1 + sqrt(sum s_i^2)) / 2` of the weight, for weight shares `s_i`.
  public static let optimalQuota = RatificationRule(.optimalQuota)
}
