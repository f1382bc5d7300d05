/// One ratification rule, from accord or any package: the share of a nation's weight
/// that wins and who holds a veto.
///
/// A rule is a type with static members, registered under a config name with
/// `RuleRegistry.register(_:name:)`. It is read once, when a simulation starts (and by
/// inspection and the weighted game behind Banzhaf power); the step sees only the
/// ``QuotaRule`` it gives, so no rule code runs per step. See docs/EXTENDING.md for a
/// worked example.
public protocol RatificationRuleDefinition: Sendable {
  /// Whether configs give this rule a `quota`, and its default.
  static var quotaKey: QuotaKey { get }
  /// The winning share of weight (in [1/2, 1]), from the configured quota (nil when the
  /// rule takes none) and the factions' weights.
  static func quota(configured: Double?, weights: [Double]) -> Double
  /// The positions (within the nation) of the factions holding a veto.
  static func vetoPlayers(weights: [Double], executive: Int) -> [Int]
}

extension RatificationRuleDefinition {
  /// A quota rule: the configured quota.
  public static func quota(configured: Double?, weights: [Double]) -> Double {
    configured ?? 0.5
  }
  /// No veto players.
  public static func vetoPlayers(weights: [Double], executive: Int) -> [Int] { [] }
}
