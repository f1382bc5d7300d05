import AccordNumerics

/// Step 7: negotiation rounds, the executives' Nash bargain and ratification, and the
/// record of what came of them (agreement, involuntary defections, side payments).
struct NegotiationPhase: ~Copyable {
  let parameters: NegotiationParameters
  let nations: [Nation]
  let rules: [QuotaRule]
  let international: QuotaRule
  let bargainingWeights: [Double]
  let shape: UtilityShape
  let brent = BrentMinimizer()
  /// The Nelder-Mead workspace for polishing a package's Nash solution (D >= 2), owned for
  /// the run so that a round allocates nothing.
  let simplex: NelderMeadMinimizer
  // What happened so far.
  var rounds = 0
  var defections = 0
  /// Failed ratifications per nation.
  var failures: [Int]
  var agreementStep: Int?
  /// The agreed policy on issue 1, and on every issue.
  var agreement: Double?
  var packageAgreement: [Double]?
  var projectAtAgreement: Double?
  /// Side payments at the agreement, per nation: (agent, amount received; negative = paid).
  var transfers: [Int: [(agent: Int, amount: Double)]] = [:]
  var deadweight: [Int: Double] = [:]
  // Buffers.
  private var judgement: WinSetJudgement
  private var judgedZOPA = IntervalSet()
  private var domain = IntervalSet()
  private var domainScratch = IntervalSet()
  private var executiveGain: [(ideal: Double, salience: Double, reservation: Double)]

  init(world: World, rules: [QuotaRule], international: QuotaRule) {
    parameters = world.parameters.negotiation
    nations = world.nations
    self.rules = rules
    self.international = international
    bargainingWeights = world.nations.map(\.bargainingWeight)
    shape = world.parameters.utility
    failures = [Int](repeating: 0, count: world.nations.count)
    simplex = NelderMeadMinimizer(dimension: world.parameters.issues)
    // Without judgement noise the judged sets are never drawn: no buffers for them.
    let misjudged = WinSetJudgement.misjudges(world.nations)
    judgement = WinSetJudgement(
      nations: world.nations,
      capacity: misjudged ? world.nations.map(\.agents.count).max() ?? 0 : 0)
    executiveGain = [(ideal: Double, salience: Double, reservation: Double)](
      repeating: (0, 0, 0), count: world.nations.count)
    let n = world.agents.count
    if misjudged { judgedZOPA.reserveCapacity(n + 1) }
    domain.reserveCapacity(n + 1)
    domainScratch.reserveCapacity(n + 1)
  }

  /// Whether this step holds a round: not once an agreement is in force (the record
  /// then shows it), and only every `interval` steps.
  mutating func opensRound(step: Int, record: inout StepRecord) -> Bool {
    if let y = packageAgreement {
      record.negotiation = .inForce
      for k in y.indices { record.outcomes[k] = y[k] }
      record.outcome = y[0]
      return false
    }
    for k in record.outcomes.indices { record.outcomes[k] = .nan }
    record.outcome = .nan
    guard step % parameters.interval == 0 else {
      record.negotiation = .none
      return false
    }
    rounds += 1
    return true
  }

  /// Records the ratification vote on a signed deal `y`; true when the run stops here.
  mutating func conclude(
    passes: Bool, deal y: UnsafeBufferPointer<Double>, project: Double, step: Int,
    record: inout StepRecord
  ) -> Bool {
    guard passes else {
      defections += 1
      record.negotiation = .defection
      return false
    }
    packageAgreement = Array(y)
    agreement = y[0]
    agreementStep = step
    projectAtAgreement = project.isNaN ? nil : project
    record.negotiation = .agreement
    for k in y.indices { record.outcomes[k] = y[k] }
    record.outcome = y[0]
    return parameters.stopAtAgreement
  }

