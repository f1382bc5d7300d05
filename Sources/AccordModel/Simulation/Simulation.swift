import AccordNumerics
import AccordPower

/// Receives every step of a run, e.g. to stream it to disk.
public protocol StepObserver: ~Copyable {
  /// Called after each step with the simulation in its post-step state.
  mutating func observe(_ simulation: borrowing Simulation) throws
}

/// One run of a world: the step loop of MODEL.md section 3.
///
/// Owns its random stream and GSL workspaces, so runs on different threads share
/// nothing. All per-step buffers are allocated in `init`; `advance()` allocates
/// nothing and calls no protocol or class methods per agent.
public struct Simulation: ~Copyable {
  public let world: World
  public let seed: UInt32
  public internal(set) var agents: AgentState
  /// The last completed step's time-series row.
  public internal(set) var record: StepRecord
  public private(set) var step = 0
  /// True once the run stopped at an agreement.
  public internal(set) var isFinished = false
  /// Each nation's win-set at current beliefs (with side payments, where allowed).
  public private(set) var winSets: [IntervalSet]
  /// Win-sets without side payments, for nations that allow them (others: empty).
  private var plainWinSets: [IntervalSet]
  /// Each nation's win-set when everyone knows `theta*`.
  public let trueWinSets: [IntervalSet]
  public private(set) var perceivedZOPA = IntervalSet()
  public let trueZOPA: IntervalSet

  private let random: RandomStream
  let brent: BrentMinimizer
  let utility: UtilityShape
  let nationRules: [QuotaRule]
  let internationalRule: QuotaRule
  let believers: [Int]
  let nationWeights: [Double]
  let bargainingWeights: [Double]
  var nationSweeps: [CoverageSweep]
  var zopaSweep = CoverageSweep()
  private var judgedWinSets: [IntervalSet]
  private var judgedZOPA = IntervalSet()
  private var domain = IntervalSet()
  private var domainScratch = IntervalSet()
  private var beliefOrder: Column<Int32>
  private var beliefSorter = BucketSort()
  private let histogram: Column<Int32>
  private let sortedBeliefs: Column<Double>
  private let prefixWeighted: Column<Double>
  private let prefixWeight: Column<Double>
  let candidates: Column<Int32>
  /// Tie strength times the listener's trust in the neighbour's credibility, per stored edge.
  private let edgeTrust: Column<Double>
  /// `o / s` per agent, constant, so support intervals need no division.
  private let outsideRatio: Column<Double>
  private var picked: [Int32]
  private var pickedScore: [Double]
  var peakWorkspace = WeightedOptimum.Workspace()
  private var executiveGain: [(ideal: Double, salience: Double, reservation: Double)]
  // Summary tracking.
  var firstBlockingStep: Int?
  var firstWinningStep: Int?
  var agreementStep: Int?
  var agreement: Double?
  var projectAtAgreement: Double?
  var rounds = 0
  var defections = 0
  var failures: [Int]
  /// Side payments at the agreement, per nation: (agent, amount received; negative = paid).
  var transfers: [Int: [(agent: Int, amount: Double)]] = [:]
  private var deadweight: [Int: Double] = [:]
  // Several issues (nil with one issue).
  let package: PackageSpace?
  var projectVector: [Double] = []
  var winMasks: [[Bool]] = []
  var zopaMask: [Bool] = []
  var trueZOPAMask: [Bool] = []
  var packageAgreement: [Double]?
  var coalitionWeight: [Double]
  var coalitionVetoes: [Int]
  var coalitionPower: [Double]
  /// Each agent's normalised Banzhaf index in its nation's ratification game.
  let agentPower: Column<Double>
  /// Each nation's quota as an absolute weight (its weighted game's quota).
  private let quotaWeight: [Double]
  private let powerMethods: [PowerMethod]

