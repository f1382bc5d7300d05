/// The per-run summary (MODEL.md section 4): graded cooperation, not a yes/no.
public struct RunSummary: Sendable, Equatable, Codable {
  public var steps: Int
  public var firstBlockingStep: Int?
  public var firstWinningStep: Int?
  public var agreementStep: Int?
  public var outcome: Double?
  /// The community's project `y_EC` when the deal was made.
  public var projectAtAgreement: Double?
  /// `|y - y_EC|` at agreement.
  public var distanceToProject: Double?
  /// Realised joint true gain `sum_n [U*_n(y) - U*_n(q)]` (0 without a deal).
  public var jointGain: Double
  /// The largest joint true gain over the true ZOPA (nil when it is empty).
  public var maxJointGain: Double?
  /// `jointGain / maxJointGain`: 0 without a deal; nil when the true ZOPA offers no gain.
  public var efficiency: Double?
  /// Each nation's share of the realised gains (nil entries when the joint gain is not positive).
  public var gainShares: [String: Double]
  /// Each nation's true gain `U*_n(y) - U*_n(q)`.
  public var gains: [String: Double]
  public var negotiationRounds: Int
  /// Deals signed and then not ratified (involuntary defections).
  public var involuntaryDefections: Int
  /// Involuntary defections per negotiation round.
  public var defectionRate: Double
  /// Per nation: rounds in which it failed to ratify a signed deal.
  public var ratificationFailures: [String: Int]
  public var finalBeliefMean: Double
  public var finalCoalitionShare: Double
  public var trueZOPA: [[Double]]
  public var finalPerceivedZOPA: [[Double]]
  /// Side payments that carried the agreement, per nation (received > 0, paid < 0).
  public var transfers: [String: [Transfer]]
  /// Per nation: `(1 - lambda_sp)` times what the winners paid, lost in transit.
  public var deadweightLoss: [String: Double]
  /// The agreed policy on every issue (nil without a deal).
  public var package: [Double]?
  /// Whether another point of the true ZOPA would give every nation more than the deal.
  public var paretoInferior: Bool?
  /// Such a point, when there is one.
  public var paretoImprovement: [Double]?
  /// How each nation's Banzhaf power (for `power_share_*`) was computed: exact, sampling
  /// or normal-approximation.
  public var powerMethods: [String: String]
  /// Each nation's stated bound on the error of any set's Banzhaf share (0 when exact;
  /// MODEL.md, section 3.5).
  public var powerErrors: [String: Double]? = nil
  /// Sound outcome metrics (``OutcomeMetrics``), set when there is a deal.
  public var negotiatorShares: [String: Double]? = nil
  public var outcomePosition: Double? = nil
  public var negotiatorDistances: [String: Double]? = nil
  public var paretoInferiorNegotiators: Bool? = nil
  public var paretoInferiorWelfare: Bool? = nil

  enum CodingKeys: String, CodingKey {
    case steps
    case firstBlockingStep = "first_blocking_step"
    case firstWinningStep = "first_winning_step"
    case agreementStep = "agreement_step"
    case outcome
    case projectAtAgreement = "project_at_agreement"
    case distanceToProject = "distance_to_project"
    case jointGain = "joint_gain"
    case maxJointGain = "max_joint_gain"
    case efficiency
    case gainShares = "gain_shares"
    case gains
    case negotiationRounds = "negotiation_rounds"
    case involuntaryDefections = "involuntary_defections"
    case defectionRate = "defection_rate"
    case ratificationFailures = "ratification_failures"
    case finalBeliefMean = "final_belief_mean"
    case finalCoalitionShare = "final_coalition_share"
    case trueZOPA = "true_zopa"
    case finalPerceivedZOPA = "final_perceived_zopa"
    case powerMethods = "power_methods"
    case powerErrors = "power_errors"
    case transfers
    case package
    case paretoInferior = "pareto_inferior"
    case paretoImprovement = "pareto_improvement"
    case deadweightLoss = "deadweight_loss"
    case negotiatorShares = "negotiator_shares"
    case outcomePosition = "outcome_position"
    case negotiatorDistances = "negotiator_distances"
    case paretoInferiorNegotiators = "pareto_inferior_negotiators"
    case paretoInferiorWelfare = "pareto_inferior_welfare"
  }
}

/// One faction's side payment: received when positive, paid when negative.
public struct Transfer: Sendable, Equatable, Codable {
  public var agent: String
  public var amount: Double
}

/// A run summary with its world's nation names, in world order: the row that
/// ``RunSummary/columns`` reads.
public struct SummaryRow: Sendable {
  public var summary: RunSummary
  public var nations: [String]

  public init(_ summary: RunSummary, nations: [String]) {
    self.summary = summary
    self.nations = nations
  }
}

