import AccordNumerics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A negotiation round over packages: the executives' Nash bargain over the ZOPA as they
/// judge it, and ratification by every nation's factions, in the buffers of
/// ``PackageIssues``.
extension PackageIssues {
  /// A round over packages; true when the run stops at an agreement.
  mutating func run(
    step: Int, agents: borrowing AgentState, negotiation: inout NegotiationPhase,
    random: borrowing RandomStream, record: inout StepRecord
  ) -> Bool {
    guard negotiation.opensRound(step: step, record: &record) else { return false }
    // Executives may misjudge win-sets; they bargain over the ZOPA as they judge it.
    let misjudged = WinSetJudgement.misjudges(nations)
    if misjudged { judge(random: random) }
    let found = deal(agents: agents, negotiation: negotiation, misjudged: misjudged)
    guard found.made else {
      record.negotiation = found.zopaEmpty ? .noZOPA : .noDeal
      return false
    }
    // The deal leaves `self` while it is read, so that ratification can use the buffers.
    var y: [Double] = []
    swap(&y, &dealPoint)
    defer { swap(&y, &dealPoint) }
    return y.withUnsafeBufferPointer { y in
      let passes = ratification(y) { negotiation.failures[$0] += 1 }
      if passes {
        for k in nations.indices where nations[k].sidePaymentEfficiency > 0 {
          guard ratifies(k, y).bought else { continue }
          negotiation.recordTransfers(nation: k, stakes: sidePayments[k].stakes)
        }
      }
      return negotiation.conclude(
        passes: passes, deal: y, project: project[0], step: step, record: &record)
    }
  }

  /// Whether nation `k` ratifies `y` at the loaded positions; with side payments, whether
  /// a winning coalition can be bought (its factions' stakes in `y` are then in its
  /// side-payment workspace).
  ///
  /// The second value: whether it needs the payments.
  mutating func ratifies(_ k: Int, _ y: UnsafeBufferPointer<Double>)
    -> (ratified: Bool, bought: Bool)
  {
    if isWinning(k, at: y) { return (true, false) }
    guard nations[k].sidePaymentEfficiency > 0 else { return (false, false) }
    let bought = admitsPurchase(k, at: y)
    return (bought, bought)
  }

  /// Whether side payments can buy nation `k` a winning coalition at `y`, with its
  /// factions' stakes at the loaded positions set in its workspace.
  mutating func admitsPurchase(_ k: Int, at y: UnsafeBufferPointer<Double>) -> Bool {
    for a in sidePayments[k].stakes.indices {
      sidePayments[k].stakes[a].gain = gain(sidePayments[k].stakes[a].agent, at: y)
    }
    return SidePayments.admits(
      &sidePayments[k], rule: rules[k], efficiency: nations[k].sidePaymentEfficiency)
  }

  /// Whether package `y` is in enough nations' win-sets at current beliefs (exact);
  /// `failed` hears of every nation that does not ratify, in nation order.
  mutating func ratification(
    _ y: UnsafeBufferPointer<Double>, failed: (Int) -> Void = { _ in }
  ) -> Bool {
    var weight = 0.0
    var count = 0
    for k in nations.indices {
      if ratifies(k, y).ratified {
        weight += nations[k].internationalWeight
        count += 1
      } else {
        failed(k)
      }
    }
    return international.isWinning(
      weight: weight, vetoes: international.vetoPlayers > 0 ? count : 0)
  }

  /// The package the executives agree on at current beliefs, or nil (for inspection).
  mutating func deal(agents: borrowing AgentState, negotiation: borrowing NegotiationPhase)
    -> (y: [Double]?, zopaEmpty: Bool)
  {
    let found = deal(agents: agents, negotiation: negotiation, misjudged: false)
    return (found.made ? dealPoint : nil, found.zopaEmpty)
  }