  /// Prepares a run of `world` with the given seed; nothing is drawn yet.
  public init(world: World, seed: UInt32) throws {
    // Every throwing call comes before the first stored property is set: a
    // non-copyable initialiser cannot unwind a partly built value.
    let (power, quotas, methods) = try Self.power(of: world)
    let stream = try RandomStream(
      seed: SeedStreams.dynamics(seed), algorithm: world.parameters.randomAlgorithm)
    self.world = world
    self.seed = seed
    let n = world.agents.count
    let nationCount = world.nations.count
    utility = world.parameters.utility
    random = stream
    brent = BrentMinimizer()

    var veto = [Bool](repeating: false, count: n)
    var rules: [QuotaRule] = []
    for nation in world.nations {
      var vetoes = 0
      switch nation.rule {
      case .unanimity:
        for i in nation.agents where world.agents[i].weight > 0 {
          veto[i] = true
          vetoes += 1
        }
      case .executiveVeto:
        veto[nation.executive] = true
        vetoes = 1
      case .majority, .supermajority: break
      }
      rules.append(
        QuotaRule(
          total: nation.agents.reduce(0.0) { $0 + world.agents[$1].weight },
          quota: nation.rule.quota, vetoPlayers: vetoes))
    }
    nationRules = rules
    nationWeights = rules.map(\.total)
    bargainingWeights = world.nations.map(\.bargainingWeight)
    let internationalTotal = world.nations.reduce(0.0) { $0 + $1.internationalWeight }
    switch world.parameters.negotiation.international {
    case .all:
      internationalRule = QuotaRule(total: internationalTotal, quota: 1, vetoPlayers: nationCount)
    case .quota(let q):
      internationalRule = QuotaRule(total: internationalTotal, quota: q, vetoPlayers: 0)
    }
    agents = AgentState(specs: world.agents, veto: veto)
    believers = world.agents.indices.filter { world.agents[$0].believer }
    record = StepRecord(nations: nationCount, issues: world.parameters.issues)
    nationSweeps = world.nations.map { CoverageSweep(capacity: $0.agents.count) }
    winSets = [IntervalSet](repeating: IntervalSet(), count: nationCount)
    plainWinSets = winSets
    judgedWinSets = winSets
    for k in 0..<nationCount {
      winSets[k].reserveCapacity(world.nations[k].agents.count + 1)
      judgedWinSets[k].reserveCapacity(world.nations[k].agents.count + 1)
    }
    beliefOrder = Column((0..<n).map { Int32($0) })
    histogram = Column(
      repeating: 0, count: Int((1 / world.parameters.clusters.gap).rounded(.up)) + 1)
    let complete = world.graph.isComplete
    sortedBeliefs = Column(repeating: 0, count: complete ? n : 0)
    prefixWeighted = Column(repeating: 0, count: complete ? n + 1 : 0)
    prefixWeight = Column(repeating: 0, count: complete ? n + 1 : 0)
    candidates = Column(repeating: 0, count: n)
    edgeTrust = Column(
      world.graph.targets.indices.map {
        world.graph.weights[$0] * world.agents[Int(world.graph.targets[$0])].credibility
      })
    outsideRatio = Column(
      world.agents.map {
        $0.salience > 0 ? $0.outside / $0.salience : ($0.outside <= 0 ? -.infinity : .infinity)
      })
    picked = []
    pickedScore = []
    picked.reserveCapacity(world.parameters.persuasion.attempts)
    pickedScore.reserveCapacity(world.parameters.persuasion.attempts)
    executiveGain = [(ideal: Double, salience: Double, reservation: Double)](
      repeating: (0, 0, 0), count: nationCount)
    failures = [Int](repeating: 0, count: nationCount)
    coalitionWeight = [Double](repeating: 0, count: nationCount)
    coalitionVetoes = [Int](repeating: 0, count: nationCount)
    coalitionPower = [Double](repeating: 0, count: nationCount)
    agentPower = Column(power)
    package =
      world.parameters.issues > 1
      ? PackageSpace(
        issues: world.parameters.issues, statusQuo: world.parameters.statusQuos, shape: utility)
      : nil
    quotaWeight = quotas
    powerMethods = methods
    // Believers and weights never change, so neither does the believers' share.
    record.believerShare =
      zip(world.nations, rules).reduce(0.0) { sum, pair in
        sum + pair.0.agents.reduce(0.0) {
          $0 + (world.agents[$1].believer ? world.agents[$1].weight : 0)
        }
          / pair.1.total
      } / Double(nationCount)

    // The true win-sets and ZOPA do not change: compute them once, at theta*.
    let theta = world.parameters.theta
    var trueSets: [IntervalSet] = []
    for (k, nation) in world.nations.enumerated() {
      var sweep = CoverageSweep(capacity: nation.agents.count)
      for (item, i) in nation.agents.enumerated() {
        let spec = world.agents[i]
        let x = UtilityShape.ideal(base: spec.ideal, kappa: spec.kappa, belief: theta)
        let (lo, hi) = utility.supportInterval(
          ideal: x, salience: spec.salience, outside: spec.outside)
        sweep.set(item, lower: lo, upper: hi, weight: spec.weight, veto: veto[i])
      }
      var set = IntervalSet()
      sweep.compute(items: nation.agents.count, rule: rules[k], into: &set)
      if nation.sidePaymentEfficiency > 0 {
        let plain = set
        SidePayments.winSet(
          plain: plain, efficiency: nation.sidePaymentEfficiency, rule: rules[k],
          stakes: { y in Self.stakes(world, nation: k, at: y, veto: veto) { _ in theta } },
          into: &set)
      }
      trueSets.append(set)
    }
    trueWinSets = trueSets
    var zopa = IntervalSet()
    Self.intersect(trueSets, world.nations, internationalRule, &zopaSweep, into: &zopa)
    trueZOPA = zopa
    record.trueZOPA = SetBounds(zopa)
    if let space = package {
      trueZOPAMask = trueMask()
      record.trueZOPA = space.bounds(trueZOPAMask)
    }
    perceivedZOPA.reserveCapacity(n + 1)
    judgedZOPA.reserveCapacity(n + 1)
    domain.reserveCapacity(n + 1)
    domainScratch.reserveCapacity(n + 1)
  }

