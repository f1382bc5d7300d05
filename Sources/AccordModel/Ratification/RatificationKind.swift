/// The registry of ratification rules (MODEL.md section 2): a new rule adds its case
/// here (the raw value is its name in configs) and one line to `definition`.
///
/// Config decoding and validation read `allCases` and ``quotaKey``, so a registered
/// rule is accepted by `accord validate` and `accord run` with nothing else to change.
public enum RatificationKind: String, Sendable, CaseIterable, Codable {
  /// More than half of the weight.
  case majority
  /// At least the fraction `quota` (in [1/2, 1]) of the weight.
  case supermajority
  /// Every faction with positive weight is a veto player.
  case unanimity
  /// A quota rule (`quota` in [1/2, 1]; 1/2 means more than half) plus the executive's support.
  case executiveVeto = "executive-veto"
  /// The quota that makes Banzhaf power track weight (Slomczynski and Zyczkowski 2006).
  case optimalQuota = "optimal-quota"

  /// The rule's code.
  var definition: any RatificationRuleDefinition.Type {
    switch self {
    case .majority: MajorityRule.self
    case .supermajority: SupermajorityRule.self
    case .unanimity: UnanimityRule.self
    case .executiveVeto: ExecutiveVetoRule.self
    case .optimalQuota: OptimalQuotaRule.self
    }
  }

  /// Whether configs give this rule a `quota`, and its default.
  public var quotaKey: QuotaKey { definition.quotaKey }
}
