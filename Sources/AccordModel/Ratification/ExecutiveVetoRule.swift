/// A quota rule plus the executive's support: the executive is the one veto player.
enum ExecutiveVetoRule: RatificationRuleDefinition {
  static let quotaKey = QuotaKey.optional(default: 0.5)

  static func vetoPlayers(weights: [Double], executive: Int) -> [Int] { [executive] }
}

extension RatificationRule {
  /// A quota rule (`quota` in [1/2, 1]; 1/2 means more than half) plus the executive's support.
  public static func executiveVeto(quota: Double) -> RatificationRule {
    RatificationRule(.executiveVeto, quota: quota)
  }
}