  /// Each agent's normalised Banzhaf index in its nation's game, each nation's absolute
  /// quota, and how the indices were computed.
  ///
  /// Banzhaf power never changes during a run: it is computed once. Large games with
  /// fractional weights are sampled with a fixed budget of coin flips, from a seed that
  /// depends only on the nation, so every replicate sees the same values.
  private static func power(of world: World) throws -> ([Double], [Double], [PowerMethod]) {
    var power = [Double](repeating: 0, count: world.agents.count)
    var quotas: [Double] = []
    var methods: [PowerMethod] = []
    for k in world.nations.indices {
      let game = try world.weightedGame(ofNation: k)
      let size = world.nations[k].agents.count
      let (shares, method) = PowerIndex.banzhafShares(
        game, samples: min(20_000, max(2_000, 5_000_000 / max(size, 1))), seed: UInt32(k + 1))
      for (local, i) in world.nations[k].agents.enumerated() { power[i] = shares[local] }
      quotas.append(game.quota)
      methods.append(method)
    }
    return (power, quotas, methods)
  }

  /// Runs up to `steps` steps (fewer if the run stops at an agreement), reporting each.
  public mutating func run<O: StepObserver & ~Copyable>(steps: Int, observer: inout O) throws {
    while step < steps && !isFinished {
      advance()
      try observer.observe(self)
    }
  }

  /// Runs up to `steps` steps without observing them.
  public mutating func run(steps: Int) {
    while step < steps && !isFinished { advance() }
  }

  /// Performs one step.
  public mutating func advance() {
    step += 1
    let parameters = world.parameters
    observeEvidence(parameters.evidence)
    learnSocially(parameters.learning)
    let (consensus, credibility) = communityConsensus()
    if package != nil {
      // Several issues: the same steps on packages (Simulation+Packages.swift).
      advancePackages(consensus: consensus, credibility: credibility)
    } else {
      let project = communityProject(consensus: consensus)
      record.consensus = consensus
      record.project = project
      let candidates = scanAgents(project: project)
      record.persuaded =
        candidates == 0
        ? 0
        : persuade(
          candidates: candidates, consensus: consensus, credibility: credibility, project: project)
      tallyCoalition()
      computeWinSets()
      negotiate(parameters.negotiation, project: project)
      record.perceivedZOPA = SetBounds(perceivedZOPA)
      for k in winSets.indices { record.nationWinSet[k] = SetBounds(winSets[k]) }
      record.outcomes[0] = record.outcome
    }
    summarizeBeliefs(parameters.clusters)
    record.step = step
  }

  // MARK: 1. Evidence

  private mutating func observeEvidence(_ evidence: EvidenceParameters) {
    guard evidence.trials > 0, step % evidence.interval == 0 else { return }
    let k = random.binomial(p: world.parameters.theta, trials: evidence.trials)
    let gain = evidence.attention * Double(k)
    let total = evidence.attention * Double(evidence.trials)
    let delta = evidence.forgetting
    // Local pointers: stores through them could alias `self`, which would make the
    // compiler reload every column base each iteration.
    let belief = agents.belief.base
    let concentration = agents.concentration.base
    let access = agents.access.base
    for i in 0..<agents.count {
      // One draw per agent, seen or not, so that access levels do not shift the stream;
      // the update is computed always and selected, since who sees is unpredictable.
      let seen = random.uniform() < access[i]
      let p = belief[i]
      let c = concentration[i]
      let updated = Evidence.update(
        belief: p, concentration: c, gain: gain, total: total, forgetting: delta)
      belief[i] = seen ? updated.belief : p
      concentration[i] = seen ? updated.concentration : c
    }
  }

  // MARK: 2. Social learning

  private mutating func learnSocially(_ learning: LearningParameters) {
    let n = agents.count
    let graph = world.graph
    switch learning.mode {
    case .none:
      return
    case .deffuant:
      SocialLearning.deffuant(
        count: n, interactions: Int((learning.deffuantRate * Double(n)).rounded()),
        mu: learning.deffuantStep, p: agents.belief.base, lambda: agents.lambda.base,
        eps: agents.eps.base, graph: graph, random: random)
    case .degroot, .friedkinJohnsen, .hegselmannKrause:
      if graph.isComplete {
        sortedBeliefs.assign(from: agents.belief)
        for i in 0..<n { beliefOrder[i] = Int32(i) }
        beliefSorter.sort(keys: sortedBeliefs.base, ids: beliefOrder.base, count: n)
        SocialLearning.synchronousComplete(
          mode: learning.mode, count: n, p: agents.belief.base, next: agents.nextBelief.base,
          anchor: agents.anchor.base, lambda: agents.lambda.base, eps: agents.eps.base,
          credibility: agents.credibility.base, order: beliefOrder.base,
          sorted: sortedBeliefs.base, prefixWeighted: prefixWeighted.base,
          prefixWeight: prefixWeight.base)
      } else {
        graph.offsets.withUnsafeBufferPointer { offsets in
          graph.targets.withUnsafeBufferPointer { targets in
            SocialLearning.synchronousSparse(
              mode: learning.mode, count: n, p: agents.belief.base, next: agents.nextBelief.base,
              anchor: agents.anchor.base, lambda: agents.lambda.base, eps: agents.eps.base,
              offsets: offsets.baseAddress!, targets: targets.baseAddress!, trust: edgeTrust.base)
          }
        }
      }
      agents.belief.exchange(with: &agents.nextBelief)
    }
  }

