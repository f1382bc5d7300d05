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
  /// How each nation's Banzhaf power (for `power_share_*`) was computed: exact or sampling.
  public var powerMethods: [String: String]
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
