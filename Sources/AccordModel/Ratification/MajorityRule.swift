/// Simple majority: more than half of the weight, no veto players.
enum MajorityRule: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.none
}

extension RatificationRule {
  /// More than half of the weight.
  public static let majority = RatificationRule(.majority)
}
