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
public enum SidePayments {
  /// One faction's gain `u_i(y) - d_i` at a policy, and its weight.
  public struct Stake: Sendable {
    public var agent: Int
    public var gain: Double
    public var weight: Double
    public var veto: Bool
  }

  /// The factions bought, and what the deal costs and raises.
  public struct Purchase: Sendable {
    public var feasible: Bool
    /// Losses paid to the losers brought in.
    public var cost: Double
    /// The winners' total surplus, from which payments are drawn.
    public var surplus: Double
    /// Agents compensated, with the amount each receives.
    public var receivers: [(agent: Int, amount: Double)]
  }

  /// The cheapest greedy purchase that makes `y` winning, given each faction's stake.
  public static func purchase(_ stakes: [Stake], rule: QuotaRule) -> Purchase {
    var weight = 0.0
    var vetoes = 0
    var cost = 0.0
    var surplus = 0.0
    var receivers: [(agent: Int, amount: Double)] = []
    var losers: [Stake] = []
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
    losers.sort {
      (-$0.gain) / $0.weight < (-$1.gain) / $1.weight
        || ((-$0.gain) / $0.weight == (-$1.gain) / $1.weight && $0.agent < $1.agent)
    }
    var next = 0
    while !rule.isWinning(weight: weight, vetoes: vetoes) && next < losers.count {
      let s = losers[next]
      weight += s.weight
      cost -= s.gain
      receivers.append((s.agent, -s.gain))
      next += 1
    }
    return Purchase(
      feasible: rule.isWinning(weight: weight, vetoes: vetoes), cost: cost, surplus: surplus,
      receivers: receivers)
  }

  /// Whether `y` is in the win-set with side payments at efficiency `lambda`.
  public static func admits(_ stakes: [Stake], rule: QuotaRule, efficiency lambda: Double) -> Bool {
    let p = purchase(stakes, rule: rule)
    return p.feasible && p.cost <= lambda * p.surplus + 1e-12 * max(1, p.surplus)
  }

  /// The win-set with side payments: the exact win-set `plain` (always inside it) joined
  /// with every stretch of a 1,024-cell grid where compensation works, each boundary
  /// refined by bisection to 1e-12. Pieces narrower than a grid cell outside `plain`
  /// can be missed.
  public static func winSet(
    plain: IntervalSet, efficiency lambda: Double, rule: QuotaRule,
    stakes: (Double) -> [Stake], into out: inout IntervalSet
  ) {
    let cells = 1024
    func admits(_ y: Double) -> Bool {
      plain.contains(y, tolerance: 0) || Self.admits(stakes(y), rule: rule, efficiency: lambda)
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
    var found = IntervalSet()
    var start: Double?
    var previous = 0.0
    var previousIn = false
    for k in 0...cells {
      let y = Double(k) / Double(cells)
      let now = admits(y)
      if now && !previousIn { start = k == 0 ? 0 : boundary(y, previous) }
      if !now && previousIn, let s = start { found.append(s, boundary(previous, y)) }
      previous = y
      previousIn = now
    }
    if previousIn, let s = start { found.append(s, 1) }
    out = plain.union(found)
  }
}
