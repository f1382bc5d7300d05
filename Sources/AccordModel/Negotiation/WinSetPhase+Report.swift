/// One issue's part of inspections, run summaries and outcome metrics (``IssueSpace``).
extension WinSetPhase {
  mutating func inspection(
    world: World, agents: borrowing AgentState, negotiation: inout NegotiationPhase,
    nationWeights: [Double], record: borrowing StepRecord
  ) -> SpaceInspection {
    let shape = world.parameters.utility
    let nash = negotiation.executivesAgree(on: perceivedZOPA, agents: agents)
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
    return SpaceInspection(
      issues: 1, zopa: Self.intervals(perceivedZOPA), trueZOPA: Self.intervals(trueZOPA),
      nash: nash, package: nil, zopaShare: nil, zopaByIssue: nil, gains: gains,
      shares: shares,
      blocked: nash == nil ? blockage(world: world, agents: agents) : nil)
  }

  /// Names what stands in the way of a deal.
  private func blockage(world: World, agents: borrowing AgentState) -> String {
    let names = world.nations.map(\.name)
    let lower = agents.supportLower.base
    let upper = agents.supportUpper.base
    for (k, set) in winSets.enumerated() where set.isEmpty {
      let opposed = world.nations[k].agents.filter { lower[$0] > upper[$0] }
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

  func dealFacts(_ inputs: DealInputs) -> DealFacts {
    let world = inputs.world
    let utility = world.parameters.utility
    let theta = world.parameters.theta
    let nationWeights = inputs.nationWeights
    let weight = inputs.weight
    let salience = inputs.salience
    // Nation gain: the weight-weighted mean of its factions' true gains over no
    // agreement, u*_i(y) - d*_i, where d = u(q) + o is what no agreement is worth.
    // True positions, once: the gain is evaluated at a thousand points below.
    let trueIdeal = world.agents.map {
      UtilityShape.ideal(base: $0.ideal, kappa: $0.kappa, belief: theta)
    }
    let trueReservation = world.agents.indices.map {
      utility.reservation(
        ideal: trueIdeal[$0], salience: world.agents[$0].salience, outside: world.agents[$0].outside
      )
    }
    func gain(_ k: Int, _ y: Double) -> Double {
      var total = 0.0
      for i in world.nations[k].agents {
        total +=
          weight[i]
          * (utility.utility(y, ideal: trueIdeal[i], salience: salience[i]) - trueReservation[i])
      }
      return total / nationWeights[k]
    }
    func jointGain(_ y: Double) -> Double {
      (0..<world.nations.count).reduce(0.0) { $0 + gain($1, y) }
    }
    // The joint optimum is a weighted peak; over the true ZOPA the best point is the
    // peak clamped into one of its intervals.
    var values: [Double] = []
    var weights: [Double] = []
    for (k, nation) in world.nations.enumerated() {
      for i in nation.agents {
        let spec = world.agents[i]
        values.append(UtilityShape.ideal(base: spec.ideal, kappa: spec.kappa, belief: theta))
        weights.append(spec.weight * spec.salience / nationWeights[k])
      }
    }
    let peak = WeightedOptimum.peak(values: values, weights: weights, gamma: utility.gamma)
    var maxGain: Double?
    for s in 0..<trueZOPA.count {
      let y = min(max(peak, trueZOPA.lower[s]), trueZOPA.upper[s])
      let g = jointGain(y)
      if maxGain.map({ g > $0 }) ?? true { maxGain = g }
    }
    guard let y = inputs.agreement else {
      return DealFacts(gains: [], joint: 0, maxJoint: maxGain, paretoImprovement: nil)
    }
    let gains = world.nations.indices.map { gain($0, y) + inputs.moved[$0] / nationWeights[$0] }
    // In nation order: a Dictionary's order changes from process to process, and so
    // would the last bit of a floating-point sum over it.
    let joint = gains.reduce(0.0) { $0 + $1 }
    // Pareto check on a fine grid of the true ZOPA.
    let deal = world.nations.indices.map { gain($0, y) }
    var paretoImprovement: [Double]?
    var bestMargin = 1e-9
    for step in 0...1000 {
      let candidate = Double(step) / 1000
      guard trueZOPA.contains(candidate, tolerance: 0) else { continue }
      var margin = Double.infinity
      for k in deal.indices { margin = min(margin, gain(k, candidate) - deal[k]) }
      if margin > bestMargin {
        bestMargin = margin
        paretoImprovement = [candidate]
      }
    }
    return DealFacts(
      gains: gains, joint: joint, maxJoint: maxGain, paretoImprovement: paretoImprovement)
  }

  func outcomeMetrics(deal y: [Double], world: World) -> OutcomeMetrics {
    OutcomeMetrics.evaluate(deal: y, world: world, utility: world.parameters.utility)
  }
}
