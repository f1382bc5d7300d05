import Accord

/// Three quarters of the weight, with the nation's heaviest faction as its one veto player.
///
/// The first listed faction wins a tie for heaviest. Configs give this rule no `quota`.
public enum HeaviestVeto: RatificationRuleDefinition {
  /// Configs give this rule no `quota`.
  public static let quotaKey = QuotaKey.none

  /// Three quarters of the weight, whatever the config says.
  public static func quota(configured: Double?, weights: [Double]) -> Double { 0.75 }

  /// The heaviest faction (the first listed on a tie).
  public static func vetoPlayers(weights: [Double], executive: Int) -> [Int] {
    guard var heaviest = weights.indices.first else { return [] }
    for i in weights.indices where weights[i] > weights[heaviest] { heaviest = i }
    return [heaviest]
  }
}
