/// Unanimity: every faction with positive weight is a veto player.
enum UnanimityRule: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.none

  static func quota(configured: Double?, weights: [Double]) -> Double { 1 }

  static func vetoPlayers(weights: [Double], executive: Int) -> [Int] {
    weights.indices.filter { weights[$0] > 0 }
  }
}

extension RatificationRule {
  /// Every faction with positive weight is a veto player.
  public static let unanimity = RatificationRule(.unanimity)
}
