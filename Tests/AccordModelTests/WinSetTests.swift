import AccordNumerics
import Testing

@testable import AccordModel

@Suite struct WinSetTests {
  /// The win-set of agents with ideals `ideals` (q = 0, equal weights, no outside options).
  func winSet(_ ideals: [Double], rule: RatificationRule, executive: Int = 0) -> IntervalSet {
    let shape = UtilityShape(gamma: 2, statusQuo: 0)
    var sweep = CoverageSweep()
    let weights = [Double](repeating: 1, count: ideals.count)
    let vetoPlayers = rule.vetoPlayers(weights: weights, executive: executive)
    for (i, x) in ideals.enumerated() {
      let (lo, hi) = shape.supportInterval(ideal: x, salience: 1, outside: 0)
      sweep.set(i, lower: lo, upper: hi, weight: 1, veto: vetoPlayers.contains(i))
    }
    var out = IntervalSet()
    sweep.compute(
      items: ideals.count,
      rule: QuotaRule(
        total: Double(ideals.count), quota: rule.quota(weights: weights),
        vetoPlayers: vetoPlayers.count),
      into: &out)
    return out
  }

  /// Ideals 0.2, 0.5, 0.8 with q = 0 support [0, 0.4], [0, 1] and [0, 1].
  @Test func exactIntervals() {
    let ideals = [0.2, 0.5, 0.8]
    #expect(winSet(ideals, rule: .majority) == IntervalSet([0...1]))
    #expect(winSet(ideals, rule: .unanimity) == IntervalSet([0...0.4]))
    #expect(winSet(ideals, rule: .supermajority(quota: 2.0 / 3)) == IntervalSet([0...1]))
    #expect(
      winSet(ideals, rule: .executiveVeto(quota: 0.5), executive: 0) == IntervalSet([0...0.4]))
    // Intervals [0, 0.2], [0, 0.6], [0, 0.8], [0, 0.9]: three of four reach 0.6.
    #expect(winSet([0.1, 0.3, 0.4, 0.45], rule: .majority) == IntervalSet([0...0.6]))
  }

  /// With outside options, support intervals leave q and a win-set can split in two.
  @Test func disjointPieces() {
    let shape = UtilityShape(gamma: 2, statusQuo: 0.5)
    var sweep = CoverageSweep()
    // Two blocs on either side of q = 0.5, each with half the weight: neither wins.
    let ideals = [0.1, 0.15, 0.9, 0.85]
    for (i, x) in ideals.enumerated() {
      let (lo, hi) = shape.supportInterval(ideal: x, salience: 1, outside: 0.02)
      sweep.set(i, lower: lo, upper: hi, weight: 1, veto: false)
    }
    var out = IntervalSet()
    sweep.compute(items: 4, rule: QuotaRule(total: 4, quota: 0.5, vetoPlayers: 0), into: &out)
    #expect(out.isEmpty)
    // Two swing factions and a centrist make each side winning on its own stretch.
    sweep.set(4, lower: 0.2, upper: 0.3, weight: 3, veto: false)
    sweep.set(5, lower: 0.7, upper: 0.8, weight: 3, veto: false)
    sweep.set(6, lower: 0.2, upper: 0.8, weight: 1, veto: false)
    sweep.compute(items: 7, rule: QuotaRule(total: 11, quota: 0.5, vetoPlayers: 0), into: &out)
    #expect(out == IntervalSet([0.2...0.3, 0.7...0.8]))
  }

  @Test func majorityIsStrict() {
    let rule = QuotaRule(total: 2, quota: 0.5, vetoPlayers: 0)
    #expect(!rule.isWinning(weight: 1, vetoes: 0))
    #expect(rule.isBlocking(weight: 1, vetoes: 0))
    #expect(rule.isWinning(weight: 1.5, vetoes: 0))
  }

  /// Properties over random factions: a higher quota never enlarges a win-set,
  /// unanimity ⊆ supermajority ⊆ majority, and an executive veto never enlarges it.
  @Test func nestingProperties() throws {
    let random = try RandomStream(seed: 99)
    let shape = UtilityShape(gamma: 2, statusQuo: 0.2)
    for _ in 0..<300 {
      let n = 2 + random.uniformInt(12)
      var intervals: [(Double, Double)] = []
      var weights: [Double] = []
      for _ in 0..<n {
        intervals.append(
          shape.supportInterval(
            ideal: random.uniform(), salience: 0.5 + random.uniform(),
            outside: random.uniform(low: -0.05, high: 0.05)))
        weights.append(random.uniform(low: 0.1, high: 2))
      }
      let total = weights.reduce(0, +)
      func compute(quota: Double, veto: (Int) -> Bool) -> IntervalSet {
        var sweep = CoverageSweep()
        var vetoes = 0
        for i in 0..<n {
          if veto(i) { vetoes += 1 }
          sweep.set(
            i, lower: intervals[i].0, upper: intervals[i].1, weight: weights[i], veto: veto(i))
        }
        var out = IntervalSet()
        sweep.compute(
          items: n, rule: QuotaRule(total: total, quota: quota, vetoPlayers: vetoes), into: &out)
        return out
      }
      let majority = compute(quota: 0.5) { _ in false }
      let quota1 = random.uniform(low: 0.5, high: 1)
      let quota2 = random.uniform(low: quota1, high: 1)
      let looser = compute(quota: quota1) { _ in false }
      let tighter = compute(quota: quota2) { _ in false }
      let unanimity = compute(quota: 1) { _ in true }
      let executive = random.uniformInt(n)
      let vetoed = compute(quota: 0.5) { $0 == executive }
      #expect(tighter.isSubset(of: looser))
      #expect(looser.isSubset(of: majority))
      #expect(unanimity.isSubset(of: tighter))
      #expect(vetoed.isSubset(of: majority))
    }
  }
}
