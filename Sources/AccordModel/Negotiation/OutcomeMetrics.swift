/// Where a deal lands and who gains from it, in true utilities (`theta*`): the metrics a
/// claim about the split or about efficiency needs, kept apart from the ratifier-welfare
/// `gain_shares` (docs/MODEL.md, "Outcome metrics").
///
/// - `nashShares`: each negotiator's (executive's) gain over its own disagreement
///   utility, `u*_e(y) - d*_e` with `d = u(q) + o`, as a share of the negotiators' summed
///   gains. Under asymmetric Nash bargaining over a transferable surplus this is the
///   bargaining weight whatever the BATNAs; the BATNA moves the outcome instead.
/// - `position`: with two nations, where the deal lies on the line from the first
///   negotiator's true ideal (0) to the second's (1); packages are projected on it.
/// - `distances`: each negotiator's distance (Euclidean over issues) to the deal.
/// - Pareto checks over the whole policy space (1,001 points of [0, 1], or every package
///   of the package grid for D >= 2), not only the true ZOPA: whether some policy gives
///   every negotiator strictly more (`paretoInferiorNegotiators`), and whether some gives
///   every nation's ratifiers (weight-weighted mean gain) strictly more
///   (`paretoInferiorWelfare`). "Strictly" is by more than 1e-9.
package struct OutcomeMetrics: Sendable, Equatable {
  package var nashShares: [Double?]
  package var position: Double?
  package var distances: [Double]
  package var paretoInferiorNegotiators: Bool
  package var paretoInferiorWelfare: Bool

  /// The metrics of a one-issue deal `y` (one value) in `world`; the Pareto checks
  /// range over 1,001 points of [0, 1].
  static func evaluate(deal y: [Double], world: World, utility: UtilityShape) -> OutcomeMetrics {
    let theta = world.parameters.theta
    let ideals = world.agents.map { a in
      let s = a.stance(0)
      return UtilityShape.ideal(base: s.ideal, kappa: s.kappa, belief: theta)
    }
    // Each agent's salience and reservation once, not per candidate: the Pareto check calls
    // `gain` for every agent at 1,001 points, and an unoptimised build (the tests') copied
    // the agent each time. The values are the same.
    let salience = world.agents.map(\.salience)
    let reservation = world.agents.indices.map { i in
      utility.reservation(
        ideal: ideals[i], salience: salience[i], outside: world.agents[i].outside)
    }
    func gain(_ i: Int, _ x: [Double]) -> Double {
      utility.utility(x[0], ideal: ideals[i], salience: salience[i]) - reservation[i]
    }
    return evaluate(
      deal: y, world: world, candidates: 1001, candidate: { [Double($0) / 1000] }, gain: gain)
  }

  /// The metrics of package `y` (one value per issue of `space`) in `world`; the Pareto
  /// checks range over the package grid.
  static func evaluate(deal y: [Double], world: World, space: PackageSpace) -> OutcomeMetrics {
    let theta = world.parameters.theta
    let positions = world.agents.map { space.position($0, belief: theta) }
    return evaluate(
      deal: y, world: world, candidates: space.pointCount, candidate: { space.point($0) },
      gain: { space.gain(positions[$0], at: $1) })
  }

  /// The metrics of deal `y` (one value per issue) in `world`, with `gain(i, x)` agent
  /// `i`'s true gain over its disagreement utility at `x`, and the Pareto checks over
  /// `candidate(0)` to `candidate(candidates - 1)`.
  private static func evaluate(
    deal y: [Double], world: World, candidates: Int, candidate: (Int) -> [Double],
    gain: (Int, [Double]) -> Double
  ) -> OutcomeMetrics {
    let theta = world.parameters.theta
    let ideals = world.agents.map { a in
      (0..<y.count).map { k in
        let s = a.stance(k)
        return UtilityShape.ideal(base: s.ideal, kappa: s.kappa, belief: theta)
      }
    }
    // Weights and members read once: `welfare` runs for every nation at every candidate.
    let agentWeights = world.agents.map(\.weight)
    let members = world.nations.map(\.agents)
    func welfare(_ k: Int, _ x: [Double]) -> Double {
      var total = 0.0
      var weight = 0.0
      for i in members[k] {
        total += agentWeights[i] * gain(i, x)
        weight += agentWeights[i]
      }
      return weight > 0 ? total / weight : 0
    }
    let executives = world.nations.map(\.executive)
    let negotiatorGains = executives.map { gain($0, y) }
    let total = negotiatorGains.reduce(0, +)
    let shares: [Double?] = negotiatorGains.map { g in
      negotiatorGains.allSatisfy { $0 > 0 } && total > 0 ? g / total : nil
    }
    let distances = executives.map { e in
      zip(y, ideals[e]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
    var position: Double?
    if executives.count == 2 {
      let a = ideals[executives[0]]
      let b = ideals[executives[1]]
      let span = zip(a, b).reduce(0.0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }
      if span > 1e-12 {
        // A loop, not a reduce over indices: the closure form took the type checker 9 s.
        var along = 0.0
        for i in 0..<y.count {
          let offset: Double = y[i] - a[i]
          let direction: Double = b[i] - a[i]
          along += offset * direction
        }
        position = along / span
      }
    }
    let dealWelfare = world.nations.indices.map { welfare($0, y) }
    var negotiatorsDominated = false
    var welfareDominated = false
    for g in 0..<candidates where !(negotiatorsDominated && welfareDominated) {
      let x = candidate(g)
      if !negotiatorsDominated {
        negotiatorsDominated = executives.indices.allSatisfy {
          gain(executives[$0], x) - negotiatorGains[$0] > 1e-9
        }
      }
      if !welfareDominated {
        welfareDominated = world.nations.indices.allSatisfy {
          welfare($0, x) - dealWelfare[$0] > 1e-9
        }
      }
    }
    return OutcomeMetrics(
      nashShares: shares, position: position, distances: distances,
      paretoInferiorNegotiators: negotiatorsDominated, paretoInferiorWelfare: welfareDominated)
  }
}

extension Simulation {
  /// The deal's ``OutcomeMetrics``, or nil without a deal.
  func outcomeMetrics() -> OutcomeMetrics? {
    guard let y = phases.negotiation.packageAgreement ?? phases.negotiation.agreement.map({ [$0] })
    else {
      return nil
    }
    return issueSpace.outcomeMetrics(deal: y, world: world)
  }
}

extension RunSummary {
  /// Stores `metrics` under the nations' names (nothing without a deal).
  mutating func record(_ metrics: OutcomeMetrics?, nations: [Nation]) {
    guard let metrics else { return }
    var shares: [String: Double] = [:]
    var distances: [String: Double] = [:]
    for (k, nation) in nations.enumerated() {
      shares[nation.name] = metrics.nashShares[k]
      distances[nation.name] = metrics.distances[k]
    }
    negotiatorShares = shares
    negotiatorDistances = distances
    outcomePosition = metrics.position
    paretoInferiorNegotiators = metrics.paretoInferiorNegotiators
    paretoInferiorWelfare = metrics.paretoInferiorWelfare
  }
}
