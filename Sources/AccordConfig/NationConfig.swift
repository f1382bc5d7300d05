public import AccordModel

/// A ratification rule a config names (its ``RuleRegistry`` says which exist).
public typealias RuleName = RatificationKind

/// One entry of `nations:`.
public struct NationConfig: Codable, Sendable, Equatable {
  /// The nation's name, used in column names (`name`).
  public var name: String
  /// The ratification rule (`rule`).
  public var rule = RuleName.majority
  /// The share of weight a ratification needs, for the rules that take one (`quota`).
  public var quota: Double?
  /// The Nash bargaining weight `omega_n` (`bargaining_weight`).
  public var bargainingWeight = 1.0
  /// The executives' error sd `sigma_n` in judging this nation's win-set (`judgement_noise`).
  public var judgementNoise = 0.0
  /// This nation's own executive's judgement error (`own_judgement_noise`).
  ///
  /// Set: every executive judges this nation's win-set with its own error, this
  /// nation's own executive with this sd (0: exactly). Nil: one shared judgement.
  public var ownJudgementNoise: Double?
  /// The nation's weight under an international quota (`international_weight`).
  public var internationalWeight = 1.0
  /// Internal side-payment efficiency `lambda_sp` (`side_payment_efficiency`; 0: none).
  public var sidePaymentEfficiency = 0.0
  /// False: this nation's negotiator rules out linking issues into packages.
  public var linkage = true
  /// The negotiator's agent name (`executive`; nil: the nation's first agent).
  public var executive: String?
  /// The nation's factions (`agents`).
  public var agents: [AgentGroupConfig]

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name, rule, quota
    case bargainingWeight = "bargaining_weight"
    case judgementNoise = "judgement_noise"
    case ownJudgementNoise = "own_judgement_noise"
    case internationalWeight = "international_weight"
    case sidePaymentEfficiency = "side_payment_efficiency"
    case linkage
    case executive, agents
  }

  /// Decodes an entry, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    guard name.first?.isLetter == true,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
    else {
      throw decoder.issue(
        CodingKeys.name,
        "'\(name)' is not a valid name: use ASCII letters, digits, '_' or '-', starting with a letter"
      )
    }
    rule = try c.choice(.rule, default: .majority, among: decoder.rules.ratificationRules)
    quota = try Self.quota(rule, c, decoder)
    bargainingWeight = try c.number(.bargainingWeight, default: 1, in: .positive)
    judgementNoise = try c.number(.judgementNoise, default: 0, in: .nonNegative)
    if c.contains(.ownJudgementNoise) {
      ownJudgementNoise = try c.number(.ownJudgementNoise, default: 0, in: .nonNegative)
    }
    internationalWeight = try c.number(.internationalWeight, default: 1, in: .nonNegative)
    sidePaymentEfficiency = try c.number(.sidePaymentEfficiency, default: 0, in: .unit)
    linkage = try c.flag(.linkage, default: true)
    executive = try c.decodeIfPresent(String.self, forKey: .executive)
    agents = try c.decode([AgentGroupConfig].self, forKey: .agents)
    guard !agents.isEmpty else {
      throw decoder.issue(CodingKeys.agents, "a nation needs at least one faction (agent)")
    }
  }

  /// The `quota` key as the rule's registration says: rejected, optional or required,
  /// in ``RatificationRule/quotaRange``.
  private static func quota(
    _ rule: RatificationKind, _ c: KeyedDecodingContainer<CodingKeys>, _ decoder: any Decoder
  ) throws -> Double? {
    let range = RatificationRule.quotaRange
    let bounds = Bounds.closed(range.lowerBound, range.upperBound)
    switch rule.quotaKey {
    case .none:
      guard !c.contains(.quota) else {
        let takers = decoder.rules.ratificationRules.filter { $0.quotaKey != .none }.map {
          "'\($0.rawValue)'"
        }
        let list =
          takers.dropLast().joined(separator: ", ") + (takers.count > 1 ? " and " : "")
          + (takers.last ?? "")
        throw decoder.issue(
          CodingKeys.quota, "applies only to rules \(list), not '\(rule.rawValue)'")
      }
      return nil
    case .optional(let fallback):
      return try c.number(.quota, default: fallback, in: bounds)
    case .required:
      guard c.contains(.quota) else {
        throw decoder.issue(
          CodingKeys.rule,
          "rule '\(rule.rawValue)' needs quota in \(bounds)")
      }
      return try c.number(.quota, default: range.lowerBound, in: bounds)
    }
  }
}
