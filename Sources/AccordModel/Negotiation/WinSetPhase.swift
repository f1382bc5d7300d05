/// Step 6 on one issue: each nation's win-set (exact, from weighted order statistics
/// of the support intervals; with side payments, enlarged by compensation) and the
/// perceived ZOPA, plus the true win-sets and ZOPA at `theta*`, computed once.
struct WinSetPhase {
  let nations: [Nation]
  let rules: [QuotaRule]
  let international: QuotaRule
  let shape: UtilityShape
  /// Each nation's win-set at current beliefs (with side payments, where allowed).
  private(set) var winSets: [IntervalSet]
  /// Win-sets without side payments, for nations that allow them (others: empty).
  private(set) var plainWinSets: [IntervalSet]
  private(set) var perceivedZOPA = IntervalSet()
  /// Each nation's win-set when everyone knows `theta*`.
  let trueWinSets: [IntervalSet]
  let trueZOPA: IntervalSet
  /// One sweep for every nation in turn (they are swept one after another), its event
  /// buffers sized for the largest: a sweep per nation held 113 bytes an agent.
  private var nationSweep: CoverageSweep
  private var zopaSweep = CoverageSweep()
  private var sidePayments: [SidePayments.Workspace]
  /// The beliefs each side-payment win-set was last searched at (empty: never): the
  /// search is a pure function of the nation's beliefs, so it is skipped when they
  /// have not changed (worlds without evidence or learning, such as the Mayer worlds).
  private var searchedAt: [[Double]]

  init(world: World, rules: [QuotaRule], international: QuotaRule, veto: [Bool]) {
    nations = world.nations
    self.rules = rules
    self.international = international
    shape = world.parameters.utility
    let count = world.nations.count
    nationSweep = CoverageSweep(eventCapacity: world.nations.map(\.agents.count).max() ?? 0)
    sidePayments = world.nations.map {
      SidePayments.Workspace(capacity: $0.sidePaymentEfficiency > 0 ? $0.agents.count : 0)
    }
    searchedAt = world.nations.map {
      var beliefs: [Double] = []
      beliefs.reserveCapacity($0.sidePaymentEfficiency > 0 ? $0.agents.count : 0)
      return beliefs
    }
    winSets = [IntervalSet](repeating: IntervalSet(), count: count)
    plainWinSets = winSets
    for k in 0..<count {
      winSets[k].reserveCapacity(world.nations[k].agents.count + 1)
      // Read only where side payments are allowed.
      if world.nations[k].sidePaymentEfficiency > 0 {
        plainWinSets[k].reserveCapacity(world.nations[k].agents.count + 1)
      }
    }
    perceivedZOPA.reserveCapacity(world.agents.count + 1)

    // The true win-sets and ZOPA do not change: compute them once, at theta*.
    let theta = world.parameters.theta
    var trueSets: [IntervalSet] = []
    for (k, nation) in world.nations.enumerated() {
      nationSweep.reserve(nation.agents.count)
      for (item, i) in nation.agents.enumerated() {
        let spec = world.agents[i]
        let x = UtilityShape.ideal(base: spec.ideal, kappa: spec.kappa, belief: theta)
        let (lo, hi) = shape.supportInterval(
          ideal: x, salience: spec.salience, outside: spec.outside)
        nationSweep.set(item, lower: lo, upper: hi, weight: spec.weight, veto: veto[i])
      }
      var set = IntervalSet()
      nationSweep.compute(items: nation.agents.count, rule: rules[k], into: &set)
      if nation.sidePaymentEfficiency > 0 {
        sidePayments[k].load(
          agents: nation.agents, specs: world.agents, veto: { veto[$0] }, shape: shape,
          belief: { _ in theta })
        let plain = set
        SidePayments.winSet(
          plain: plain, efficiency: nation.sidePaymentEfficiency, rule: rules[k], shape: shape,
          workspace: &sidePayments[k], into: &set)
      }
      trueSets.append(set)
    }
    trueWinSets = trueSets
    var zopa = IntervalSet()
    Self.intersect(trueSets, world.nations, international, &zopaSweep, into: &zopa)
    trueZOPA = zopa
  }

  /// Win-sets and the perceived ZOPA from the agents' current support intervals.
  mutating func compute(agents: borrowing AgentState, specs: [AgentSpec]) {
    for (k, nation) in nations.enumerated() {
      let start = nation.agents.lowerBound
      let efficiency = nation.sidePaymentEfficiency
      if efficiency > 0 {
        nationSweep.compute(
          items: nation.agents.count, lower: agents.supportLower.base + start,
          upper: agents.supportUpper.base + start, weight: agents.weight.base + start,
          veto: agents.veto.base + start, rule: rules[k], into: &plainWinSets[k])
        let belief = agents.belief.base
        let veto = agents.veto.base
        guard !remember(k, nation.agents, belief) else { continue }
        sidePayments[k].load(
          agents: nation.agents, specs: specs, veto: { veto[$0] }, shape: shape,
          belief: { belief[$0] })
        SidePayments.winSet(
          plain: plainWinSets[k], efficiency: efficiency, rule: rules[k], shape: shape,
          workspace: &sidePayments[k], into: &winSets[k])
      } else {
        nationSweep.compute(
          items: nation.agents.count, lower: agents.supportLower.base + start,
          upper: agents.supportUpper.base + start, weight: agents.weight.base + start,
          veto: agents.veto.base + start, rule: rules[k], into: &winSets[k])
      }
    }
    Self.intersect(winSets, nations, international, &zopaSweep, into: &perceivedZOPA)
  }

  /// Whether nation `k`'s beliefs are those of its last side-payment search; if not,
  /// records them for the search about to run.
  private mutating func remember(_ k: Int, _ members: Range<Int>, _ belief: UnsafePointer<Double>)
    -> Bool
  {
    if searchedAt[k].count == members.count
      && members.allSatisfy({ belief[$0] == searchedAt[k][$0 - members.lowerBound] })
    {
      return true
    }
    searchedAt[k].removeAll(keepingCapacity: true)
    for i in members { searchedAt[k].append(belief[i]) }
    return false
  }

  /// Nation `k`'s win-set without side payments.
  func plainWinSet(_ k: Int) -> IntervalSet {
    nations[k].sidePaymentEfficiency > 0 ? plainWinSets[k] : winSets[k]
  }

  /// Intersects `sets` under the international rule, reusing this phase's sweep.
  mutating func intersect(_ sets: [IntervalSet], into out: inout IntervalSet) {
    Self.intersect(sets, nations, international, &zopaSweep, into: &out)
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
}
