import AccordPower

/// The world at step 0, as `accord inspect` shows it: factions, rules, win-sets, the
/// ZOPA, the Nash solution, and what blocks when there is no deal.
public struct Inspection: Sendable, Codable {
  public struct Faction: Sendable, Codable {
    public var name: String
    public var weight: Double
    public var belief: Double
    public var ideal: Double
    /// The policies it supports over no agreement (nil: none).
    public var support: [Double]?
    public var veto: Bool
    /// Normalised Banzhaf index in its nation's ratification game.
    public var banzhaf: Double
  }

  public struct NationView: Sendable, Codable {
    public var name: String
    public var rule: String
    public var quota: Double
    public var executive: String
    public var sidePaymentEfficiency: Double
    public var factions: [Faction]
    public var vetoPlayers: [String]
    /// The factions with the largest Banzhaf power (up to three).
    public var pivotalPlayers: [String]
    /// With several issues: the win-set's extent on issue 1.
    public var winSet: [[Double]]
    public var winSetWithoutSidePayments: [[Double]]
    /// With several issues: the win-set's share of the policy space.
    public var winSetShare: Double?
    /// How the Banzhaf indices were computed, with an approximation's stated error.
    public var power: String? = nil
  }

  public var beliefs: String
  public var issues: Int
  public var nations: [NationView]
  public var zopa: [[Double]]
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
    _ = tally.scan(
      agents: agents, support: IntervalSupport(project: .nan), recruiting: false,
      candidates: persuasion.candidates)
    if var space = packages {
      packages = nil
      space.compute(agents: agents, specs: world.agents, record: &record)
      packages = space
    } else {
      winSetPhase.compute(agents: agents, specs: world.agents, record: &record)
    }
    let issues = issueSpace
    let shape = world.parameters.utility
    func intervals(_ set: IntervalSet) -> [[Double]] {
      set.intervals.map { [$0.lowerBound, $0.upperBound] }
    }
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
          support: lo <= hi ? [lo, hi] : nil, veto: vetoes.contains(i), banzhaf: tally.agentPower[i]
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
          winSetShare: issues.winSetShare(k, record: record),
          power: powerAccuracy[k].description))
    }
    if var packages {
      let space = packages.space
      let deal = packages.deal(agents: agents, negotiation: negotiation).y
      var gains: [String: Double] = [:]
      var shares: [String: Double] = [:]
      if let y = deal {
        for (k, nation) in world.nations.enumerated() {
          let total = nation.agents.reduce(0.0) { sum, i in
            sum + agents.weight[i]
              * space.gain(space.position(world.agents[i], belief: agents.belief[i]), at: y)
          }
          gains[nation.name] = total / nationWeights[k]
        }
        // Summed in nation order: deterministic.
        let joint = world.nations.reduce(0.0) { $0 + (gains[$1.name] ?? 0) }
        if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
      }
      let separate = (0..<space.issues).map {
        intervals(packages.separateZOPA($0, agents: agents))
      }
      return Inspection(
        beliefs: trueBeliefs ? "true" : "perceived", issues: space.issues, nations: views,
        zopa: issues.zopaIntervals(record: record).perceived,
        trueZOPA: issues.zopaIntervals(record: record).true,
        nash: deal?[0], package: deal,
        zopaShare: record.perceivedZOPA.width.isNaN ? 0 : record.perceivedZOPA.width,
        zopaByIssue: separate, gains: gains, shares: shares,
        blocked: deal == nil
          ? (world.parameters.negotiation.linkage
            ? "no deal: no package is in every nation's win-set and acceptable to every executive"
            : "no deal: linkage is ruled out and no issue has a ZOPA of its own") : nil)
    }
    let nash = negotiation.executivesAgree(on: winSetPhase.perceivedZOPA, agents: agents)
    var gains: [String: Double] = [:]
    var shares: [String: Double] = [:]
    if let y = nash {
      for (k, nation) in world.nations.enumerated() {
        var welfare = 0.0
        for i in nation.agents {
          let x = UtilityShape.ideal(
            base: agents.ideal[i], kappa: agents.kappa[i], belief: agents.belief[i])
          welfare +=
            agents.weight[i]
            * (shape.utility(y, ideal: x, salience: agents.salience[i])
              - shape.reservation(
                ideal: x, salience: agents.salience[i], outside: agents.outside[i]))
        }
        gains[nation.name] = welfare / nationWeights[k]
      }
      // Summed in nation order: deterministic.
      let joint = world.nations.reduce(0.0) { $0 + (gains[$1.name] ?? 0) }
      if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
    }
    return Inspection(
      beliefs: trueBeliefs ? "true" : "perceived", issues: 1, nations: views,
      zopa: intervals(perceivedZOPA),
      trueZOPA: intervals(trueZOPA), nash: nash, package: nil, zopaShare: nil, zopaByIssue: nil,
      gains: gains, shares: shares,
      blocked: nash == nil ? blockage() : nil)
  }

  /// Names what stands in the way of a deal.
  private func blockage() -> String {
    let names = world.nations.map(\.name)
    for (k, set) in winSets.enumerated() where set.isEmpty {
      let opposed = world.nations[k].agents.filter {
        agents.supportLower[$0] > agents.supportUpper[$0]
      }
      .map { world.agents[$0].name }
      return "no deal: nation \(names[k])'s win-set is empty"
        + (opposed.isEmpty
          ? ""
          : " (supporting nothing: \(opposed.prefix(5).joined(separator: ", "))\(opposed.count > 5 ? ", ..." : ""))")
    }
    if perceivedZOPA.isEmpty {
      for a in winSets.indices {
        for b in winSets.indices where b > a {
          if winSets[a].intersection(winSets[b]).isEmpty {
            return
              "no deal: nation \(names[b])'s win-set \(winSets[b]) does not meet \(names[a])'s \(winSets[a])"
          }
        }
      }
      return "no deal: the win-sets meet pairwise but no point is in enough of them at once"
    }
    return
      "no deal: no point of the ZOPA \(perceivedZOPA) leaves every executive at least as well off as no agreement"
  }
}