extension RunSummary {
  /// The run summary's columns: its `once` columns are a sweep store's metric columns of
  /// `runs`, in this order; `accord export --table runs` adds the per-issue and
  /// per-nation ones from each run's summary.
  public static let columns: [OutputColumn<SummaryRow>] = [
    .init("steps_run", .count, unit: "steps", "Steps run (1 to the horizon)") { r, _ in
      .integer(r.summary.steps)
    },
    .init(
      "first_blocking_step", .count, nullable: true, unit: "step",
      "First step (1 or later) at which the coalition blocked internationally"
    ) { r, _ in integer(r.summary.firstBlockingStep) },
    .init(
      "first_winning_step", .count, nullable: true, unit: "step",
      "First step (1 or later) at which the coalition was winning internationally"
    ) { r, _ in integer(r.summary.firstWinningStep) },
    .init(
      "agreement_step", .count, nullable: true, unit: "step", "Step of the agreement in force"
    ) { r, _ in integer(r.summary.agreementStep) },
    .init(
      "outcome", .real, nullable: true, unit: "policy", "The agreed policy on issue 1"
    ) { r, _ in number(r.summary.outcome) },
    .init(
      "efficiency", .real, nullable: true, unit: "share",
      "Realised joint gain over the largest joint gain in the true ZOPA"
    ) { r, _ in number(r.summary.efficiency) },
    .init("joint_gain", .real, unit: "utility", "Realised joint true gain (0 without a deal)") {
      r, _ in .number(r.summary.jointGain)
    },
    .init(
      "max_joint_gain", .real, nullable: true, unit: "utility",
      "Largest joint true gain over the true ZOPA"
    ) { r, _ in number(r.summary.maxJointGain) },
    .init(
      "distance_to_project", .real, nullable: true, unit: "policy",
      "Distance from the deal to the community's project y_EC at agreement"
    ) { r, _ in number(r.summary.distanceToProject) },
    .init("negotiation_rounds", .count, unit: "rounds", "Negotiation rounds held") { r, _ in
      .integer(r.summary.negotiationRounds)
    },
    .init(
      "involuntary_defections", .count, unit: "deals",
      "Signed deals that failed ratification"
    ) { r, _ in .integer(r.summary.involuntaryDefections) },
    .init(
      "defection_rate", .real, unit: "per round", "Involuntary defections per negotiation round"
    ) { r, _ in .number(r.summary.defectionRate) },
    .init(
      "final_belief_mean", .real, nullable: true, unit: "probability",
      "Mean belief at the last step"
    ) { r, _ in r.summary.finalBeliefMean.isFinite ? .number(r.summary.finalBeliefMean) : .missing
    },
    .init(
      "final_coalition_share", .real, unit: "share",
      "Coalition weight share at the last step, averaged over nations"
    ) { r, _ in .number(r.summary.finalCoalitionShare) },
    .init(
      "pareto_inferior", .flag, nullable: true,
      "Another point of the true ZOPA gives every nation more (ratifier welfare)"
    ) { r, _ in flag(r.summary.paretoInferior) },
    .init(
      "outcome_position", .real, nullable: true, unit: "share",
      "Where the deal lies from the first executive's ideal (0) to the second's (1)"
    ) { r, _ in number(r.summary.outcomePosition) },
    .init(
      "pareto_inferior_negotiators", .flag, nullable: true,
      "Some policy gives every executive more than the deal"
    ) { r, _ in flag(r.summary.paretoInferiorNegotiators) },
    .init(
      "pareto_inferior_welfare", .flag, nullable: true,
      "Some policy gives every nation's ratifiers more than the deal"
    ) { r, _ in flag(r.summary.paretoInferiorWelfare) },
    .init(
      "outcome", .real, nullable: true, unit: "policy", scope: .extraIssue,
      "The agreed policy on issue k"
    ) { r, k in number(r.summary.package.flatMap { k < $0.count ? $0[k] : nil }) },
    .init(
      "gain", .real, nullable: true, unit: "utility", scope: .nation,
      "The nation's true gain over no agreement"
    ) { r, n in number(r.summary.gains[r.nations[n]]) },
    .init(
      "gain_share", .real, nullable: true, unit: "share", scope: .nation,
      "The nation's share of the realised gains (ratifier welfare)"
    ) { r, n in number(r.summary.gainShares[r.nations[n]]) },
    .init(
      "negotiator_share", .real, nullable: true, unit: "share", scope: .nation,
      "The executive's Nash share of the executives' summed gains"
    ) { r, n in number(r.summary.negotiatorShares?[r.nations[n]]) },
    .init(
      "negotiator_distance", .real, nullable: true, unit: "policy", scope: .nation,
      "The executive's distance to the deal"
    ) { r, n in number(r.summary.negotiatorDistances?[r.nations[n]]) },
    .init(
      "ratification_failures", .count, nullable: true, unit: "rounds", scope: .nation,
      "Rounds in which the nation failed to ratify a signed deal"
    ) { r, n in integer(r.summary.ratificationFailures[r.nations[n]]) },
    .init(
      "deadweight_loss", .real, nullable: true, unit: "utility", scope: .nation,
      "Side payments lost in transit"
    ) { r, n in number(r.summary.deadweightLoss[r.nations[n]]) },
    .init(
      "power_method", .category, nullable: true, scope: .nation,
      "How the nation's Banzhaf power was computed: exact or sampling"
    ) { r, n in r.summary.powerMethods[r.nations[n]].map { .text($0) } ?? .missing },
  ]

  private static func number(_ x: Double?) -> RowValue { x.map { .number($0) } ?? .missing }
  private static func integer(_ x: Int?) -> RowValue { x.map { .integer($0) } ?? .missing }
  private static func flag(_ x: Bool?) -> RowValue { x.map { .flag($0) } ?? .missing }
}