  /// Finds the package the executives agree on, into `dealPoint`.
  ///
  /// With linkage, the Nash solution over the package ZOPA (each executive signs only
  /// packages it prefers to no agreement); without, each issue is settled on its own
  /// (``settleSeparately(agents:negotiation:)``). When the executives misjudge the
  /// win-sets they bargain over the judged ZOPA (``judge(random:)``), and the solution is
  /// kept where they judge it feasible.
  mutating func deal(
    agents: borrowing AgentState, negotiation: borrowing NegotiationPhase, misjudged: Bool
  ) -> (made: Bool, zopaEmpty: Bool) {
    guard negotiation.parameters.linkage else {
      return settleSeparately(agents: agents, negotiation: negotiation)
    }
    let mask = misjudged ? judgedZOPA : zopaMask
    guard mask.contains(true) else { return (false, true) }
    // The executives' positions are the factions' loaded at this step's beliefs (by
    // `compute`, which runs before every round and every inspection). Closures below read
    // only this value, not `self`, which they would copy at every call.
    let nash = NashObjective(
      factions: factions, executives: executives, weights: negotiation.bargainingWeights)
    // A judged ZOPA that happens to equal the perceived one is bargained over as such.
    var polish = Polish(
      nash: nash, resolution: space.resolution, mask: mask,
      misjudged: misjudged && mask != zopaMask)
    var best: [Double] = []
    var scratch: [Double] = []
    swap(&best, &dealPoint)
    swap(&scratch, &polishScratch)
    defer {
      swap(&best, &dealPoint)
      swap(&scratch, &polishScratch)
    }
    let start = best.withUnsafeMutableBufferPointer { best in
      space.bestPoint(over: mask, into: best) { nash($0) }
    }
    guard start > -.infinity else { return (false, false) }
    // Nelder-Mead from the best grid point, kept where it is better and feasible.
    let step = 0.5 / Double(space.resolution - 1)
    let polished: Double? = best.withUnsafeBufferPointer { best in
      scratch.withUnsafeMutableBufferPointer { scratch in
        withUnsafeMutablePointer(to: &self) { issues in
          polish.issues = issues
          return withUnsafeMutablePointer(to: &polish) { context in
            try? negotiation.simplex.minimize(
              start: best, into: scratch, step: step, tolerance: 1e-10, context: context
            ) { context, y, n in
              guard let context, let y else { preconditionFailure("GSL passes both") }
              return context.assumingMemoryBound(to: Polish.self).pointee.value(
                UnsafeBufferPointer(start: y, count: n))
            }
          }
        }
      }
    }
    if let polished, -polished > start {
      let feasible = scratch.withUnsafeBufferPointer { scratch in
        withUnsafeMutablePointer(to: &self) { issues in
          polish.issues = issues
          return polish.feasible(scratch)
        }
      }
      if feasible { for k in best.indices { best[k] = scratch[k] } }
    }
    let finite = best.withUnsafeBufferPointer { nash($0) > -.infinity }
    return (finite, false)
  }

  /// What the Nelder-Mead polish of a package deal reads, behind one pointer (GSL calls
  /// back through C, so the objective cannot be a closure without an allocation).
  struct Polish {
    /// The issue space, set while the polish runs.
    var issues: UnsafeMutablePointer<PackageIssues>? = nil
    let nash: NashObjective
    /// Grid points per issue.
    let resolution: Int
    /// The ZOPA the executives bargain over.
    let mask: [Bool]
    /// Whether they misjudge it this round.
    let misjudged: Bool

    init(nash: NashObjective, resolution: Int, mask: [Bool], misjudged: Bool) {
      self.nash = nash
      self.resolution = resolution
      self.mask = mask
      self.misjudged = misjudged
    }

    /// What Nelder-Mead minimises: minus the Nash objective where the executives sign
    /// `y`, the largest finite number elsewhere (outside the space, or not signed).
    func value(_ y: UnsafeBufferPointer<Double>) -> Double {
      guard y.allSatisfy({ $0 >= 0 && $0 <= 1 }), feasible(y) else {
        return .greatestFiniteMagnitude
      }
      let value = nash(y)
      return value.isFinite ? -value : .greatestFiniteMagnitude
    }

    /// Whether the executives sign `y`: the package passes ratification or, when they
    /// misjudge the win-sets, lies in the judged ZOPA and is ratified by every nation
    /// whose executive knows its own win-set (own error 0), between grid points too.
    func feasible(_ y: UnsafeBufferPointer<Double>) -> Bool {
      guard let issues else { preconditionFailure("set while the polish runs") }
      guard misjudged else { return issues.pointee.ratification(y) }
      guard mask[PackageSpace.nearestPoint(y, resolution: resolution)] else { return false }
      for k in issues.pointee.nations.indices
      where issues.pointee.nations[k].ownJudgementNoise == 0 {
        guard issues.pointee.ratifies(k, y).ratified else { return false }
      }
      return true
    }
  }

  /// The executives' weighted Nash product in logs over packages, at their loaded
  /// positions.
  struct NashObjective {
    let factions: Factions
    /// Nation `n`'s executive (an agent index), in nation order.
    let executives: [Int]
    let weights: [Double]

    /// The objective at `y`; minus infinity where an executive does not gain.
    func callAsFunction(_ y: UnsafeBufferPointer<Double>) -> Double {
      var total = 0.0
      for n in executives.indices {
        let g = factions.gain(executives[n], at: y)
        if !(g > 0) { return -.infinity }
        total += weights[n] * log(g)
      }
      return total
    }
  }
}
