/// The ratification rules a config can name.
public enum RuleName: String, Codable, Sendable, CaseIterable {
  case majority, supermajority, unanimity
  case executiveVeto = "executive-veto"
}

/// One entry of `nations:`.
public struct NationConfig: Codable, Sendable, Equatable {
  public var name: String
  public var rule = RuleName.majority
  public var quota: Double?
  public var bargainingWeight = 1.0
  public var judgementNoise = 0.0
  /// Set: every executive judges this nation's win-set with its own error, this
  /// nation's own executive with this sd (0: exactly). Nil: one shared judgement.
  public var ownJudgementNoise: Double?
  public var internationalWeight = 1.0
  public var sidePaymentEfficiency = 0.0
  /// False: this nation's negotiator rules out linking issues into packages.
  public var linkage = true
  public var executive: String?
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
    rule = try c.choice(.rule, default: .majority)
    switch rule {
    case .supermajority:
      guard c.contains(.quota) else {
        throw decoder.issue(CodingKeys.rule, "rule 'supermajority' needs quota in [0.5, 1]")
      }
      quota = try c.number(.quota, default: 2.0 / 3, in: .closed(0.5, 1))
    case .executiveVeto:
      quota = try c.number(.quota, default: 0.5, in: .closed(0.5, 1))
    case .majority, .unanimity:
      if c.contains(.quota) {
        throw decoder.issue(
          CodingKeys.quota,
          "applies only to rules 'supermajority' and 'executive-veto', not '\(rule.rawValue)'")
      }
    }
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
}
