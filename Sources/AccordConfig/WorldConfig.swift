public import AccordModel
import AccordNumerics

/// A whole config file, with every default filled in.
///
/// Decoding checks every key and range; ``ConfigLoader`` turns the problems it finds
/// into located ``ConfigError``s. Encoding gives the resolved config that
/// `summary.json` records.
public struct WorldConfig: Codable, Sendable, Equatable {
  /// The run's seed (`seed`).
  public var seed: UInt32 = 1
  /// The horizon in steps (`steps`).
  public var steps = 100
  /// The true state `theta*` (`theta`).
  public var theta = 0.7
  /// The number of issues D (`issues`).
  public var issues = 1
  /// The status quo, one value for every issue or one per issue (`status_quo`).
  public var statusQuo = OneOrMany<Double>([0])
  /// The utility exponent `gamma` (`utility_exponent`).
  public var utilityExponent = 2
  /// The GSL random generator's name (`rng`).
  public var rng = RandomStream.defaultAlgorithm
  /// How evidence arrives (`evidence`).
  public var evidence = EvidenceConfig()
  /// Social learning (`learning`).
  public var learning = LearningConfig()
  /// The social network (`network`).
  public var network = NetworkConfig()
  /// The epistemic community's recruitment (`persuasion`).
  public var persuasion = PersuasionConfig()
  /// Rounds, the international rule and stopping (`negotiation`).
  public var negotiation = NegotiationConfig()
  /// How opinion clusters are counted (`clusters`).
  public var clusters = ClustersConfig()
  /// The nations (`nations`).
  public var nations: [NationConfig]

  /// The most agents a world may have in all (each takes about 1 KB with its network).
  public static let maxAgents = 10_000_000

  /// The largest seed: GSL receives `seed + 1`, which must fit in 32 bits.
  public static let maxSeed: UInt32 = UInt32.max - 1

  enum CodingKeys: String, CodingKey, CaseIterable {
    case seed, steps, theta, issues
    case statusQuo = "status_quo"
    case utilityExponent = "utility_exponent"
    case rng, evidence, learning, network, persuasion, negotiation, clusters, nations
  }

  /// Decodes a config, naming unknown keys and out-of-range values.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    seed = UInt32(try c.integer(.seed, default: 1, in: 0...Int(Self.maxSeed)))
    steps = try c.integer(.steps, default: 100, in: 1...100_000_000)
    theta = try c.number(.theta, default: 0.7, in: .unit)
    issues = try c.integer(.issues, default: 1, in: 1...4)
    statusQuo = try c.perIssueNumber(.statusQuo, default: 0, in: .unit)
    guard statusQuo.values.count == 1 || statusQuo.values.count == issues else {
      throw decoder.issue(
        CodingKeys.statusQuo,
        "gives \(statusQuo.values.count) values; the world has \(issues) issue(s)")
    }
    utilityExponent = try c.integer(.utilityExponent, default: 2, in: 1...2)
    rng = try c.choice(
      .rng, default: RandomStream.defaultAlgorithm, among: RandomStream.algorithms,
      noun: "generator")
    evidence = try c.decodeIfPresent(EvidenceConfig.self, forKey: .evidence) ?? EvidenceConfig()
    learning = try c.decodeIfPresent(LearningConfig.self, forKey: .learning) ?? LearningConfig()
    network = try c.decodeIfPresent(NetworkConfig.self, forKey: .network) ?? NetworkConfig()
    persuasion =
      try c.decodeIfPresent(PersuasionConfig.self, forKey: .persuasion) ?? PersuasionConfig()
    negotiation =
      try c.decodeIfPresent(NegotiationConfig.self, forKey: .negotiation) ?? NegotiationConfig()
    clusters = try c.decodeIfPresent(ClustersConfig.self, forKey: .clusters) ?? ClustersConfig()
    nations = try c.decode([NationConfig].self, forKey: .nations)
    guard !nations.isEmpty else {
      throw decoder.issue(CodingKeys.nations, "at least one nation is needed")
    }
    // The per-group cap alone would allow 10^7 agents in every group.
    let agents = nations.reduce(0) { total, nation in
      nation.agents.reduce(total) { $0 + $1.count }
    }
    guard agents <= Self.maxAgents else {
      throw decoder.issue(
        CodingKeys.nations,
        "the world has \(agents) agents in all; at most \(Self.maxAgents) (about "
          + "\(Self.maxAgents / 1_000_000) GB of memory)")
    }
    if let target = persuasion.targetNation, !nations.contains(where: { $0.name == target }) {
      throw ConfigIssue(
        path: decoder.codingPath + [
          CodingKeys.persuasion, PersuasionConfig.CodingKeys.targetNation,
        ],
        message: KeySuggestion.message("nation", target, allowed: nations.map(\.name)))
    }
    var seen: [String: Int] = [:]
    for (k, nation) in nations.enumerated() {
      if let first = seen[nation.name] {
        throw ConfigIssue(
          path: decoder.codingPath + [CodingKeys.nations, AnyKey(intValue: k), AnyKey("name")],
          message: "duplicate nation name '\(nation.name)' (also nations[\(first)])")
      }
      seen[nation.name] = k
    }
  }

  /// The model parameters this config sets.
  public var parameters: ModelParameters {
    var p = ModelParameters()
    p.theta = theta
    p.utility = UtilityShape(gamma: utilityExponent, statusQuo: statusQuo[0])
    p.otherStatusQuos = (1..<issues).map { statusQuo[$0] }
    p.evidence = EvidenceParameters(
      trials: evidence.trials, interval: evidence.interval, attention: evidence.attention,
      forgetting: evidence.forgetting)
    p.learning = LearningParameters(
      mode: learning.mode, deffuantStep: learning.deffuantMu, deffuantRate: learning.deffuantRate)
    p.persuasion = PersuasionParameters(
      attempts: persuasion.attempts, strategy: persuasion.strategy, step: persuasion.step)
    p.persuasion.update = persuasion.update
    p.persuasion.pseudoObservations = persuasion.pseudoObservations
    p.persuasion.targetNation = persuasion.targetNation.flatMap { t in
      nations.firstIndex { $0.name == t }
    }
    p.negotiation = NegotiationParameters(
      interval: negotiation.interval, stopAtAgreement: negotiation.stopAtAgreement,
      international: negotiation.international == .all
        ? .all : .quota(negotiation.internationalQuota ?? 0.5))
    p.clusters = ClusterParameters(gap: clusters.gap, minShare: clusters.minShare)
    p.negotiation.linkage = nations.allSatisfy(\.linkage)
    p.randomAlgorithm = rng
    return p
  }
}
