/// The step with several issues (D >= 2): the community's project is a package, support
/// and win-sets are tested on packages (``PackageSpace``), and executives bargain over
/// packages, or issue by issue when a negotiator has ruled linkage out.
extension Simulation {
  /// Positions of nation `k`'s agents at the given beliefs.
  func positions(_ k: Int, belief: (Int) -> Double) -> [PackageSpace.Position] {
    world.nations[k].agents.map { package!.position(world.agents[$0], belief: belief($0)) }
  }

  /// Whether agent `i` supports the community's project at its current belief.
  func supportsPackage(_ i: Int) -> Bool {
    guard !projectVector.isEmpty, !projectVector[0].isNaN else { return false }
    return package!.gain(
      package!.position(world.agents[i], belief: agents.belief[i]), at: projectVector) >= -1e-12
  }

  mutating func advancePackages(consensus: Double, credibility: Double) {
    let space = package!
    // The project: the believers' optimum, issue by issue (utilities are separable).
    projectVector = (0..<space.issues).map { k in
      guard !consensus.isNaN else { return Double.nan }
      let believers = believers
      let world = world
      return WeightedOptimum.peak(
        count: believers.count, gamma: utility.gamma,
        value: {
          let stance = world.agents[believers[$0]].stance(k)
          return UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: consensus)
        },
        weight: { world.agents[believers[$0]].stance(k).salience }, workspace: &peakWorkspace)
    }
    record.consensus = consensus
    record.project = projectVector[0]
    // Membership and candidates, as scanAgents does on one issue.
    var count = 0
    let recruiting = !consensus.isNaN && world.parameters.persuasion.attempts > 0
    for (k, nation) in world.nations.enumerated() {
      var weight = 0.0
      var vetoes = 0
      var power = 0.0
      for i in nation.agents {
        updateSupport(i)
        let member = agents.believer[i] || supportsPackage(i)
        agents.member[i] = member
        if member {
          weight += agents.weight[i]
          power += agentPower[i]
          if agents.veto[i] { vetoes += 1 }
        } else if recruiting {
          candidates[count] = Int32(i)
          count += 1
        }
      }
      coalitionWeight[k] = weight
      coalitionVetoes[k] = vetoes
      coalitionPower[k] = power
    }
    record.persuaded =
      count == 0
      ? 0
      : persuade(
        candidates: count, consensus: consensus, credibility: credibility, project: projectVector[0]
      )
    tallyCoalition()
    computePackageWinSets()
    negotiatePackages()
  }

  /// Win-sets and the ZOPA on the grid, at current beliefs.
  mutating func computePackageWinSets() {
    let space = package!
    let belief = agents.belief.array
    winMasks = masks { belief[$0] }
    zopaMask = Self.combine(winMasks, world.nations, internationalRule)
    for k in winMasks.indices { record.nationWinSet[k] = space.bounds(winMasks[k]) }
    record.perceivedZOPA = space.bounds(zopaMask)
  }

  /// Each issue's own ZOPA, the others at the status quo (settlement without linkage).
  mutating func separateZOPA(_ issue: Int) -> IntervalSet {
    var sets: [IntervalSet] = []
    for (k, nation) in world.nations.enumerated() {
      var sweep = CoverageSweep(capacity: nation.agents.count)
      for (item, i) in nation.agents.enumerated() {
        let (lo, hi) = issueSupport(i, issue)
        sweep.set(item, lower: lo, upper: hi, weight: agents.weight[i], veto: agents.veto[i])
      }
      var set = IntervalSet()
      sweep.compute(items: nation.agents.count, rule: nationRules[k], into: &set)
      sets.append(set)
    }
    var zopa = IntervalSet()
    Self.intersect(sets, world.nations, internationalRule, &zopaSweep, into: &zopa)
    return zopa
  }

  /// The ZOPA mask: points in enough nations' win-sets under the international rule.
  static func combine(_ masks: [[Bool]], _ nations: [Nation], _ rule: QuotaRule) -> [Bool] {
    guard let first = masks.first else { return [] }
    return first.indices.map { g in
      var weight = 0.0
      var count = 0
      for k in masks.indices where masks[k][g] {
        weight += nations[k].internationalWeight
        count += 1
      }
      return rule.isWinning(weight: weight, vetoes: rule.vetoPlayers > 0 ? count : 0)
    }
  }

  /// Whether package `y` is in enough nations' win-sets at current beliefs (exact).
  func ratifies(_ y: [Double]) -> (passes: Bool, failed: [Int]) {
    var weight = 0.0
    var count = 0
    var failed: [Int] = []
    let belief = agents.belief.array
    for (k, nation) in world.nations.enumerated() {
      let ok = y.withUnsafeBufferPointer {
        package!.isWinning(
          at: $0, positions: positions(k) { belief[$0] },
          weights: nation.agents.map { world.agents[$0].weight },
          veto: nation.agents.map { agents.veto[$0] }, rule: nationRules[k])
      }
      if ok {
        weight += nation.internationalWeight
        count += 1
      } else {
        failed.append(k)
      }
    }
    return (
      internationalRule.isWinning(
        weight: weight, vetoes: internationalRule.vetoPlayers > 0 ? count : 0), failed
    )
  }

  /// The package the executives agree on, or nil. With linkage, the Nash solution over
  /// the package ZOPA (each executive signs only packages it prefers to no agreement);
  /// without, each issue is settled on its own (``settleSeparately()``).
  mutating func packageDeal() -> (y: [Double]?, zopaEmpty: Bool) {
    let space = package!
    guard world.parameters.negotiation.linkage else { return settleSeparately() }
    guard zopaMask.contains(true) else { return (nil, true) }
    let belief = agents.belief.array
    let executives = world.nations.map {
      space.position(world.agents[$0.executive], belief: belief[$0.executive])
    }
    let weights = bargainingWeights
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
      over: zopaMask, objective: objective, feasible: { self.ratifies($0).passes })
    guard let y, objective(y) > -.infinity else { return (nil, false) }
    return (y, false)
  }

  /// Linkage ruled out: each issue on its own, the others at the status quo. An issue
  /// with no ZOPA of its own stays at the status quo; the deal is the settled issues.
  mutating func settleSeparately() -> (y: [Double]?, zopaEmpty: Bool) {
    let space = package!
    var y = space.statusQuo
    var settled = false
    for issue in 0..<space.issues {
      var domain = separateZOPA(issue)
      for nation in world.nations {
        let (lo, hi) = issueSupport(nation.executive, issue)
        var clipped = IntervalSet()
        domain.clipped(to: lo, hi, into: &clipped)
        domain = clipped
      }
      let executives = world.nations.map { issueStake($0.executive, issue) }
      let shape = utility
      if let yk = NashBargaining.solve(
        domain: domain, weights: bargainingWeights,
        gain: { n, v in
          -executives[n].salience * shape.loss(v - executives[n].ideal) + executives[n].slack
        }, minimizer: brent)
      {
        y[issue] = yk
        settled = true
      }
    }
    return (settled ? y : nil, !settled)
  }

  /// Agent `i`'s ideal, salience and slack on one issue, the others at the status quo.
  func issueStake(_ i: Int, _ issue: Int) -> (ideal: Double, salience: Double, slack: Double) {
    let stance = world.agents[i].stance(issue)
    let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: agents.belief[i])
    let q = package!.statusQuo[issue]
    return (x, stance.salience, stance.salience * utility.loss(q - x) - world.agents[i].outside)
  }

  /// Agent `i`'s support interval on one issue, the others at the status quo.
  func issueSupport(_ i: Int, _ issue: Int) -> (Double, Double) {
    let s = issueStake(i, issue)
    let shape = UtilityShape(gamma: utility.gamma, statusQuo: package!.statusQuo[issue])
    return shape.supportInterval(
      ideal: s.ideal, salience: s.salience, outside: world.agents[i].outside)
  }

  mutating func negotiatePackages() {
    let parameters = world.parameters.negotiation
    if let y = packageAgreement {
      record.negotiation = .inForce
      record.outcomes = y
      record.outcome = y[0]
      return
    }
    for k in record.outcomes.indices { record.outcomes[k] = .nan }
    record.outcome = .nan
    guard step % parameters.interval == 0 else {
      record.negotiation = .none
      return
    }
    rounds += 1
    let (deal, empty) = packageDeal()
    guard let y = deal else {
      record.negotiation = empty ? .noZOPA : .noDeal
      return
    }
    let (passes, failed) = ratifies(y)
    for k in failed { failures[k] += 1 }
    guard passes else {
      defections += 1
      record.negotiation = .defection
      return
    }
    packageAgreement = y
    agreement = y[0]
    agreementStep = step
    projectAtAgreement = projectVector.first.flatMap { $0.isNaN ? nil : $0 }
    record.negotiation = .agreement
    record.outcomes = y
    record.outcome = y[0]
    if parameters.stopAtAgreement { isFinished = true }
  }

  /// Each nation's true gain (weight-weighted mean of `u*(y) - d*`) at package `y`.
  func trueGains(_ y: [Double]) -> [Double] {
    let theta = world.parameters.theta
    return world.nations.indices.map { k in
      let total = world.nations[k].agents.reduce(0.0) { sum, i in
        sum + world.agents[i].weight
          * package!.gain(package!.position(world.agents[i], belief: theta), at: y)
      }
      return total / nationWeights[k]
    }
  }

  /// The true ZOPA's mask (everyone knows theta*).
  func trueMask() -> [Bool] {
    let theta = world.parameters.theta
    return Self.combine(masks { _ in theta }, world.nations, internationalRule)
  }

  /// Every nation's win-set on the grid, with agents holding the given beliefs.
  func masks(belief: (Int) -> Double) -> [[Bool]] {
    world.nations.indices.map { k in
      package!.winSet(
        positions: positions(k, belief: belief),
        weights: world.nations[k].agents.map { world.agents[$0].weight },
        veto: world.nations[k].agents.map { agents.veto[$0] }, rule: nationRules[k])
    }
  }

  /// Efficiency and Pareto facts of a package deal, in true gains.
  func packageSummary() -> (gains: [Double], maxJoint: Double?, dominatedBy: [Double]?) {
    guard let space = package else { return ([], nil, nil) }
    let mask = trueZOPAMask
    var maxJoint: Double?
    for g in mask.indices where mask[g] {
      let joint = trueGains(space.point(g)).reduce(0, +)
      if maxJoint == nil || joint > maxJoint! { maxJoint = joint }
    }
    guard let y = packageAgreement else { return ([], maxJoint, nil) }
    let gains = trueGains(y)
    // Pareto-inferior: another point of the true ZOPA gives every nation more.
    var best: [Double]?
    var bestMargin = 1e-9
    for g in mask.indices where mask[g] {
      let candidate = space.point(g)
      let margin = zip(trueGains(candidate), gains).map { $0 - $1 }.min() ?? 0
      if margin > bestMargin {
        bestMargin = margin
        best = candidate
      }
    }
    return (gains, maxJoint, best)
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
