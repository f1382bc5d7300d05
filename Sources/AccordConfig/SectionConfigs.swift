public import AccordModel

/// `evidence:` — how evidence about theta arrives.
public struct EvidenceConfig: Codable, Sendable, Equatable {
  /// Trials per round `m` (`trials`; 0: no evidence).
  public var trials = 10
  /// A round of evidence every `interval` steps.
  public var interval = 1
  /// What one observed trial adds to `a` or `b` (`attention`, `r`).
  public var attention = 1.0
  /// The factor `delta` by which an agent who sees a round first scales `a` and `b` (`forgetting`).
  public var forgetting = 1.0

  enum CodingKeys: String, CodingKey, CaseIterable {
    case trials, interval, attention, forgetting
  }

  /// The defaults.
  public init() {}

  /// Decodes the section, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    trials = try c.integer(.trials, default: 10, in: 0...1_000_000)
    interval = try c.integer(.interval, default: 1, in: 1...Int.max)
    // Past 1e6 a step's evidence (attention x trials) could outgrow a double over a
    // long run; no model needs a trial counted more than a million times.
    attention = try c.number(
      .attention, default: 1, in: Bounds(lower: 0, upper: 1e6, lowerOpen: true))
    forgetting = try c.number(
      .forgetting, default: 1, in: Bounds(lower: 0, upper: 1, lowerOpen: true))
  }
}

/// `learning:` — social learning.
public struct LearningConfig: Codable, Sendable, Equatable {
  /// The social learning rule (`mode`).
  public var mode = LearningMode.friedkinJohnsen
  /// The Deffuant convergence step `mu` (`deffuant_mu`).
  public var deffuantMu = 0.3
  /// Deffuant pair interactions per step, per agent (`deffuant_rate`).
  public var deffuantRate = 0.5

  enum CodingKeys: String, CodingKey, CaseIterable {
    case mode
    case deffuantMu = "deffuant_mu"
    case deffuantRate = "deffuant_rate"
  }

  /// The defaults.
  public init() {}

  /// Decodes the section, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    mode = try c.choice(.mode, default: .friedkinJohnsen, among: decoder.rules.learningModes)
    deffuantMu = try c.number(
      .deffuantMu, default: 0.3, in: Bounds(lower: 0, upper: 1, lowerOpen: true))
    deffuantRate = try c.number(.deffuantRate, default: 0.5, in: .closed(0, 100))
  }
}

/// `persuasion:` — the epistemic community's recruitment.
public struct PersuasionConfig: Codable, Sendable, Equatable {
  /// Persuasion attempts per step `K`, each on a different agent (`attempts`).
  public var attempts = 1
  /// Whom the community targets (`strategy`).
  public var strategy = RecruitmentStrategy.alliesFirst
  /// How far a persuaded agent moves toward the consensus (`step`, `mu`).
  public var step = 0.3
  /// Deference network file (`follower,leader[,strength]`), relative to the config file.
  public var deference: String?
  /// Recruit only in this nation (by name).
  public var targetNation: String?
  /// How a success moves the belief: `linear` (default) or `pseudo-evidence`.
  public var update = PersuasionUpdate.linear
  /// Pseudo-observations per success under `pseudo-evidence`.
  public var pseudoObservations = 4.0

  enum CodingKeys: String, CodingKey, CaseIterable {
    case attempts, strategy, step, deference, update
    case targetNation = "target_nation"
    case pseudoObservations = "pseudo_observations"
  }

  /// The defaults.
  public init() {}

  /// Decodes the section, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    attempts = try c.integer(.attempts, default: 1, in: 0...10_000)
    strategy = try c.choice(
      .strategy, default: .alliesFirst, among: decoder.rules.recruitmentStrategies)
    step = try c.number(.step, default: 0.3, in: .unit)
    deference = try c.decodeIfPresent(String.self, forKey: .deference)
    targetNation = try c.decodeIfPresent(String.self, forKey: .targetNation)
    update = try c.choice(.update, default: .linear)
    pseudoObservations = try c.number(
      .pseudoObservations, default: 4, in: Bounds(lower: 0, upper: 1e6, lowerOpen: true))
    if update != .pseudoEvidence && c.contains(.pseudoObservations) {
      throw decoder.issue(
        CodingKeys.pseudoObservations, "applies only when update is 'pseudo-evidence'")
    }
    if strategy == .backwardMapping && deference == nil {
      throw decoder.issue(
        CodingKeys.strategy,
        "'backward-mapping' needs deference: FILE (lines 'follower,leader[,strength]')")
    }
  }
}

/// How nations combine: every nation, or a weighted quota of them.
public enum InternationalRuleName: String, Codable, Sendable, CaseIterable {
  case all, quota
}

/// `negotiation:` — rounds, the international rule and stopping.
public struct NegotiationConfig: Codable, Sendable, Equatable {
  /// Executives negotiate at steps that are multiples of `interval`.
  public var interval = 1
  /// Whether the run ends at the first ratified agreement (`stop_at_agreement`).
  public var stopAtAgreement = true
  /// Every nation must ratify, or a weighted quota of nations (`international`).
  public var international = InternationalRuleName.all
  /// The share of international weight that must ratify under `quota` (`international_quota`).
  public var internationalQuota: Double?

  enum CodingKeys: String, CodingKey, CaseIterable {
    case interval
    case stopAtAgreement = "stop_at_agreement"
    case international
    case internationalQuota = "international_quota"
  }

  /// The defaults.
  public init() {}

  /// Decodes the section, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    interval = try c.integer(.interval, default: 1, in: 1...Int.max)
    stopAtAgreement = try c.flag(.stopAtAgreement, default: true)
    international = try c.choice(.international, default: .all)
    if international == .quota {
      guard c.contains(.internationalQuota) else {
        throw decoder.issue(
          CodingKeys.international, "rule 'quota' needs international_quota in [0.5, 1]")
      }
      internationalQuota = try c.number(.internationalQuota, default: 0.5, in: .closed(0.5, 1))
    } else if c.contains(.internationalQuota) {
      throw decoder.issue(
        CodingKeys.internationalQuota, "applies only when international is 'quota'")
    }
  }
}

/// `clusters:` — how opinion clusters are counted.
public struct ClustersConfig: Codable, Sendable, Equatable {
  /// The bin width for beliefs: a cluster is a run of occupied bins (`gap`).
  public var gap = 0.02
  /// Clusters holding fewer agents than this share are not counted (`min_share`).
  public var minShare = 0.02

  enum CodingKeys: String, CodingKey, CaseIterable {
    case gap
    case minShare = "min_share"
  }

  /// The defaults.
  public init() {}

  /// Decodes the section, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    // One histogram bin per gap: below 1e-6 the bins outgrow memory (and 1 / gap overflows).
    gap = try c.number(.gap, default: 0.02, in: .closed(1e-6, 1))
    minShare = try c.number(.minShare, default: 0.02, in: .unit)
  }
}
