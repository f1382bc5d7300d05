/// The run summary (MODEL.md section 4): what a run came to, with efficiency and
/// gains measured in true utilities.
///
/// New summary metrics go here.
enum RunSummarizer {
  static func summarize(_ simulation: borrowing Simulation) -> RunSummary {
    let world = simulation.world
    let agents = UnsafeAgents(simulation.agents)
    let utility = world.parameters.utility
    let nationWeights = simulation.nationWeights
    let trueZOPA = simulation.trueZOPA
    let negotiation = RunFacts(simulation)
    let agreement = negotiation.agreement
    let record = simulation.record
    let zopas = simulation.issueSpace.zopaIntervals(record: record)
    let theta = world.parameters.theta
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
          agents.weight[i]
          * (utility.utility(y, ideal: trueIdeal[i], salience: agents.salience[i])
            - trueReservation[i])
      }
      return total / nationWeights[k]
    }
    // Transfers move utility between factions; the deadweight part is lost.
    func moved(_ k: Int) -> Double {
      (negotiation.transfers[k] ?? []).reduce(0.0) {
        $0 + world.agents[$1.agent].weight * $1.amount
      }
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
    var gains: [String: Double] = [:]
    var shares: [String: Double] = [:]
    var joint = 0.0
    var paretoImprovement: [Double]?
    if let packages = simulation.packages {
      let facts = packageSummary(
        packages, agreement: negotiation.packageAgreement, nationWeights: nationWeights)
      maxGain = facts.maxJoint
      paretoImprovement = facts.dominatedBy
      for (k, nation) in world.nations.enumerated() where !facts.gains.isEmpty {
        gains[nation.name] = facts.gains[k] + moved(k) / nationWeights[k]
      }
      joint = facts.gains.indices.reduce(0.0) {
        $0 + facts.gains[$1] + moved($1) / nationWeights[$1]
      }
      if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
    } else if let y = agreement {
      for (k, nation) in world.nations.enumerated() {
        gains[nation.name] = gain(k, y) + moved(k) / nationWeights[k]
      }
      // In nation order: a Dictionary's order changes from process to process, and so
      // would the last bit of a floating-point sum over it.
      joint = world.nations.reduce(0.0) { $0 + (gains[$1.name] ?? 0) }
      if joint > 0 {
        for (name, g) in gains { shares[name] = g / joint }
      }
      // Pareto check on a fine grid of the true ZOPA.
      let deal = world.nations.indices.map { gain($0, y) }
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
    }
    let efficiency: Double? =
      agreement == nil ? 0 : (maxGain.map { $0 > 1e-12 ? joint / $0 : nil } ?? nil)
    var failuresByNation: [String: Int] = [:]
    for (k, nation) in world.nations.enumerated() {
      failuresByNation[nation.name] = negotiation.failures[k]
    }
    var result = RunSummary(
      steps: simulation.step, firstBlockingStep: negotiation.firstBlockingStep,
      firstWinningStep: negotiation.firstWinningStep,
      agreementStep: negotiation.agreementStep, outcome: agreement,
      projectAtAgreement: negotiation.projectAtAgreement,
      distanceToProject: agreement.flatMap { y in negotiation.projectAtAgreement.map { abs(y - $0) }
      },
      jointGain: joint, maxJointGain: maxGain, efficiency: efficiency, gainShares: shares,
      gains: gains, negotiationRounds: negotiation.rounds,
      involuntaryDefections: negotiation.defections,
      defectionRate: negotiation.rounds > 0
        ? Double(negotiation.defections) / Double(negotiation.rounds) : 0,
      ratificationFailures: failuresByNation, finalBeliefMean: record.beliefMean,
      finalCoalitionShare: record.coalitionShare,
      trueZOPA: zopas.true,
      finalPerceivedZOPA: zopas.perceived,
      transfers: Dictionary(
        uniqueKeysWithValues: negotiation.transfers.map { k, flows in
          (
            world.nations[k].name,
            flows.map { Transfer(agent: world.agents[$0.agent].name, amount: $0.amount) }
          )
        }),
      deadweightLoss: Dictionary(
        uniqueKeysWithValues: negotiation.deadweight.map { (world.nations[$0].name, $1) }),
      package: agreement == nil ? nil : (negotiation.packageAgreement ?? agreement.map { [$0] }),
      paretoInferior: agreement == nil ? nil : paretoImprovement != nil,
      paretoImprovement: paretoImprovement,
      powerMethods: Dictionary(
        uniqueKeysWithValues: world.nations.indices.map {
          (world.nations[$0].name, simulation.powerAccuracy[$0].method.rawValue)
        }),
      powerErrors: Dictionary(
        uniqueKeysWithValues: world.nations.indices.map {
          (world.nations[$0].name, simulation.powerAccuracy[$0].share)
        }))
    result.record(simulation.outcomeMetrics(), nations: world.nations)
    return result
  }

  /// Efficiency and Pareto facts of a package deal, in true gains.
  static func packageSummary(
    _ packages: PackageIssues, agreement: [Double]?, nationWeights: [Double]
  ) -> (gains: [Double], maxJoint: Double?, dominatedBy: [Double]?) {
    let space = packages.space
    let mask = packages.trueZOPAMask
    var maxJoint: Double?
    for g in mask.indices where mask[g] {
      let joint = packages.trueGains(space.point(g), nationWeights: nationWeights).reduce(0, +)
      if maxJoint.map({ joint > $0 }) ?? true { maxJoint = joint }
    }
    guard let y = agreement else { return ([], maxJoint, nil) }
    let gains = packages.trueGains(y, nationWeights: nationWeights)
    // Pareto-inferior: another point of the true ZOPA gives every nation more.
    var best: [Double]?
    var bestMargin = 1e-9
    for g in mask.indices where mask[g] {
      let candidate = space.point(g)
      let margin =
        zip(packages.trueGains(candidate, nationWeights: nationWeights), gains).map { $0 - $1 }
        .min() ?? 0
      if margin > bestMargin {
        bestMargin = margin
        best = candidate
      }
    }
    return (gains, maxJoint, best)
  }
}

/// What the summary reads from the phases: the negotiation record and the coalition's firsts.
private struct RunFacts {
  let agreement: Double?
  let packageAgreement: [Double]?
  let agreementStep: Int?
  let projectAtAgreement: Double?
  let rounds: Int
  let defections: Int
  let failures: [Int]
  let transfers: [Int: [(agent: Int, amount: Double)]]
  let deadweight: [Int: Double]
  let firstBlockingStep: Int?
  let firstWinningStep: Int?

  init(_ s: borrowing Simulation) {
    agreement = s.negotiation.agreement
    packageAgreement = s.negotiation.packageAgreement
    agreementStep = s.negotiation.agreementStep
    projectAtAgreement = s.negotiation.projectAtAgreement
    rounds = s.negotiation.rounds
    defections = s.negotiation.defections
    failures = s.negotiation.failures
    transfers = s.negotiation.transfers
    deadweight = s.negotiation.deadweight
    firstBlockingStep = s.tally.firstBlockingStep
    firstWinningStep = s.tally.firstWinningStep
  }
}

extension Simulation {
  /// The run's summary so far, with efficiency measured in true utilities.
  public func summary() -> RunSummary { RunSummarizer.summarize(self) }
}

/// Raw column pointers, so closures can read agent state without capturing the simulation.
private struct UnsafeAgents {
  let weight: UnsafeMutablePointer<Double>
  let salience: UnsafeMutablePointer<Double>

  init(_ agents: borrowing AgentState) {
    weight = agents.weight.base
    salience = agents.salience.base
  }
}
