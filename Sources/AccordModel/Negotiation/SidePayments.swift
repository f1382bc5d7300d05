/// Internal side payments (Mayer 1992): winners compensate losers inside a nation.
///
/// A policy `y` is in the win-set with side payments when some winning coalition's
/// losers can be paid off: `sum_{i in C} (d_i - u_i)^+ <= lambda_sp * sum_i (u_i - d_i)^+`,
/// where a unit paid arrives as `lambda_sp`. Only factions with positive weight pay or
/// receive; the negotiator and weightless experts stand outside the domestic deal.
///
/// The coalition that is bought is built greedily: every supporter (free), every veto
/// player (paid in full), then losers in order of loss per unit of weight until the
/// quota is reached. This is how a faction leader would assemble votes; it can
/// overpay a minimal-cost coalition by at most one faction's loss.
package enum SidePayments {
  /// One faction's gain `u_i(y) - d_i` at a policy, and its weight.
  package struct Stake: Sendable {
    package var agent: Int
    package var gain: Double
    package var weight: Double
    package var veto: Bool
  }

  /// The factions bought, and what the deal costs and raises.
  package struct Purchase: Sendable {
    package var feasible: Bool
    /// Losses paid to the losers brought in.
    package var cost: Double
    /// The winners' total surplus, from which payments are drawn.
    package var surplus: Double
    /// Agents compensated, with the amount each receives.
    package var receivers: [(agent: Int, amount: Double)]
  }

  /// Reusable buffers for the win-set search, so that a step allocates nothing.
  package struct Workspace: Sendable {
    /// Each faction's stake at the point being tested.
    var stakes: [Stake] = []
    /// Per faction: ideal at its belief, salience and reservation value, set once per step.
    var positions: [(ideal: Double, salience: Double, reservation: Double)] = []
    var losers: [Stake] = []
    var receivers: [(agent: Int, amount: Double)] = []
    var found = IntervalSet()

    package init(capacity: Int) {
      stakes.reserveCapacity(capacity)
      positions.reserveCapacity(capacity)
      losers.reserveCapacity(capacity)
      receivers.reserveCapacity(capacity)
      found.reserveCapacity(capacity + 1)
    }

    /// Sets the factions (agents `agents` of one nation) at the beliefs `belief(i)`.
    mutating func load(
      agents: Range<Int>, specs: [AgentSpec], veto: (Int) -> Bool, shape: UtilityShape,
      belief: (Int) -> Double
    ) {
      stakes.removeAll(keepingCapacity: true)
      positions.removeAll(keepingCapacity: true)
      for i in agents {
        let spec = specs[i]
        let x = UtilityShape.ideal(base: spec.ideal, kappa: spec.kappa, belief: belief(i))
        positions.append(
          (
            x, spec.salience,
            shape.reservation(ideal: x, salience: spec.salience, outside: spec.outside)
          ))
        stakes.append(Stake(agent: i, gain: 0, weight: spec.weight, veto: veto(i)))
      }
    }

    /// Every faction's stake `u_i(y) - d_i` at `y`.
    mutating func evaluate(at y: Double, shape: UtilityShape) {
      for a in stakes.indices {
        let p = positions[a]
        stakes[a].gain = shape.utility(y, ideal: p.ideal, salience: p.salience) - p.reservation
      }
    }
  }

  /// The cheapest greedy purchase that makes `y` winning, given each faction's stake.
  package static func purchase(_ stakes: [Stake], rule: QuotaRule) -> Purchase {
    var losers: [Stake] = []
    var receivers: [(agent: Int, amount: Double)] = []
    let (feasible, cost, surplus) = purchase(
      stakes, rule: rule, losers: &losers, receivers: &receivers)
    return Purchase(feasible: feasible, cost: cost, surplus: surplus, receivers: receivers)
  }

  /// The greedy purchase in caller-owned buffers: `receivers` gets who is paid what.
  static func purchase(
    _ stakes: [Stake], rule: QuotaRule, losers: inout [Stake],
    receivers: inout [(agent: Int, amount: Double)]
  ) -> (feasible: Bool, cost: Double, surplus: Double) {
    var weight = 0.0
    var vetoes = 0
    var cost = 0.0
    var surplus = 0.0
    losers.removeAll(keepingCapacity: true)
    receivers.removeAll(keepingCapacity: true)
    for s in stakes where s.weight > 0 {
      if s.gain >= 0 {
        weight += s.weight
        surplus += s.gain
        if s.veto { vetoes += 1 }
      } else if s.veto {
        weight += s.weight
        vetoes += 1
        cost -= s.gain
        receivers.append((s.agent, -s.gain))
      } else {
        losers.append(s)
      }
    }
    heapSort(&losers)
    var next = 0
    while !rule.isWinning(weight: weight, vetoes: vetoes) && next < losers.count {
      let s = losers[next]
      weight += s.weight
      cost -= s.gain
      receivers.append((s.agent, -s.gain))
      next += 1
    }
    return (rule.isWinning(weight: weight, vetoes: vetoes), cost, surplus)
  }

  /// Cheapest loss per unit of weight first, then lower agent index: a total order, so
  /// any correct sort gives the same purchase.
  @inline(__always)
  private static func before(_ a: Stake, _ b: Stake) -> Bool {
    let ka = (-a.gain) / a.weight
    let kb = (-b.gain) / b.weight
    return ka < kb || (ka == kb && a.agent < b.agent)
  }

  /// In-place heap sort by ``before(_:_:)``: no scratch memory, unlike the standard sort.
  private static func heapSort(_ items: inout [Stake]) {
    let n = items.count
    guard n > 1 else { return }
    func siftDown(_ start: Int, _ end: Int) {
      var root = start
      while 2 * root + 1 < end {
        var child = 2 * root + 1
        if child + 1 < end && before(items[child], items[child + 1]) { child += 1 }
        guard before(items[root], items[child]) else { return }
        items.swapAt(root, child)
        root = child
      }
    }
    for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
    for end in stride(from: n - 1, to: 0, by: -1) {
      items.swapAt(0, end)
      siftDown(0, end)
    }
  }

  /// Whether `y` is in the win-set with side payments at efficiency `lambda`.
  package static func admits(_ stakes: [Stake], rule: QuotaRule, efficiency lambda: Double) -> Bool
  {
    let p = purchase(stakes, rule: rule)
    return p.feasible && p.cost <= lambda * p.surplus + 1e-12 * max(1, p.surplus)
  }

  /// Whether the factions' stakes in `workspace` admit the point, in its buffers.
  static func admits(_ w: inout Workspace, rule: QuotaRule, efficiency lambda: Double) -> Bool {
    let stakes = w.stakes
    let p = purchase(stakes, rule: rule, losers: &w.losers, receivers: &w.receivers)
    return p.feasible && p.cost <= lambda * p.surplus + 1e-12 * max(1, p.surplus)
  }

  /// The win-set with side payments: the exact win-set `plain` (always inside it) joined
  /// with every stretch of a 1,024-cell grid where compensation works, each boundary
  /// refined by bisection to 1e-12.
  ///
  /// Pieces narrower than a grid cell outside `plain` can be missed. The factions are those loaded
  /// into `workspace`.
  static func winSet(
    plain: IntervalSet, efficiency lambda: Double, rule: QuotaRule, shape: UtilityShape,
    workspace w: inout Workspace, into out: inout IntervalSet
  ) {
    let cells = 1024
    func admits(_ y: Double) -> Bool {
      if plain.contains(y, tolerance: 0) { return true }
      w.evaluate(at: y, shape: shape)
      return Self.admits(&w, rule: rule, efficiency: lambda)
    }
    func boundary(_ inside: Double, _ outside: Double) -> Double {
      var a = inside
      var b = outside
      for _ in 0..<60 where abs(b - a) > 1e-13 {
        let m = (a + b) / 2
        if admits(m) { a = m } else { b = m }
      }
      return a
    }
    w.found.removeAll()
    var start: Double?
    var previous = 0.0
    var previousIn = false
    for k in 0...cells {
      let y = Double(k) / Double(cells)
      let now = admits(y)
      if now && !previousIn { start = k == 0 ? 0 : boundary(y, previous) }
      if !now && previousIn, let s = start { w.found.append(s, boundary(previous, y)) }
      previous = y
      previousIn = now
    }
    if previousIn, let s = start { w.found.append(s, 1) }
    union(plain, w.found, into: &out)
  }

  /// `a ∪ b` into `out`: both are sorted, so a merge by lower bound, merging touching pieces.
  static func union(_ a: IntervalSet, _ b: IntervalSet, into out: inout IntervalSet) {
    out.removeAll()
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if j >= b.count || (i < a.count && a.lower[i] <= b.lower[j]) {
        out.append(a.lower[i], a.upper[i])
        i += 1
      } else {
        out.append(b.lower[j], b.upper[j])
        j += 1
      }
    }
  }
}