  // MARK: 3. Epistemic community

  /// The credibility-weighted mean belief of the believers, and their mean credibility.
  func communityConsensus() -> (Double, Double) {
    guard !believers.isEmpty else { return (.nan, .nan) }
    var sum = 0.0
    var norm = 0.0
    for i in believers {
      sum += agents.credibility[i] * agents.belief[i]
      norm += agents.credibility[i]
    }
    let mean = norm > 0 ? sum / norm : .nan
    return (mean, norm / Double(believers.count))
  }

  /// The policy maximising the believers' summed utility at the consensus.
  private mutating func communityProject(consensus: Double) -> Double {
    guard !consensus.isNaN else { return .nan }
    let believers = believers
    let agents = UnsafeAgents(agents)
    return WeightedOptimum.peak(
      count: believers.count, gamma: utility.gamma,
      value: {
        UtilityShape.ideal(
          base: agents.ideal[believers[$0]], kappa: agents.kappa[believers[$0]], belief: consensus)
      },
      weight: { agents.salience[believers[$0]] }, workspace: &peakWorkspace)
  }

  // MARK: 4. Support and persuasion

  /// One pass over the agents: support intervals, coalition membership and per-nation
  /// tallies, and the persuasion candidates (agents outside the coalition). Returns
  /// the number of candidates.
  mutating func scanAgents(project: Double) -> Int {
    let n = agents.count
    var count = 0
    let recruiting = !project.isNaN && world.parameters.persuasion.attempts > 0
    let belief = agents.belief.base
    let ideal = agents.ideal.base
    let kappa = agents.kappa.base
    let ratio = outsideRatio.base
    let lower = agents.supportLower.base
    let upper = agents.supportUpper.base
    let believer = agents.believer.base
    let member = agents.member.base
    let weights = agents.weight.base
    let veto = agents.veto.base
    let candidates = candidates.base
    let power = agentPower.base
    let utility = utility
    for (k, nation) in world.nations.enumerated() {
      var weight = 0.0
      var powerSum = 0.0
      var vetoes = 0
      for i in nation.agents {
        let x = UtilityShape.ideal(base: ideal[i], kappa: kappa[i], belief: belief[i])
        let (lo, hi) = utility.supportInterval(ideal: x, outsideRatio: ratio[i])
        lower[i] = lo
        upper[i] = hi
        // Integer masks rather than `&&`, whose short circuit is an unpredictable branch.
        let inside = (lo <= project ? 1 : 0) & (project <= hi ? 1 : 0)
        let isMember = (believer[i] ? 1 : 0) | inside
        member[i] = isMember != 0
        let m = Double(isMember)
        weight += m * weights[i]
        powerSum += m * power[i]
        vetoes += isMember & (veto[i] ? 1 : 0)
        // Always write, advance only for a candidate: no unpredictable branch.
        candidates[min(count, n - 1)] = Int32(i)
        count += (recruiting ? 1 : 0) & (1 - isMember)
      }
      coalitionWeight[k] = weight
      coalitionVetoes[k] = vetoes
      coalitionPower[k] = powerSum
    }
    return count
  }

  @inline(__always)
  func updateSupport(_ i: Int) {
    let x = UtilityShape.ideal(
      base: agents.ideal[i], kappa: agents.kappa[i], belief: agents.belief[i])
    let (lo, hi) = utility.supportInterval(ideal: x, outsideRatio: outsideRatio[i])
    agents.supportLower[i] = lo
    agents.supportUpper[i] = hi
  }

  @inline(__always)
  private func supports(_ i: Int, _ y: Double) -> Bool {
    agents.supportLower[i] <= y && y <= agents.supportUpper[i]
  }

