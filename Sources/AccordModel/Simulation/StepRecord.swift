/// What a negotiation round came to.
public enum NegotiationResult: String, Sendable, CaseIterable, Codable {
  /// No round this step.
  case none
  /// The perceived ZOPA (as the executives judge it) was empty.
  case noZOPA = "no-zopa"
  /// A ZOPA existed but no point of it left every executive at least as well off.
  case noDeal = "no-deal"
  /// A deal was signed and ratified everywhere the international rule requires.
  case agreement
  /// A signed deal failed ratification: an involuntary defection.
  case defection
  /// An earlier agreement stands; no more rounds.
  case inForce = "in-force"
}

/// Bounds and size of a ZOPA or win-set: NaN bounds when it is empty.
public struct SetBounds: Sendable, Equatable {
  /// The smallest point (NaN when empty).
  public var lower: Double
  /// The largest point (NaN when empty).
  public var upper: Double
  /// Total length of the set (it may be a union of intervals).
  public var width: Double

  /// The bounds and total length of `set`.
  public init(_ set: IntervalSet) {
    lower = set.minimum
    upper = set.maximum
    width = set.measure
  }
}

/// One row of the time series (MODEL.md section 4).
///
/// Reused from step to step.
public struct StepRecord: Sendable {
  /// The step this row describes (0: the initial state).
  public var step = 0
  /// The mean of the agents' belief means.
  public var beliefMean = Double.nan
  /// The standard deviation of the agents' belief means.
  public var beliefSD = Double.nan
  /// Opinion clusters counted (see ``ClusterParameters``).
  public var clusters = 0
  /// Believers' weight share, averaged over nations.
  public var believerShare = 0.0
  /// The believers' consensus `p_EC` (NaN without believers).
  public var consensus = Double.nan
  /// The believers' policy project `y_EC` (NaN without believers).
  public var project = Double.nan
  /// Successful persuasions this step.
  public var persuaded = 0
  /// Epistemic coalition's weight share, averaged over nations.
  public var coalitionShare = 0.0
  /// Agents in the epistemic coalition, over all nations.
  public var coalitionMembers = 0
  /// The coalition blocks internationally: it blocks in enough nations that no deal can pass.
  public var blocking = false
  /// The coalition is winning in enough nations to carry a deal internationally.
  public var winning = false
  /// The coalition's weight share in each nation.
  public var nationCoalitionShare: [Double]
  /// The coalition's share of Banzhaf power in each nation's ratification game.
  public var nationPowerShare: [Double]
  /// Each nation's win-set: bounds (on issue 1) and size (length, or with several
  /// issues the share of the policy space).
  public var nationWinSet: [SetBounds]
  /// The agreed policy on every issue (NaN until an agreement).
  public var outcomes: [Double]
  /// Whether the coalition blocks ratification in each nation.
  public var nationBlocking: [Bool]
  /// Whether the coalition can ratify alone in each nation.
  public var nationWinning: [Bool]
  /// The perceived ZOPA's bounds and size (on issue 1 with several issues).
  public var perceivedZOPA = SetBounds(IntervalSet())
  /// The true ZOPA's bounds and size (on issue 1 with several issues).
  public var trueZOPA = SetBounds(IntervalSet())
  /// The result of this step's negotiation round.
  public var negotiation = NegotiationResult.none
  /// The agreed policy (NaN until an agreement).
  public var outcome = Double.nan

  init(nations: Int, issues: Int = 1) {
    nationWinSet = [SetBounds](repeating: SetBounds(IntervalSet()), count: nations)
    outcomes = [Double](repeating: .nan, count: issues)
    nationCoalitionShare = [Double](repeating: 0, count: nations)
    nationPowerShare = [Double](repeating: 0, count: nations)
    nationBlocking = [Bool](repeating: false, count: nations)
    nationWinning = [Bool](repeating: false, count: nations)
  }
}

