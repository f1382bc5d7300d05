/// A qualified majority: at least the configured share of the weight, no veto players.
enum SupermajorityRule: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.required
}

extension RatificationRule {
  /// At least the fraction `quota` (in [1/2, 1]) of the weight.
  public static func supermajority(quota: Double) -> RatificationRule {
    RatificationRule(.supermajority, quota: quota)
  }
}
