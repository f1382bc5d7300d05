/// Several issues' part of inspections, run summaries and outcome metrics (``IssueSpace``):
/// deals are packages, and Pareto checks range over the package grid.
extension PackageIssues {
  mutating func inspection(
    world: World, agents: borrowing AgentState, negotiation: inout NegotiationPhase,
    nationWeights: [Double], record: borrowing StepRecord
  ) -> SpaceInspection {
    let space = self.space
    let deal = self.deal(agents: agents, negotiation: negotiation).y
    let weight = agents.weight.base
    let belief = agents.belief.base
    var gains: [String: Double] = [:]
    var shares: [String: Double] = [:]
    if let y = deal {
      for (k, nation) in world.nations.enumerated() {
        let total = nation.agents.reduce(0.0) { sum, i in
          sum + weight[i] * space.gain(space.position(world.agents[i], belief: belief[i]), at: y)
        }
        gains[nation.name] = total / nationWeights[k]
      }
      // Summed in nation order: deterministic.
      let joint = world.nations.reduce(0.0) { $0 + (gains[$1.name] ?? 0) }
      if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
    }
    var separate: [[[Double]]] = []
    for issue in 0..<space.issues {
      separate.append(Self.intervals(separateZOPA(issue, agents: agents)))
    }
    let zopas = zopaIntervals(record: record)
    return SpaceInspection(
      issues: space.issues, zopa: zopas.perceived, trueZOPA: zopas.true, nash: deal?[0],
      package: deal,
      zopaShare: record.perceivedZOPA.width.isNaN ? 0 : record.perceivedZOPA.width,
      zopaByIssue: separate, gains: gains, shares: shares,
      blocked: deal == nil
        ? (world.parameters.negotiation.linkage
          ? "no deal: no package is in every nation's win-set and acceptable to every executive"
          : "no deal: linkage is ruled out and no issue has a ZOPA of its own") : nil)
  }

  func dealFacts(_ inputs: DealInputs) -> DealFacts {
    let nationWeights = inputs.nationWeights
    let mask = trueZOPAMask
    var maxJoint: Double?
    for g in mask.indices where mask[g] {
      let joint = trueGains(space.point(g), nationWeights: nationWeights).reduce(0, +)
      if maxJoint.map({ joint > $0 }) ?? true { maxJoint = joint }
    }
    guard let y = inputs.package else {
      return DealFacts(gains: [], joint: 0, maxJoint: maxJoint, paretoImprovement: nil)
    }
    let deal = trueGains(y, nationWeights: nationWeights)
    // Pareto-inferior: another point of the true ZOPA gives every nation more.
    var best: [Double]?
    var bestMargin = 1e-9
    for g in mask.indices where mask[g] {
      let candidate = space.point(g)
      let margin =
        zip(trueGains(candidate, nationWeights: nationWeights), deal).map { $0 - $1 }.min() ?? 0
      if margin > bestMargin {
        bestMargin = margin
        best = candidate
      }
    }
    let gains = deal.indices.map { deal[$0] + inputs.moved[$0] / nationWeights[$0] }
    let joint = deal.indices.reduce(0.0) {
      $0 + deal[$1] + inputs.moved[$1] / nationWeights[$1]
    }
    return DealFacts(gains: gains, joint: joint, maxJoint: maxJoint, paretoImprovement: best)
  }

  func outcomeMetrics(deal y: [Double], world: World) -> OutcomeMetrics {
    OutcomeMetrics.evaluate(deal: y, world: world, space: space)
  }
}
