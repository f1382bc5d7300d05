import AccordNumerics

/// Steps 6-7 with several issues (D >= 2): win-sets and the ZOPA on the grid of
/// ``PackageSpace``, and bargaining over packages, or issue by issue when a negotiator
/// has ruled linkage out.
///
/// Membership and persuasion use ``PackageSupport``.
struct PackageIssues {
  let space: PackageSpace
  let specs: [AgentSpec]
  let nations: [Nation]
  let rules: [QuotaRule]
  let international: QuotaRule
  let shape: UtilityShape
  let theta: Double
  /// Each nation's factions' weights and veto flags, in nation order.
  private let weights: [[Double]]
  private let vetoes: [[Bool]]
  private(set) var winMasks: [[Bool]]
  private(set) var zopaMask: [Bool]
  private(set) var trueZOPAMask: [Bool] = []
  /// The community's project package.
  var project: [Double]
  /// Every agent's position at the loaded beliefs, flat: ideal and salience on issue
  /// `k` at `i * D + k`, and the slack `sum_k s_k loss(q_k - x_k) - o`.
  private var ideal: [Double]
  private var salience: [Double]
  private var slack: [Double]
  /// Side-payment buffers per nation (stakes set up with each faction's weight and veto).
  private var sidePayments: [SidePayments.Workspace]

  init(world: World, rules: [QuotaRule], international: QuotaRule, veto: [Bool]) {
    let parameters = world.parameters
    space = PackageSpace(
      issues: parameters.issues, statusQuo: parameters.statusQuos, shape: parameters.utility)
    specs = world.agents
    nations = world.nations
    self.rules = rules
    self.international = international
    shape = parameters.utility
    theta = parameters.theta
    weights = world.nations.map { $0.agents.map { world.agents[$0].weight } }
    vetoes = world.nations.map { $0.agents.map { veto[$0] } }
    project = [Double](repeating: .nan, count: parameters.issues)
    let cells = world.agents.count * parameters.issues
    ideal = [Double](repeating: 0, count: cells)
    salience = [Double](repeating: 0, count: cells)
    slack = [Double](repeating: 0, count: world.agents.count)
    let points = space.pointCount
    winMasks = [[Bool]](
      repeating: [Bool](repeating: false, count: points), count: world.nations.count)
    zopaMask = [Bool](repeating: false, count: points)
    sidePayments = world.nations.map { nation in
      var workspace = SidePayments.Workspace(
        capacity: nation.sidePaymentEfficiency > 0 ? nation.agents.count : 0)
      if nation.sidePaymentEfficiency > 0 {
        for i in nation.agents {
          workspace.stakes.append(
            SidePayments.Stake(agent: i, gain: 0, weight: world.agents[i].weight, veto: veto[i]))
        }
      }
      return workspace
    }
    let theta = theta
    load { _ in theta }
    fillMasks()
    trueZOPAMask = zopaMask
  }

  func support(_ agents: borrowing AgentState) -> PackageSupport {
    PackageSupport(space: space, project: project, specs: specs, belief: agents.belief.base)
  }

