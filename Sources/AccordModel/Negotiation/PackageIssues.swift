import AccordNumerics

/// Steps 6-7 with several issues (D >= 2): win-sets and the ZOPA on the grid of
/// ``PackageSpace``, and bargaining over packages, or issue by issue when a negotiator
/// has ruled linkage out. Membership and persuasion use ``PackageSupport``.
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
  private(set) var winMasks: [[Bool]] = []
  private(set) var zopaMask: [Bool] = []
  private(set) var trueZOPAMask: [Bool] = []
  /// The community's project package.
  var project: [Double]

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
    let theta = theta
    trueZOPAMask = combine(masks { _ in theta })
  }

  func support(_ agents: borrowing AgentState) -> PackageSupport {
    PackageSupport(space: space, project: project, specs: specs, belief: agents.belief.base)
  }

  /// Positions of nation `k`'s agents at the given beliefs.
  func positions(_ k: Int, belief: (Int) -> Double) -> [PackageSpace.Position] {
    nations[k].agents.map { space.position(specs[$0], belief: belief($0)) }
  }

  /// Every nation's win-set on the grid, with agents holding the given beliefs.
  func masks(belief: (Int) -> Double) -> [[Bool]] {
    nations.indices.map { k in
      space.winSet(
        positions: positions(k, belief: belief), weights: weights[k], veto: vetoes[k],
        rule: rules[k])
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
    winMasks = masks { belief[$0] }
    zopaMask = combine(winMasks)
    for k in winMasks.indices { record.nationWinSet[k] = space.bounds(winMasks[k]) }
    record.perceivedZOPA = space.bounds(zopaMask)
  }

  /// Whether package `y` is in enough nations' win-sets at current beliefs (exact).
  func ratifies(_ y: [Double], belief: UnsafePointer<Double>) -> (passes: Bool, failed: [Int]) {
    var weight = 0.0
    var count = 0
    var failed: [Int] = []
    for (k, nation) in nations.enumerated() {
      let ok = y.withUnsafeBufferPointer {
        space.isWinning(
          at: $0, positions: positions(k) { belief[$0] }, weights: weights[k], veto: vetoes[k],
          rule: rules[k])
      }
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
    record: inout StepRecord
  ) -> Bool {
    guard negotiation.opensRound(step: step, record: &record) else { return false }
    let (deal, empty) = self.deal(agents: agents, negotiation: negotiation)
    guard let y = deal else {
      record.negotiation = empty ? .noZOPA : .noDeal
      return false
    }
    let (passes, failed) = ratifies(y, belief: agents.belief.base)
    for k in failed { negotiation.failures[k] += 1 }
    return negotiation.conclude(
      passes: passes, deal: y, project: project[0], step: step, record: &record)
  }

  /// The package the executives agree on, or nil. With linkage, the Nash solution over
  /// the package ZOPA (each executive signs only packages it prefers to no agreement);
  /// without, each issue is settled on its own (``settleSeparately(agents:negotiation:)``).
  func deal(agents: borrowing AgentState, negotiation: borrowing NegotiationPhase)
    -> (y: [Double]?, zopaEmpty: Bool)
  {
    let space = space
    guard negotiation.parameters.linkage else {
      return settleSeparately(agents: agents, negotiation: negotiation)
    }
    guard zopaMask.contains(true) else { return (nil, true) }
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
    let y = space.maximize(
      over: zopaMask, objective: objective, feasible: { self.ratifies($0, belief: belief).passes })
    guard let y, objective(y) > -.infinity else { return (nil, false) }
    return (y, false)
  }

  /// Linkage ruled out: each issue on its own, the others at the status quo. An issue
  /// with no ZOPA of its own stays at the status quo; the deal is the settled issues.
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
