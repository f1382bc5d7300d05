/// How a nation ratifies a deal: a rule from the registry (``RatificationKind``) and its
/// configured quota.
///
/// A rule becomes, for a given nation, a share of its weight that wins
/// (``quota(weights:)``) and a set of veto players
/// (``vetoPlayers(weights:executive:)``); every phase of the step sees it only as that
/// ``QuotaRule``. The rules themselves (`MajorityRule`, `SupermajorityRule`, ...) each
/// live in their own file; see docs/EXTENDING.md to add one.
public struct RatificationRule: Sendable, Equatable {
  /// Which rule.
  public let kind: RatificationKind
  /// The configured quota (a fraction of weight in ``quotaRange``), or nil for a rule
  /// that takes none.
  public let configuredQuota: Double?

  /// The quotas a rule may be given: more than half of the weight, at most all of it.
  public static let quotaRange: ClosedRange<Double> = 0.5...1

  /// The rule `kind` with quota `quota` (nil: the rule's default, or none).
  ///
  /// A quota is kept only for rules that take one (``RatificationKind/quotaKey``); a
  /// required quota that is missing defaults to 2/3, as the config layer never lets
  /// that happen.
  public init(_ kind: RatificationKind, quota: Double? = nil) {
    self.kind = kind
    switch kind.quotaKey {
    case .none: configuredQuota = nil
    case .optional(let fallback): configuredQuota = quota ?? fallback
    case .required: configuredQuota = quota ?? 2.0 / 3
    }
  }

  /// The winning share of the nation's weight, given its factions' weights (in [1/2, 1];
  /// 1/2 means more than half).
  public func quota(weights: [Double]) -> Double {
    kind.definition.quota(configured: configuredQuota, weights: weights)
  }

  /// The positions (0-based, within the nation) of the factions holding a veto, given
  /// the factions' weights and the executive's position.
  ///
  /// The one place a rule's veto players are defined: the step's quota rules
  /// (`Simulation`), the weighted game behind Banzhaf power and inspection all read it.
  public func vetoPlayers(weights: [Double], executive: Int) -> [Int] {
    kind.definition.vetoPlayers(weights: weights, executive: executive)
  }

  /// The rule's name as configs spell it.
  public var name: String { kind.rawValue }
}
