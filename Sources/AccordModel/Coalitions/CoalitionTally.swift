import AccordPower

/// Steps 4-5 bookkeeping: each agent's support interval, membership of the epistemic
/// coalition, and the coalition's weight, vetoes and power per nation, kept current
/// as persuasion moves agents in and out.
struct CoalitionTally: ~Copyable {
  let nations: [Nation]
  let rules: [QuotaRule]
  let international: QuotaRule
  let utility: UtilityShape
  /// Each agent's normalised Banzhaf index in its nation's ratification game.
  let agentPower: Column<Double>
  /// `o / s` per agent, constant, so support intervals need no division.
  let outsideRatio: Column<Double>
  var weight: [Double]
  var vetoes: [Int]
  var power: [Double]
  /// Agents in the coalition, over all nations.
  var members = 0
  var firstBlockingStep: Int?
  var firstWinningStep: Int?

  init(world: World, rules: [QuotaRule], international: QuotaRule, power: [Double]) {
    nations = world.nations
    self.rules = rules
    self.international = international
    utility = world.parameters.utility
    agentPower = Column(power)
    outsideRatio = Column(
      world.agents.map {
        $0.salience > 0 ? $0.outside / $0.salience : ($0.outside <= 0 ? -.infinity : .infinity)
      })
    weight = [Double](repeating: 0, count: world.nations.count)
    vetoes = [Int](repeating: 0, count: world.nations.count)
    self.power = weight
  }

  /// One pass over the agents: support intervals, membership and per-nation tallies,
  /// and the persuasion candidates (non-members, when recruiting).
  ///
  /// Returns their number.
  mutating func scan<S: ProjectSupport>(
    agents: borrowing AgentState, support: S, recruiting: Bool, candidates: borrowing Column<Int32>
  ) -> Int {
    let n = agents.count
    var count = 0
    var members = 0
    let recruiting = recruiting && support.isDefined
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
    for (k, nation) in nations.enumerated() {
      var weight = 0.0
      var powerSum = 0.0
      var vetoes = 0
      // A chunk at a time: its intervals in a loop of their own, which the compiler
      // vectorises (two square roots at once), then its membership, reading the intervals
      // back from cache. Agents are still summed in order, so the tallies are unchanged.
      var chunk = nation.agents.lowerBound
      while chunk < nation.agents.upperBound {
        let end = min(chunk + Self.chunk, nation.agents.upperBound)
        if utility.gamma == 2 {
          Self.intervals(
            chunk..<end, UtilityShape(gamma: 2, statusQuo: utility.statusQuo), ideal, kappa,
            belief, ratio, lower, upper)
        } else {
          Self.intervals(
            chunk..<end, UtilityShape(gamma: 1, statusQuo: utility.statusQuo), ideal, kappa,
            belief, ratio, lower, upper)
        }
        for i in chunk..<end {
          let isMember =
            (believer[i] ? 1 : 0) | support.supports(i, lower: lower[i], upper: upper[i])
          member[i] = isMember != 0
          let m = Double(isMember)
          weight += m * weights[i]
          powerSum += m * power[i]
          vetoes += isMember & (veto[i] ? 1 : 0)
          members += isMember
          // Always write, advance only for a candidate: no unpredictable branch.
          candidates[min(count, n - 1)] = Int32(i)
          count += (recruiting ? 1 : 0) & (1 - isMember)
        }
        chunk = end
      }
      self.weight[k] = weight
      self.vetoes[k] = vetoes
      self.power[k] = powerSum
    }
    self.members = members
    return count
  }

  /// Agents per chunk of the interval pass: its columns stay in a core's first caches.
  static let chunk = 1_024

  /// Writes the support intervals of agents `range` at their current beliefs.
  ///
  /// `utility`'s exponent is fixed by the caller at each call site, so that inlining
  /// removes its test from the loop and leaves straight-line arithmetic.
  @inline(__always)
  static func intervals(
    _ range: Range<Int>, _ utility: UtilityShape, _ ideal: UnsafePointer<Double>,
    _ kappa: UnsafePointer<Double>, _ belief: UnsafePointer<Double>,
    _ ratio: UnsafePointer<Double>, _ lower: UnsafeMutablePointer<Double>,
    _ upper: UnsafeMutablePointer<Double>
  ) {
    for i in range {
      let x = UtilityShape.ideal(base: ideal[i], kappa: kappa[i], belief: belief[i])
      let (lo, hi) = utility.supportInterval(ideal: x, outsideRatio: ratio[i])
      lower[i] = lo
      upper[i] = hi
    }
  }

  /// Recomputes agent `i`'s support after its belief changed, and moves it into or out
  /// of the coalition's tallies.
  mutating func refresh<S: ProjectSupport>(_ i: Int, agents: borrowing AgentState, support: S) {
    let x = UtilityShape.ideal(
      base: agents.ideal[i], kappa: agents.kappa[i], belief: agents.belief[i])
    let (lo, hi) = utility.supportInterval(ideal: x, outsideRatio: outsideRatio[i])
    agents.supportLower.write(i, lo)
    agents.supportUpper.write(i, hi)
    let now = agents.believer[i] || support.supports(i, lower: lo, upper: hi) != 0
    guard now != agents.member[i] else { return }
    agents.member.write(i, now)
    let k = Int(agents.nation[i])
    let sign: Double = now ? 1 : -1
    weight[k] += sign * agents.weight[i]
    power[k] += sign * agentPower[i]
    vetoes[k] += agents.veto[i] ? (now ? 1 : -1) : 0
    members += now ? 1 : -1
  }

  /// Coalition shares and blocking / winning flags from this step's tallies, and the
  /// first steps (1 or later) at which the coalition blocked or won.
  mutating func record(into record: inout StepRecord, step: Int) {
    var shareSum = 0.0
    var winningWeight = 0.0
    var winningCount = 0
    var freeWeight = 0.0
    var freeCount = 0
    for (k, nation) in nations.enumerated() {
      let rule = rules[k]
      let share = weight[k] / rule.total
      let winning = rule.isWinning(weight: weight[k], vetoes: vetoes[k])
      let blocking = rule.isBlocking(weight: weight[k], vetoes: vetoes[k])
      record.nationCoalitionShare[k] = share
      record.nationPowerShare[k] = power[k]
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
    record.coalitionShare = shareSum / Double(nations.count)
    record.coalitionMembers = members
    let internationalVeto = international.vetoPlayers > 0
    record.winning = international.isWinning(
      weight: winningWeight, vetoes: internationalVeto ? winningCount : 0)
    record.blocking = !international.isWinning(
      weight: freeWeight, vetoes: internationalVeto ? freeCount : 0)
    // The firsts count steps of the run: the initial state (step 0) is not one, so a
    // coalition blocking from the start has its first blocking step at 1.
    guard step > 0 else { return }
    if record.blocking && firstBlockingStep == nil { firstBlockingStep = step }
    if record.winning && firstWinningStep == nil { firstWinningStep = step }
  }
}
