import AccordPower

/// The world at step 0, as `accord inspect` shows it: factions, rules, win-sets, the
/// ZOPA, the Nash solution, and what blocks when there is no deal.
public struct Inspection: Sendable, Codable {
  /// One faction of a nation at the inspected beliefs.
  public struct Faction: Sendable, Codable {
    /// The agent's name.
    public var name: String
    /// Its ratification weight.
    public var weight: Double
    /// Its belief mean.
    public var belief: Double
    /// Its ideal point on issue 1 at that belief.
    public var ideal: Double
    /// The policies it supports over no agreement (nil: none).
    public var support: [Double]?
    /// Whether it holds a veto in its nation's ratification rule.
    public var veto: Bool
    /// Normalised Banzhaf index in its nation's ratification game.
    public var banzhaf: Double
  }

  /// One nation: its rule, executive, factions, power and win-set.
  public struct NationView: Sendable, Codable {
    /// The nation's name.
    public var name: String
    /// Its ratification rule's config name.
    public var rule: String
    /// The share of weight a ratification needs.
    public var quota: Double
    /// The executive's agent name.
    public var executive: String
    /// Internal side-payment efficiency `lambda_sp`.
    public var sidePaymentEfficiency: Double
    /// Its factions, in world order.
    public var factions: [Faction]
    /// The factions holding a veto.
    public var vetoPlayers: [String]
    /// The factions with the largest Banzhaf power (up to three).
    public var pivotalPlayers: [String]
    /// With several issues: the win-set's extent on issue 1.
    public var winSet: [[Double]]
    /// The win-set without internal side payments (the same as `winSet` without them).
    public var winSetWithoutSidePayments: [[Double]]
    /// With several issues: the win-set's share of the policy space.
    public var winSetShare: Double?
  }

  /// Whose beliefs were inspected: `perceived` (the priors) or `true` (`theta*`).
  public var beliefs: String
  /// The number of issues D.
  public var issues: Int
  /// Each nation's view, in world order.
  public var nations: [NationView]
  /// The perceived ZOPA as `[lower, upper]` intervals (issue 1 with several issues).
  public var zopa: [[Double]]
  /// The true ZOPA, at `theta*`, as intervals (issue 1 with several issues).
  public var trueZOPA: [[Double]]
  /// The Nash bargaining solution over the ZOPA (nil: no deal); issue 1 with several issues.
  public var nash: Double?
  /// With several issues: the agreed package (the Nash package, or issue-by-issue
  /// settlement when a negotiator rules out linkage).
  public var package: [Double]?
  /// With several issues: the ZOPA's share of the policy space.
  public var zopaShare: Double?
  /// With several issues: each issue's own ZOPA, the others at the status quo.
  public var zopaByIssue: [[[Double]]]?
  /// Each nation's gain over no agreement at the Nash solution (weight-weighted mean of
  /// its factions' `u(y) - d`, before side payments), at the inspected beliefs.
  public var gains: [String: Double]
  /// Each nation's share of the joint gain.
  public var shares: [String: Double]
  /// Why there is no deal, when there is none.
  public var blocked: String?
}

extension Simulation {
  /// Inspects the world at step 0 with the agents' prior beliefs, or with everyone
  /// knowing `theta*` (`trueBeliefs`).
  ///
  /// Draws no random numbers.
  public mutating func inspect(trueBeliefs: Bool) throws -> Inspection {
    let theta = world.parameters.theta
    if trueBeliefs { for i in 0..<agents.count { agents.belief[i] = theta } }
    _ = phases.tally.scan(
      agents: agents, support: IntervalSupport(project: .nan), recruiting: false,
      candidates: phases.persuasion.candidates)
    let part = inspectIssues()
    let issues = issueSpace
    var views: [Inspection.NationView] = []
    for (k, nation) in world.nations.enumerated() {
      let game = try world.weightedGame(ofNation: k)
      let vetoes = Set(
        CoalitionStructure.vetoPlayers(of: game).map { nation.agents.lowerBound + $0 })
      let factions = nation.agents.map { i in
        let lo = agents.supportLower[i]
        let hi = agents.supportUpper[i]
        return Inspection.Faction(
          name: world.agents[i].name, weight: world.agents[i].weight, belief: agents.belief[i],
          ideal: UtilityShape.ideal(
            base: agents.ideal[i], kappa: agents.kappa[i], belief: agents.belief[i]),
          support: lo <= hi ? [lo, hi] : nil, veto: vetoes.contains(i),
          banzhaf: phases.tally.agentPower[i]
        )
      }
      let pivotal = factions.filter { $0.banzhaf > 0 }.sorted { $0.banzhaf > $1.banzhaf }.prefix(3)
        .map(\.name)
      views.append(
        Inspection.NationView(
          name: nation.name, rule: nation.rule.name, quota: world.ratificationQuota(ofNation: k),
          executive: world.agents[nation.executive].name,
          sidePaymentEfficiency: nation.sidePaymentEfficiency, factions: factions,
          vetoPlayers: factions.filter(\.veto).map(\.name), pivotalPlayers: Array(pivotal),
          winSet: issues.winSetIntervals(k, record: record),
          winSetWithoutSidePayments: issues.plainWinSetIntervals(k, record: record),
          winSetShare: issues.winSetShare(k, record: record)))
    }
    return Inspection(
      beliefs: trueBeliefs ? "true" : "perceived", issues: part.issues, nations: views,
      zopa: part.zopa, trueZOPA: part.trueZOPA, nash: part.nash, package: part.package,
      zopaShare: part.zopaShare, zopaByIssue: part.zopaByIssue, gains: part.gains,
      shares: part.shares, blocked: part.blocked)
  }
}