  /// `K` attempts on distinct non-members; returns the number of successes.
  mutating func persuade(
    candidates available: Int, consensus: Double, credibility cEC: Double, project: Double
  ) -> Int {
    let parameters = world.parameters.persuasion
    var count = available
    if let target = parameters.targetNation {
      // Reach across the border: keep only the target nation's candidates.
      var kept = 0
      for c in 0..<count where Int(agents.nation[Int(candidates[c])]) == target {
        candidates[kept] = candidates[c]
        kept += 1
      }
      count = kept
      guard count > 0 else { return 0 }
    }
    let k = min(parameters.attempts, count)
    picked.removeAll(keepingCapacity: true)
    pickedScore.removeAll(keepingCapacity: true)
    switch parameters.strategy {
    case .random:
      // Partial Fisher-Yates: k distinct uniform picks.
      for a in 0..<k {
        let r = a + random.uniformInt(count - a)
        let chosen = candidates[r]
        candidates[r] = candidates[a]
        candidates[a] = chosen
        picked.append(chosen)
      }
    case .alliesFirst, .weightFirst, .pivotalFirst, .backwardMapping:
      let strategy = parameters.strategy
      var cutoff = Double.infinity
      for c in 0..<count {
        let i = Int(candidates[c])
        // The common strategies inline; the structural ones look further afield.
        let score =
          switch strategy {
          case .alliesFirst: abs(agents.belief[i] - consensus)
          case .weightFirst: -agents.weight[i] / nationWeights[Int(agents.nation[i])]
          default: recruitmentScore(i, strategy, consensus: consensus)
          }
        // Most candidates lose to the current k-th best: test before inserting.
        if score < cutoff {
          insertTop(Int32(i), score: score, limit: k)
          if picked.count == k { cutoff = pickedScore[k - 1] }
        }
      }
    }
    var successes = 0
    for target in picked {
      let j = Int(target)
      let pj = agents.belief[j]
      guard abs(pj - consensus) <= agents.eps[j] + SocialLearning.boundTolerance else {
        _ = random.uniform()
        continue
      }
      let chance = agents.lambda[j] * cEC / (cEC + agents.credibility[j])
      if random.uniform() < chance {
        (agents.belief[j], agents.concentration[j]) = parameters.update.apply(
          belief: pj, concentration: agents.concentration[j], message: consensus,
          step: parameters.step, pseudoObservations: parameters.pseudoObservations)
        refreshMembership(j, project: project)
        successes += 1
        // Those who defer to j follow it.
        let deference = world.deference
        if !deference.isEmpty {
          for e in Int(deference.offsets[j])..<Int(deference.offsets[j + 1]) {
            let f = Int(deference.followers[e])
            agents.belief[f] += deference.strengths[e] * (agents.belief[j] - agents.belief[f])
            refreshMembership(f, project: project)
          }
        }
      }
    }
    return successes
  }

  /// Recomputes agent `i`'s support after its belief changed, and moves it into or out
  /// of the coalition's tallies.
  private mutating func refreshMembership(_ i: Int, project: Double) {
    updateSupport(i)
    let now = agents.believer[i] || (package == nil ? supports(i, project) : supportsPackage(i))
    let before = agents.member[i]
    guard now != before else { return }
    agents.member[i] = now
    let k = Int(agents.nation[i])
    let sign: Double = now ? 1 : -1
    coalitionWeight[k] += sign * agents.weight[i]
    coalitionPower[k] += sign * agentPower[i]
    coalitionVetoes[k] += agents.veto[i] ? (now ? 1 : -1) : 0
  }

  /// A candidate's priority under `strategy`: lower is recruited first.
  private func recruitmentScore(_ i: Int, _ strategy: RecruitmentStrategy, consensus: Double)
    -> Double
  {
    let k = Int(agents.nation[i])
    switch strategy {
    case .random, .alliesFirst:
      return abs(agents.belief[i] - consensus)
    case .weightFirst:
      return -agents.weight[i] / nationWeights[k]
    case .pivotalFirst:
      // A missing veto player blocks every win; otherwise the weight that closes the
      // gap to the quota; Banzhaf power breaks ties (and ranks nations already winning).
      let deficit = max(0, quotaWeight[k] - coalitionWeight[k])
      let veto = agents.veto[i] ? 1.0 : 0
      let closing = deficit > 0 ? min(agents.weight[i], deficit) / quotaWeight[k] : 0
      return -(2 * veto + closing + 1e-3 * agentPower[i])
    case .backwardMapping:
      // Own weight share plus the followers' (not yet members) it would bring along.
      var gain = agents.weight[i] / nationWeights[k]
      let deference = world.deference
      for e in Int(deference.offsets[i])..<Int(deference.offsets[i + 1]) {
        let f = Int(deference.followers[e])
        if !agents.member[f] {
          gain += deference.strengths[e] * agents.weight[f] / nationWeights[Int(agents.nation[f])]
        }
      }
      return -gain
    }
  }

  /// Keeps the `limit` lowest scores in `picked` (ties: lower index first).
  private mutating func insertTop(_ i: Int32, score: Double, limit: Int) {
    if picked.count == limit {
      guard score < pickedScore[limit - 1] else { return }
      picked.removeLast()
      pickedScore.removeLast()
    }
    var at = picked.count
    while at > 0 && score < pickedScore[at - 1] { at -= 1 }
    picked.insert(i, at: at)
    pickedScore.insert(score, at: at)
  }