extension StepRecord {
  /// The time-series columns (MODEL.md section 4), in file order: the one definition of
  /// `timeseries.csv`, its JSON Lines form, `accord serve`'s rows and a sweep store's
  /// `timeseries` table.
  ///
  /// The step-0 row (the initial state) has no `negotiation` value: no round could have
  /// been held, which `none` ("no round this step") would not say.
  public static let columns: [OutputColumn<StepRecord>] = [
    .init(
      "step", .count, unit: "step", "The step: 0 is the initial state, t the state after step t"
    ) {
      r, _ in .integer(r.step)
    },
    .init("belief_mean", .real, unit: "probability", "Mean belief that the hypothesis holds") {
      r, _ in .number(r.beliefMean)
    },
    .init("belief_sd", .real, unit: "probability", "Standard deviation of the beliefs") {
      r, _ in .number(r.beliefSD)
    },
    .init("clusters", .count, "Opinion clusters (beliefs binned at clusters.gap)") {
      r, _ in .integer(r.clusters)
    },
    .init(
      "believer_share", .real, unit: "share", "Believers' weight share, averaged over nations"
    ) { r, _ in .number(r.believerShare) },
    .init(
      "consensus", .real, nullable: true, unit: "probability",
      "The believers' consensus p_EC (missing without believers)"
    ) { r, _ in .number(r.consensus) },
    .init(
      "project", .real, nullable: true, unit: "policy",
      "The believers' policy project y_EC (missing without believers)"
    ) { r, _ in .number(r.project) },
    .init("persuaded", .count, unit: "agents", "Successful persuasions this step") {
      r, _ in .integer(r.persuaded)
    },
    .init(
      "coalition_share", .real, unit: "share",
      "Epistemic coalition's weight share, averaged over nations"
    ) { r, _ in .number(r.coalitionShare) },
    .init("blocking", .flag, "The coalition blocks any deal internationally") {
      r, _ in .flag(r.blocking)
    },
    .init("winning", .flag, "The coalition can carry a deal internationally") {
      r, _ in .flag(r.winning)
    },
    .init(
      "pzopa_lower", .real, nullable: true, unit: "policy",
      "Perceived ZOPA: lower bound (missing when empty)"
    ) { r, _ in .number(r.perceivedZOPA.lower) },
    .init(
      "pzopa_upper", .real, nullable: true, unit: "policy",
      "Perceived ZOPA: upper bound (missing when empty)"
    ) { r, _ in .number(r.perceivedZOPA.upper) },
    .init("pzopa_width", .real, unit: "policy", "Perceived ZOPA: total size") {
      r, _ in .number(r.perceivedZOPA.width)
    },
    .init(
      "tzopa_lower", .real, nullable: true, unit: "policy",
      "True ZOPA: lower bound (missing when empty)"
    ) { r, _ in .number(r.trueZOPA.lower) },
    .init(
      "tzopa_upper", .real, nullable: true, unit: "policy",
      "True ZOPA: upper bound (missing when empty)"
    ) { r, _ in .number(r.trueZOPA.upper) },
    .init("tzopa_width", .real, unit: "policy", "True ZOPA: total size") {
      r, _ in .number(r.trueZOPA.width)
    },
    .init(
      "negotiation", .category, nullable: true,
      "The round's result: none, no-zopa, no-deal, agreement, defection, in-force (missing at step 0)"
    ) { r, _ in r.step == 0 ? .missing : .text(r.negotiation.rawValue) },
    .init(
      "outcome", .real, nullable: true, unit: "policy",
      "The agreed policy on issue 1 (missing until an agreement)"
    ) { r, _ in .number(r.outcome) },
    .init(
      "outcome", .real, nullable: true, unit: "policy", scope: .extraIssue,
      "The agreed policy on issue k (missing until an agreement)"
    ) { r, k in .number(r.outcomes[k]) },
    .init(
      "coalition_members", .count, unit: "agents",
      "Agents in the epistemic coalition (believers and supporters), over all nations"
    ) { r, _ in .integer(r.coalitionMembers) },
    .init(
      "coalition_share", .real, unit: "share", scope: .nation,
      "The coalition's weight share in the nation"
    ) { r, n in .number(r.nationCoalitionShare[n]) },
    .init(
      "power_share", .real, unit: "share", scope: .nation,
      "The coalition's share of Banzhaf power in the nation's ratification game"
    ) { r, n in .number(r.nationPowerShare[n]) },
    .init("blocking", .flag, scope: .nation, "The coalition blocks ratification in the nation") {
      r, n in .flag(r.nationBlocking[n])
    },
    .init("winning", .flag, scope: .nation, "The coalition can ratify alone in the nation") {
      r, n in .flag(r.nationWinning[n])
    },
    .init(
      "winset_lower", .real, nullable: true, unit: "policy", scope: .nation,
      "The nation's win-set: lower bound on issue 1 (missing when empty)"
    ) { r, n in .number(r.nationWinSet[n].lower) },
    .init(
      "winset_upper", .real, nullable: true, unit: "policy", scope: .nation,
      "The nation's win-set: upper bound on issue 1 (missing when empty)"
    ) { r, n in .number(r.nationWinSet[n].upper) },
    .init(
      "winset_width", .real, unit: "policy", scope: .nation,
      "The nation's win-set: length, or with several issues its share of the policy space"
    ) { r, n in .number(r.nationWinSet[n].width) },
  ]
}
