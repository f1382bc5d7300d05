import Foundation

/// The per-run summary (MODEL.md section 4): graded cooperation, not a yes/no.
public struct RunSummary: Sendable, Equatable, Codable {
  /// Steps run.
  public var steps: Int
  /// The first step at which the coalition blocked internationally (nil: never).
  public var firstBlockingStep: Int?
  /// The first step at which the coalition was winning internationally (nil: never).
  public var firstWinningStep: Int?
  /// The step of the ratified agreement (nil: none).
  public var agreementStep: Int?
  /// The agreed policy on issue 1 (nil without a deal).
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
  /// Negotiation rounds held.
  public var negotiationRounds: Int
  /// Deals signed and then not ratified (involuntary defections).
  public var involuntaryDefections: Int
  /// Involuntary defections per negotiation round.
  public var defectionRate: Double
  /// Per nation: rounds in which it failed to ratify a signed deal.
  public var ratificationFailures: [String: Int]
  /// The belief mean at the last step.
  public var finalBeliefMean: Double
  /// The coalition's weight share at the last step, averaged over nations.
  public var finalCoalitionShare: Double
  /// The true ZOPA as `[lower, upper]` intervals (issue 1 with several issues).
  public var trueZOPA: [[Double]]
  /// The perceived ZOPA at the last step, as intervals (issue 1 with several issues).
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
  /// How each nation's Banzhaf power (for `power_share_*`) was computed: exact or sampling.
  public var powerMethods: [String: String]
  /// Sound outcome metrics (docs/MODEL.md, "Outcome metrics"), set when there is a deal.
  public var negotiatorShares: [String: Double]? = nil
  /// Where the deal lies between the two negotiators' true ideals (0: the first's, 1: the second's).
  public var outcomePosition: Double? = nil
  /// Each negotiator's Euclidean distance to the deal.
  public var negotiatorDistances: [String: Double]? = nil
  /// Whether some policy gives every negotiator strictly more than the deal.
  public var paretoInferiorNegotiators: Bool? = nil
  /// Whether some policy gives every nation's ratifiers strictly more than the deal.
  public var paretoInferiorWelfare: Bool? = nil

  enum CodingKeys: String, CodingKey, CaseIterable {
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
  /// The faction's name.
  public var agent: String
  /// What it received (positive) or paid (negative).
  public var amount: Double
}

/// A run summary with its world's nation names, in world order: the row that
/// ``RunSummary/columns`` reads.
public struct SummaryRow: Sendable {
  /// The run's summary.
  public var summary: RunSummary
  /// The world's nation names, in world order.
  public var nations: [String]

  /// The row of `summary` for a world of `nations`.
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
      "project_at_agreement", .real, nullable: true, unit: "policy",
      "The community's project y_EC when the deal was made"
    ) { r, _ in number(r.summary.projectAtAgreement) },
    .init(
      "pareto_improvement", .real, nullable: true, unit: "policy",
      "Issue 1 of a point of the true ZOPA that gives every nation more than the deal"
    ) { r, _ in number(r.summary.paretoImprovement?.first) },
    .init(
      "true_zopa", .json, unit: "policy",
      "The true ZOPA's intervals on issue 1 at the last step, [[lower, upper], ...]"
    ) { r, _ in json(r.summary.trueZOPA) },
    .init(
      "final_perceived_zopa", .json, unit: "policy",
      "The perceived ZOPA's intervals on issue 1 at the last step, [[lower, upper], ...]"
    ) { r, _ in json(r.summary.finalPerceivedZOPA) },
    .init(
      "outcome", .real, nullable: true, unit: "policy", scope: .extraIssue,
      "The agreed policy on issue k"
    ) { r, k in number(r.summary.package.flatMap { k < $0.count ? $0[k] : nil }) },
    .init(
      "pareto_improvement", .real, nullable: true, unit: "policy", scope: .extraIssue,
      "Issue k of the Pareto improvement"
    ) { r, k in number(r.summary.paretoImprovement.flatMap { k < $0.count ? $0[k] : nil }) },
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
    .init(
      "transfers", .json, nullable: true, unit: "utility", scope: .nation,
      "Side payments that carried the agreement, [{\"agent\": name, \"amount\": x}, ...]"
    ) { r, n in r.summary.transfers[r.nations[n]].map { json($0) } ?? .missing },
  ]

  /// The keys of a summary's JSON (`summary.json`'s `summary`, a sweep store's
  /// `summary_json`), every one present, null or not, in what accord writes now.
  package static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

  private static func number(_ x: Double?) -> RowValue { x.map { .number($0) } ?? .missing }
  private static func integer(_ x: Int?) -> RowValue { x.map { .integer($0) } ?? .missing }
  private static func flag(_ x: Bool?) -> RowValue { x.map { .flag($0) } ?? .missing }

  /// A nested value as compact JSON text with sorted keys (missing if it has no JSON).
  private static func json(_ x: some Encodable) -> RowValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(x) else { return .missing }
    return .text(String(decoding: data, as: UTF8.self))
  }
}