  // MARK: 5. Coalition

  /// Coalition shares and blocking / winning flags from the tallies of this step.
  mutating func tallyCoalition() {
    var shareSum = 0.0
    var winningWeight = 0.0
    var winningCount = 0
    var freeWeight = 0.0
    var freeCount = 0
    for (k, nation) in world.nations.enumerated() {
      let rule = nationRules[k]
      let weight = coalitionWeight[k]
      let vetoes = coalitionVetoes[k]
      let share = weight / rule.total
      let winning = rule.isWinning(weight: weight, vetoes: vetoes)
      let blocking = rule.isBlocking(weight: weight, vetoes: vetoes)
      record.nationCoalitionShare[k] = share
      record.nationPowerShare[k] = coalitionPower[k]
      record.nationWinning[k] = winning
      record.nationBlocking[k] = blocking
      shareSum += share
      if winning {
        winningWeight += nation.internationalWeight
        winningCount += 1
      }
      if !blocking {
        freeWeight += nation.internationalWeight
        freeCount += 1
      }
    }
    record.coalitionShare = shareSum / Double(world.nations.count)
    let internationalVeto = internationalRule.vetoPlayers > 0
    record.winning = internationalRule.isWinning(
      weight: winningWeight, vetoes: internationalVeto ? winningCount : 0)
    record.blocking = !internationalRule.isWinning(
      weight: freeWeight, vetoes: internationalVeto ? freeCount : 0)
    if record.blocking && firstBlockingStep == nil { firstBlockingStep = step }
    if record.winning && firstWinningStep == nil { firstWinningStep = step }
  }

  // MARK: 6. Win-sets and ZOPA

  mutating func computeWinSets() {
    for (k, nation) in world.nations.enumerated() {
      let start = nation.agents.lowerBound
      let efficiency = nation.sidePaymentEfficiency
      if efficiency > 0 {
        nationSweeps[k].compute(
          items: nation.agents.count, lower: agents.supportLower.base + start,
          upper: agents.supportUpper.base + start, weight: agents.weight.base + start,
          veto: agents.veto.base + start, rule: nationRules[k], into: &plainWinSets[k])
        let belief = agents.belief.base
        let veto = agents.veto.array
        SidePayments.winSet(
          plain: plainWinSets[k], efficiency: efficiency, rule: nationRules[k],
          stakes: { [world] y in Self.stakes(world, nation: k, at: y, veto: veto) { belief[$0] } },
          into: &winSets[k])
      } else {
        nationSweeps[k].compute(
          items: nation.agents.count, lower: agents.supportLower.base + start,
          upper: agents.supportUpper.base + start, weight: agents.weight.base + start,
          veto: agents.veto.base + start, rule: nationRules[k], into: &winSets[k])
      }
    }
    Self.intersect(winSets, world.nations, internationalRule, &zopaSweep, into: &perceivedZOPA)
  }

  /// A package ZOPA's extent on issue 1, as one interval (empty when the ZOPA is).
  static func projection(_ b: SetBounds) -> [[Double]] {
    b.lower.isNaN ? [] : [[b.lower, b.upper]]
  }

  /// Nation `k`'s win-set without side payments.
  public func plainWinSet(_ k: Int) -> IntervalSet {
    world.nations[k].sidePaymentEfficiency > 0 ? plainWinSets[k] : winSets[k]
  }

  /// Each faction's stake `u_i(y) - d_i` in nation `k` at the given beliefs.
  static func stakes(
    _ world: World, nation k: Int, at y: Double, veto: [Bool], belief: (Int) -> Double
  ) -> [SidePayments.Stake] {
    let shape = world.parameters.utility
    return world.nations[k].agents.map { i in
      let spec = world.agents[i]
      let x = UtilityShape.ideal(base: spec.ideal, kappa: spec.kappa, belief: belief(i))
      let gain =
        shape.utility(y, ideal: x, salience: spec.salience)
        - shape.reservation(ideal: x, salience: spec.salience, outside: spec.outside)
      return SidePayments.Stake(agent: i, gain: gain, weight: spec.weight, veto: veto[i])
    }
  }

  /// The points that enough nations' win-sets share under the international rule.
  static func intersect(
    _ sets: [IntervalSet], _ nations: [Nation], _ rule: QuotaRule, _ sweep: inout CoverageSweep,
    into out: inout IntervalSet
  ) {
    var item = 0
    let everyNation = rule.vetoPlayers > 0
    for (k, set) in sets.enumerated() {
      for s in 0..<set.count {
        sweep.set(
          item, lower: set.lower[s], upper: set.upper[s], weight: nations[k].internationalWeight,
          veto: everyNation)
        item += 1
      }
    }
    sweep.compute(items: item, rule: rule, into: &out)
  }

  // MARK: 7. Negotiation and ratification

