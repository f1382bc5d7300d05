/// The run summary (MODEL.md section 4): what a run came to, with efficiency and
/// gains measured in true utilities.
///
/// New summary metrics go here.
enum RunSummarizer {
  static func summarize(_ simulation: borrowing Simulation) -> RunSummary {
    let world = simulation.world
    let agents = UnsafeAgents(simulation.agents)
    let nationWeights = simulation.nationWeights
    let negotiation = RunFacts(simulation)
    let agreement = negotiation.agreement
    let record = simulation.record
    let space = simulation.issueSpace
    let zopas = space.zopaIntervals(record: record)
    // Transfers move utility between factions; the deadweight part is lost.
    let moved = world.nations.indices.map { k in
      (negotiation.transfers[k] ?? []).reduce(0.0) {
        $0 + world.agents[$1.agent].weight * $1.amount
      }
    }
    let facts = space.dealFacts(
      DealInputs(
        world: world, weight: agents.weight, salience: agents.salience,
        nationWeights: nationWeights, moved: moved, agreement: agreement,
        package: negotiation.packageAgreement))
    let maxGain = facts.maxJoint
    let joint = facts.joint
    let paretoImprovement = facts.paretoImprovement
    var gains: [String: Double] = [:]
    var shares: [String: Double] = [:]
    for (k, nation) in world.nations.enumerated() where !facts.gains.isEmpty {
      gains[nation.name] = facts.gains[k]
    }
    if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
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
          (world.nations[$0].name, simulation.powerMethods[$0].rawValue)
        }))
    result.record(simulation.outcomeMetrics(), nations: world.nations)
    return result
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
    agreement = s.phases.negotiation.agreement
    packageAgreement = s.phases.negotiation.packageAgreement
    agreementStep = s.phases.negotiation.agreementStep
    projectAtAgreement = s.phases.negotiation.projectAtAgreement
    rounds = s.phases.negotiation.rounds
    defections = s.phases.negotiation.defections
    failures = s.phases.negotiation.failures
    transfers = s.phases.negotiation.transfers
    deadweight = s.phases.negotiation.deadweight
    firstBlockingStep = s.phases.tally.firstBlockingStep
    firstWinningStep = s.phases.tally.firstWinningStep
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
