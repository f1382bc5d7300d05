import AccordNumerics

/// Settlement without linkage: each issue bargained on its own, the others at the status
/// quo, in the buffers of ``PackageIssues``.
extension PackageIssues {
  /// Linkage ruled out: each issue on its own, the others at the status quo, into
  /// `dealPoint`.
  ///
  /// An issue with no ZOPA of its own stays at the status quo; the deal is the settled issues.
  mutating func settleSeparately(
    agents: borrowing AgentState, negotiation: borrowing NegotiationPhase
  ) -> (made: Bool, zopaEmpty: Bool) {
    let belief = agents.belief.base
    for k in 0..<space.issues { dealPoint[k] = space.statusQuo[k] }
    var settled = false
    for issue in 0..<space.issues {
      computeSeparateZOPA(issue, agents: agents)
      swap(&domain, &issueZOPA)
      for (n, nation) in nations.enumerated() {
        let (lo, hi) = issueSupport(nation.executive, issue, belief: belief)
        domain.clipped(to: lo, hi, into: &domainScratch)
        swap(&domain, &domainScratch)
        issueStakes[n] = issueStake(nation.executive, issue, belief: belief)
      }
      let executives = issueStakes
      let shape = shape
      if let yk = NashBargaining.solve(
        domain: domain, weights: negotiation.bargainingWeights,
        gain: { n, v in
          -executives[n].salience * shape.loss(v - executives[n].ideal) + executives[n].slack
        }, minimizer: negotiation.brent)
      {
        dealPoint[issue] = yk
        settled = true
      }
    }
    return (settled, !settled)
  }

  /// Each issue's own ZOPA, the others at the status quo (for inspection).
  mutating func separateZOPA(_ issue: Int, agents: borrowing AgentState) -> IntervalSet {
    computeSeparateZOPA(issue, agents: agents)
    return issueZOPA
  }

  /// Each issue's own ZOPA, the others at the status quo, into `issueZOPA`.
  mutating func computeSeparateZOPA(_ issue: Int, agents: borrowing AgentState) {
    let belief = agents.belief.base
    for (k, nation) in nations.enumerated() {
      for (item, i) in nation.agents.enumerated() {
        let (lo, hi) = issueSupport(i, issue, belief: belief)
        issueSweep.set(item, lower: lo, upper: hi, weight: agents.weight[i], veto: agents.veto[i])
      }
      issueSweep.compute(items: nation.agents.count, rule: rules[k], into: &issueSets[k])
    }
    WinSetPhase.intersect(issueSets, nations, international, &zopaSweep, into: &issueZOPA)
  }

  /// Agent `i`'s ideal, salience and slack on one issue, the others at the status quo.
  func issueStake(_ i: Int, _ issue: Int, belief: UnsafePointer<Double>)
    -> (ideal: Double, salience: Double, slack: Double)
  {
    let stance = specs[i].stance(issue)
    let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: belief[i])
    let q = space.statusQuo[issue]
    return (x, stance.salience, stance.salience * shape.loss(q - x) - specs[i].outside)
  }

  /// Agent `i`'s support interval on one issue, the others at the status quo.
  func issueSupport(_ i: Int, _ issue: Int, belief: UnsafePointer<Double>) -> (Double, Double) {
    let s = issueStake(i, issue, belief: belief)
    let shape = UtilityShape(gamma: shape.gamma, statusQuo: space.statusQuo[issue])
    return shape.supportInterval(ideal: s.ideal, salience: s.salience, outside: specs[i].outside)
  }
}