  private mutating func negotiate(_ parameters: NegotiationParameters, project: Double) {
    if let y = agreement {
      record.negotiation = .inForce
      record.outcome = y
      return
    }
    record.outcome = .nan
    guard step % parameters.interval == 0 else {
      record.negotiation = .none
      return
    }
    rounds += 1
    // Executives may misjudge win-sets; they bargain over the ZOPA as they judge it.
    let misjudged = world.nations.contains { $0.judgementNoise > 0 }
    if misjudged {
      for (k, nation) in world.nations.enumerated() {
        judgedWinSets[k].removeAll()
        let sigma = nation.judgementNoise
        for s in 0..<winSets[k].count {
          var lo = winSets[k].lower[s]
          var hi = winSets[k].upper[s]
          if sigma > 0 {
            lo = min(1, max(0, lo + random.gaussian(sd: sigma)))
            hi = min(1, max(0, hi + random.gaussian(sd: sigma)))
          }
          if lo <= hi && (judgedWinSets[k].isEmpty || lo > judgedWinSets[k].maximum) {
            judgedWinSets[k].append(lo, hi)
          }
        }
      }
      Self.intersect(judgedWinSets, world.nations, internationalRule, &zopaSweep, into: &judgedZOPA)
    }
    let zopa = misjudged ? judgedZOPA : perceivedZOPA
    guard !zopa.isEmpty else {
      record.negotiation = .noZOPA
      return
    }
    guard let y = executivesAgree(on: zopa) else {
      record.negotiation = .noDeal
      return
    }
    // Ratification with the factions' beliefs now.
    var ratifiedWeight = 0.0
    var ratifiedCount = 0
    for (k, nation) in world.nations.enumerated() {
      if winSets[k].contains(y) {
        ratifiedWeight += nation.internationalWeight
        ratifiedCount += 1
      } else {
        failures[k] += 1
      }
    }
    let passes = internationalRule.isWinning(
      weight: ratifiedWeight, vetoes: internationalRule.vetoPlayers > 0 ? ratifiedCount : 0)
    if passes {
      agreement = y
      agreementStep = step
      recordTransfers(at: y)
      projectAtAgreement = project.isNaN ? nil : project
      record.negotiation = .agreement
      record.outcome = y
      if parameters.stopAtAgreement { isFinished = true }
    } else {
      defections += 1
      record.negotiation = .defection
    }
  }

  /// The asymmetric Nash solution over `zopa` intersected with every executive's
  /// support set (each signs only what it prefers to no agreement), at current beliefs.
  mutating func executivesAgree(on zopa: IntervalSet) -> Double? {
    domain.removeAll()
    for s in 0..<zopa.count { domain.append(zopa.lower[s], zopa.upper[s]) }
    for (k, nation) in world.nations.enumerated() {
      let e = nation.executive
      domain.clipped(to: agents.supportLower[e], agents.supportUpper[e], into: &domainScratch)
      swap(&domain, &domainScratch)
      let x = UtilityShape.ideal(
        base: agents.ideal[e], kappa: agents.kappa[e], belief: agents.belief[e])
      executiveGain[k] = (
        x, agents.salience[e],
        utility.reservation(ideal: x, salience: agents.salience[e], outside: agents.outside[e])
      )
    }
    let utility = utility
    let gains = executiveGain
    return NashBargaining.solve(
      domain: domain, weights: bargainingWeights,
      gain: { n, y in
        utility.utility(y, ideal: gains[n].ideal, salience: gains[n].salience)
          - gains[n].reservation
      }, minimizer: brent)
  }

  /// Side payments that carry the deal in nations that needed them: receivers get
  /// their losses; winners pay in proportion to their surplus, `cost / lambda` in all.
  private mutating func recordTransfers(at y: Double) {
    let veto = agents.veto.array
    let belief = agents.belief.array
    for (k, nation) in world.nations.enumerated() where nation.sidePaymentEfficiency > 0 {
      guard !plainWinSets[k].contains(y) else { continue }
      let stakes = Self.stakes(world, nation: k, at: y, veto: veto) { belief[$0] }
      let purchase = SidePayments.purchase(stakes, rule: nationRules[k])
      guard purchase.feasible, purchase.cost > 0, purchase.surplus > 0 else { continue }
      let paid = purchase.cost / nation.sidePaymentEfficiency
      var flows: [(agent: Int, amount: Double)] = purchase.receivers
      for stake in stakes where stake.weight > 0 && stake.gain > 0 {
        flows.append((stake.agent, -paid * stake.gain / purchase.surplus))
      }
      transfers[k] = flows
      deadweight[k] = paid - purchase.cost
    }
  }

  // MARK: Belief statistics