  /// Sets every agent's position at the given beliefs.
  private mutating func load(belief: (Int) -> Double) {
    let d = space.issues
    for i in specs.indices {
      let spec = specs[i]
      let p = belief(i)
      var s = -spec.outside
      for k in 0..<d {
        let stance = spec.stance(k)
        let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: p)
        ideal[i * d + k] = x
        salience[i * d + k] = stance.salience
        s += stance.salience * shape.loss(space.statusQuo[k] - x)
      }
      slack[i] = s
    }
  }

  /// Agent `i`'s `u(y) - d` at its loaded position.
  @inline(__always)
  private func gain(_ i: Int, at y: UnsafeBufferPointer<Double>) -> Double {
    let d = space.issues
    var loss = 0.0
    for k in 0..<d { loss += salience[i * d + k] * shape.loss(y[k] - ideal[i * d + k]) }
    return slack[i] - loss
  }

  /// Whether the factions of nation `k` that gain from `y` form a winning coalition.
  private func isWinning(_ k: Int, at y: UnsafeBufferPointer<Double>) -> Bool {
    var weight = 0.0
    var vetoes = 0
    for (a, i) in nations[k].agents.enumerated() where gain(i, at: y) >= -1e-12 {
      weight += weights[k][a]
      if self.vetoes[k][a] { vetoes += 1 }
    }
    return rules[k].isWinning(weight: weight, vetoes: vetoes)
  }

  /// Every nation's win-set on the grid at the loaded positions (with side payments, also
  /// the points where a winning coalition can be bought), and the ZOPA, in place.
  private mutating func fillMasks() {
    let points = space.points
    let d = space.issues
    points.withUnsafeBufferPointer { all in
      for k in nations.indices {
        let efficiency = nations[k].sidePaymentEfficiency
        for g in 0..<space.pointCount {
          let y = UnsafeBufferPointer(rebasing: all[g * d..<(g + 1) * d])
          var inside = isWinning(k, at: y)
          if !inside && efficiency > 0 {
            for a in sidePayments[k].stakes.indices {
              sidePayments[k].stakes[a].gain = gain(sidePayments[k].stakes[a].agent, at: y)
            }
            inside = SidePayments.admits(&sidePayments[k], rule: rules[k], efficiency: efficiency)
          }
          winMasks[k][g] = inside
        }
      }
    }
    for g in zopaMask.indices {
      var weight = 0.0
      var count = 0
      for k in winMasks.indices where winMasks[k][g] {
        weight += nations[k].internationalWeight
        count += 1
      }
      zopaMask[g] = international.isWinning(
        weight: weight, vetoes: international.vetoPlayers > 0 ? count : 0)
    }
  }

  /// The ZOPA mask: points in enough nations' win-sets under the international rule.
  func combine(_ masks: [[Bool]]) -> [Bool] {
    guard let first = masks.first else { return [] }
    return first.indices.map { g in
      var weight = 0.0
      var count = 0
      for k in masks.indices where masks[k][g] {
        weight += nations[k].internationalWeight
        count += 1
      }
      return international.isWinning(
        weight: weight, vetoes: international.vetoPlayers > 0 ? count : 0)
    }
  }

  /// Win-sets and the ZOPA on the grid, at current beliefs.
  mutating func compute(agents: borrowing AgentState, record: inout StepRecord) {
    let belief = agents.belief.base
    load { belief[$0] }
    fillMasks()
    for k in winMasks.indices { record.nationWinSet[k] = space.bounds(winMasks[k]) }
    record.perceivedZOPA = space.bounds(zopaMask)
  }

  /// Nation `k`'s factions' stakes `u_i(y) - d_i` in package `y`, at the loaded positions.
  func stakes(_ k: Int, at y: UnsafeBufferPointer<Double>) -> [SidePayments.Stake] {
    nations[k].agents.enumerated().map { a, i in
      SidePayments.Stake(
        agent: i, gain: gain(i, at: y), weight: weights[k][a], veto: vetoes[k][a])
    }
  }

  /// Whether nation `k` ratifies `y` at the loaded positions; with side payments, whether
  /// a winning coalition can be bought.
  ///
  /// The second value: whether it needs the payments.
  func ratifies(_ k: Int, _ y: UnsafeBufferPointer<Double>) -> (ratified: Bool, bought: Bool) {
    if isWinning(k, at: y) { return (true, false) }
    let efficiency = nations[k].sidePaymentEfficiency
    guard efficiency > 0 else { return (false, false) }
    let bought = SidePayments.admits(stakes(k, at: y), rule: rules[k], efficiency: efficiency)
    return (bought, bought)
  }

  /// Whether package `y` is in enough nations' win-sets at current beliefs (exact).
  func ratifies(_ y: [Double]) -> (passes: Bool, failed: [Int]) {
    var weight = 0.0
    var count = 0
    var failed: [Int] = []
    for (k, nation) in nations.enumerated() {
      let ok = y.withUnsafeBufferPointer { ratifies(k, $0).ratified }
      if ok {
        weight += nation.internationalWeight
        count += 1
      } else {
        failed.append(k)
      }
    }
    return (
      international.isWinning(weight: weight, vetoes: international.vetoPlayers > 0 ? count : 0),
      failed
    )
  }

  /// A round over packages; true when the run stops at an agreement.
  func run(
    step: Int, agents: borrowing AgentState, negotiation: inout NegotiationPhase,
    random: borrowing RandomStream, record: inout StepRecord
  ) -> Bool {
    guard negotiation.opensRound(step: step, record: &record) else { return false }
    // Executives may misjudge win-sets; they bargain over the ZOPA as they judge it.
    let misjudged = WinSetJudgement.misjudges(nations)
    let judged = misjudged ? combine(judgedMasks(random: random)) : zopaMask
    let (deal, empty) = self.deal(agents: agents, negotiation: negotiation, zopa: judged)
    guard let y = deal else {
      record.negotiation = empty ? .noZOPA : .noDeal
      return false
    }
    let (passes, failed) = ratifies(y)
    for k in failed { negotiation.failures[k] += 1 }
    if passes {
      y.withUnsafeBufferPointer { y in
        for k in nations.indices where nations[k].sidePaymentEfficiency > 0 {
          guard ratifies(k, y).bought else { continue }
          negotiation.recordTransfers(nation: k, stakes: stakes(k, at: y))
        }
      }
    }
    return negotiation.conclude(
      passes: passes, deal: y, project: project[0], step: step, record: &record)
  }

  /// Grid point nearest to `y`.
  func nearestPoint(_ y: [Double]) -> Int {
    var g = 0
    var stride = 1
    for c in 0..<space.issues {
      g += Int((min(1, max(0, y[c])) * Double(space.resolution - 1)).rounded()) * stride
      stride *= space.resolution
    }
    return g
  }

  /// The package the executives agree on, or nil.
  ///
  /// With linkage, the Nash solution over the package ZOPA (each executive signs only packages it
  /// prefers to no agreement); without, each issue is settled on its own
  /// (``settleSeparately(agents:negotiation:)``).
  ///
  /// `zopa` is the ZOPA as the executives judge it (the perceived one by default); when
  /// it is misjudged, the solution is kept where they judge it feasible.
  func deal(
    agents: borrowing AgentState, negotiation: borrowing NegotiationPhase, zopa: [Bool]? = nil
  ) -> (y: [Double]?, zopaEmpty: Bool) {
    let space = space
    guard negotiation.parameters.linkage else {
      return settleSeparately(agents: agents, negotiation: negotiation)
    }
    let judged = zopa ?? zopaMask
    guard judged.contains(true) else { return (nil, true) }
    let belief = agents.belief.base
    let executives = nations.map {
      space.position(specs[$0.executive], belief: belief[$0.executive])
    }
    let weights = negotiation.bargainingWeights
    let objective = { (y: [Double]) -> Double in
      var total = 0.0
      for n in executives.indices {
        let g = space.gain(executives[n], at: y)
        if !(g > 0) { return -.infinity }
        total += weights[n] * log(g)
      }
      return total
    }
    let misjudged = zopa != nil && judged != zopaMask
    let y = space.maximize(
      over: judged, objective: objective,
      feasible: { y in
        guard misjudged else { return self.ratifies(y).passes }
        // An executive that knows its own win-set (own error 0) signs only what its
        // ratifiers accept, between grid points too.
        return judged[nearestPoint(y)]
          && y.withUnsafeBufferPointer { y in
            nations.indices.allSatisfy { k in
              nations[k].ownJudgementNoise != 0 || ratifies(k, y).ratified
            }
          }
      })
    guard let y, objective(y) > -.infinity else { return (nil, false) }
    return (y, false)
  }

  /// Linkage ruled out: each issue on its own, the others at the status quo.
  ///
  /// An issue with no ZOPA of its own stays at the status quo; the deal is the settled issues.
  func settleSeparately(agents: borrowing AgentState, negotiation: borrowing NegotiationPhase)
    -> (y: [Double]?, zopaEmpty: Bool)
  {
    let belief = agents.belief.base
    var y = space.statusQuo
    var settled = false
    for issue in 0..<space.issues {
      var domain = separateZOPA(issue, agents: agents)
      for nation in nations {
        let (lo, hi) = issueSupport(nation.executive, issue, belief: belief)
        var clipped = IntervalSet()
        domain.clipped(to: lo, hi, into: &clipped)
        domain = clipped
      }
      let executives = nations.map { issueStake($0.executive, issue, belief: belief) }
      let shape = shape
      if let yk = NashBargaining.solve(
        domain: domain, weights: negotiation.bargainingWeights,
        gain: { n, v in
          -executives[n].salience * shape.loss(v - executives[n].ideal) + executives[n].slack
        }, minimizer: negotiation.brent)
      {
        y[issue] = yk
        settled = true
      }
    }
    return (settled ? y : nil, !settled)
  }

  /// Each issue's own ZOPA, the others at the status quo (settlement without linkage).
  func separateZOPA(_ issue: Int, agents: borrowing AgentState) -> IntervalSet {
    let belief = agents.belief.base
    var sets: [IntervalSet] = []
    for (k, nation) in nations.enumerated() {
      var sweep = CoverageSweep(capacity: nation.agents.count)
      for (item, i) in nation.agents.enumerated() {
        let (lo, hi) = issueSupport(i, issue, belief: belief)
        sweep.set(item, lower: lo, upper: hi, weight: agents.weight[i], veto: agents.veto[i])
      }
      var set = IntervalSet()
      sweep.compute(items: nation.agents.count, rule: rules[k], into: &set)
      sets.append(set)
    }
    var zopa = IntervalSet()
    var sweep = CoverageSweep()
    WinSetPhase.intersect(sets, nations, international, &sweep, into: &zopa)
    return zopa
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

  /// Each nation's true gain (weight-weighted mean of `u*(y) - d*`) at package `y`.
  func trueGains(_ y: [Double], nationWeights: [Double]) -> [Double] {
    nations.indices.map { k in
      let total = nations[k].agents.reduce(0.0) { sum, i in
        sum + specs[i].weight * space.gain(space.position(specs[i], belief: theta), at: y)
      }
      return total / nationWeights[k]
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