  /// A round on one issue; true when the run stops at an agreement.
  mutating func run(
    step: Int, project: Double, winSets: inout WinSetPhase, agents: borrowing AgentState,
    specs: [AgentSpec], random: borrowing RandomStream, record: inout StepRecord
  ) -> Bool {
    guard opensRound(step: step, record: &record) else { return false }
    // Executives may misjudge win-sets; they bargain over the ZOPA as they judge it.
    let misjudged = WinSetJudgement.misjudges(nations)
    if misjudged {
      judgement.judge(winSets.winSets, nations: nations, random: random)
      winSets.intersect(judgement.judged, into: &judgedZOPA)
    }
    guard !(misjudged ? judgedZOPA : winSets.perceivedZOPA).isEmpty else {
      record.negotiation = .noZOPA
      return false
    }
    let agreed =
      misjudged
      ? executivesAgree(on: judgedZOPA, agents: agents)
      : executivesAgree(on: winSets.perceivedZOPA, agents: agents)
    guard let y = agreed else {
      record.negotiation = .noDeal
      return false
    }
    // Ratification with the factions' beliefs now.
    var ratifiedWeight = 0.0
    var ratifiedCount = 0
    for (k, nation) in nations.enumerated() {
      if winSets.winSets[k].contains(y) {
        ratifiedWeight += nation.internationalWeight
        ratifiedCount += 1
      } else {
        failures[k] += 1
      }
    }
    let passes = international.isWinning(
      weight: ratifiedWeight, vetoes: international.vetoPlayers > 0 ? ratifiedCount : 0)
    if passes { recordTransfers(at: y, winSets: winSets, agents: agents, specs: specs) }
    var deal = y
    return withUnsafePointer(to: &deal) { y in
      conclude(
        passes: passes, deal: UnsafeBufferPointer(start: y, count: 1), project: project,
        step: step, record: &record)
    }
  }

  /// The asymmetric Nash solution over `zopa` intersected with every executive's
  /// support set (each signs only what it prefers to no agreement), at current beliefs.
  mutating func executivesAgree(on zopa: IntervalSet, agents: borrowing AgentState) -> Double? {
    domain.removeAll()
    for s in 0..<zopa.count { domain.append(zopa.lower[s], zopa.upper[s]) }
    for (k, nation) in nations.enumerated() {
      let e = nation.executive
      domain.clipped(to: agents.supportLower[e], agents.supportUpper[e], into: &domainScratch)
      swap(&domain, &domainScratch)
      let x = UtilityShape.ideal(
        base: agents.ideal[e], kappa: agents.kappa[e], belief: agents.belief[e])
      executiveGain[k] = (
        x, agents.salience[e],
        shape.reservation(ideal: x, salience: agents.salience[e], outside: agents.outside[e])
      )
    }
    let shape = shape
    let gains = executiveGain
    return NashBargaining.solve(
      domain: domain, weights: bargainingWeights,
      gain: { n, y in
        shape.utility(y, ideal: gains[n].ideal, salience: gains[n].salience)
          - gains[n].reservation
      }, minimizer: brent)
  }

  /// Side payments that carry the deal in nations that needed them: receivers get
  /// their losses; winners pay in proportion to their surplus, `cost / lambda` in all.
  private mutating func recordTransfers(
    at y: Double, winSets: borrowing WinSetPhase, agents: borrowing AgentState, specs: [AgentSpec]
  ) {
    for (k, nation) in nations.enumerated() where nation.sidePaymentEfficiency > 0 {
      guard !winSets.plainWinSets[k].contains(y) else { continue }
      let veto = agents.veto.base
      let belief = agents.belief.base
      var workspace = SidePayments.Workspace(capacity: nation.agents.count)
      workspace.load(
        agents: nation.agents, specs: specs, veto: { veto[$0] }, shape: shape,
        belief: { belief[$0] })
      workspace.evaluate(at: y, shape: shape)
      recordTransfers(nation: k, stakes: workspace.stakes)
    }
  }

  /// The side payments that buy nation `k`'s ratification, given its factions' stakes
  /// in the deal (nothing when no purchase is needed or possible).
  mutating func recordTransfers(nation k: Int, stakes: [SidePayments.Stake]) {
    let purchase = SidePayments.purchase(stakes, rule: rules[k])
    guard purchase.feasible, purchase.cost > 0, purchase.surplus > 0 else { return }
    let paid = purchase.cost / nations[k].sidePaymentEfficiency
    var flows: [(agent: Int, amount: Double)] = purchase.receivers
    for stake in stakes where stake.weight > 0 && stake.gain > 0 {
      flows.append((stake.agent, -paid * stake.gain / purchase.surplus))
    }
    transfers[k] = flows
    deadweight[k] = paid - purchase.cost
  }
}