  private mutating func summarizeBeliefs(_ clusters: ClusterParameters) {
    let n = agents.count
    // One pass: shifted sums for mean and variance (beliefs lie in [0, 1], so the
    // shift by 1/2 keeps the sum of squares well conditioned), and a histogram with
    // bins of width `gap`, in which a cluster is a maximal run of occupied bins.
    let belief = agents.belief.base
    let histogram = histogram.base
    let bins = self.histogram.count
    histogram.update(repeating: 0, count: bins)
    let inverseGap = 1 / clusters.gap
    var sum = 0.0
    var squares = 0.0
    for i in 0..<n {
      let p = belief[i]
      let d = p - 0.5
      sum += d
      squares += d * d
      histogram[min(bins - 1, max(0, Int(p * inverseGap)))] += 1
    }
    let mean = sum / Double(n)
    record.beliefMean = mean + 0.5
    record.beliefSD = max(0, squares / Double(n) - mean * mean).squareRoot()
    let minimum = max(1, Int((clusters.minShare * Double(n)).rounded(.up)))
    var count = 0
    var size = 0
    for b in 0..<bins {
      let occupied = Int(histogram[b])
      if occupied > 0 {
        size += occupied
      } else {
        if size >= minimum { count += 1 }
        size = 0
      }
    }
    if size >= minimum { count += 1 }
    record.clusters = count
  }

  // MARK: Summary

  /// The run's summary so far, with efficiency measured in true utilities.
  public func summary() -> RunSummary {
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
      if maxGain == nil || g > maxGain! { maxGain = g }
    }
    var gains: [String: Double] = [:]
    var shares: [String: Double] = [:]
    var joint = 0.0
    var paretoImprovement: [Double]?
    if package != nil {
      let facts = packageSummary()
      maxGain = facts.maxJoint
      paretoImprovement = facts.dominatedBy
      for (k, nation) in world.nations.enumerated() where !facts.gains.isEmpty {
        gains[nation.name] = facts.gains[k]
      }
      joint = facts.gains.reduce(0, +)
      if joint > 0 { for (name, g) in gains { shares[name] = g / joint } }
    } else if let y = agreement {
      for (k, nation) in world.nations.enumerated() {
        // Transfers move utility between factions; the deadweight part is lost.
        let moved = (transfers[k] ?? []).reduce(0.0) {
          $0 + world.agents[$1.agent].weight * $1.amount
        }
        gains[nation.name] = gain(k, y) + moved / nationWeights[k]
      }
      // In nation order: a Dictionary's order changes from process to process, and so
      // would the last bit of a floating-point sum over it.
      joint = world.nations.reduce(0.0) { $0 + gains[$1.name]! }
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
    for (k, nation) in world.nations.enumerated() { failuresByNation[nation.name] = failures[k] }
    var result = RunSummary(
      steps: step, firstBlockingStep: firstBlockingStep, firstWinningStep: firstWinningStep,
      agreementStep: agreementStep, outcome: agreement, projectAtAgreement: projectAtAgreement,
      distanceToProject: agreement.flatMap { y in projectAtAgreement.map { abs(y - $0) } },
      jointGain: joint, maxJointGain: maxGain, efficiency: efficiency, gainShares: shares,
      gains: gains, negotiationRounds: rounds, involuntaryDefections: defections,
      defectionRate: rounds > 0 ? Double(defections) / Double(rounds) : 0,
      ratificationFailures: failuresByNation, finalBeliefMean: record.beliefMean,
      finalCoalitionShare: record.coalitionShare,
      trueZOPA: package == nil
        ? trueZOPA.intervals.map { [$0.lowerBound, $0.upperBound] }
        : Self.projection(record.trueZOPA),
      finalPerceivedZOPA: package == nil
        ? perceivedZOPA.intervals.map { [$0.lowerBound, $0.upperBound] }
        : Self.projection(record.perceivedZOPA),
      transfers: Dictionary(
        uniqueKeysWithValues: transfers.map { k, flows in
          (
            world.nations[k].name,
            flows.map { Transfer(agent: world.agents[$0.agent].name, amount: $0.amount) }
          )
        }),
      deadweightLoss: Dictionary(
        uniqueKeysWithValues: deadweight.map { (world.nations[$0].name, $1) }),
      package: agreement == nil ? nil : (packageAgreement ?? agreement.map { [$0] }),
      paretoInferior: agreement == nil ? nil : paretoImprovement != nil,
      paretoImprovement: paretoImprovement,
      powerMethods: Dictionary(
        uniqueKeysWithValues: world.nations.indices.map {
          (world.nations[$0].name, powerMethods[$0].rawValue)
        }))
    result.record(outcomeMetrics(), nations: world.nations)
    return result
  }
}

/// Raw column pointers, so closures can read agent state without capturing `self`.
private struct UnsafeAgents {
  let ideal: UnsafeMutablePointer<Double>
  let kappa: UnsafeMutablePointer<Double>
  let salience: UnsafeMutablePointer<Double>

  init(_ agents: borrowing AgentState) {
    ideal = agents.ideal.base
    kappa = agents.kappa.base
    salience = agents.salience.base
  }
}
