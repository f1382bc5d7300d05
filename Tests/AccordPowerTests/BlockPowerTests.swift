import AccordNumerics
import Foundation
import Testing

@testable import AccordPower

/// The weight-block sums against the dynamic programme, brute force and closed forms.
@Suite struct BlockPowerTests {
  /// Random games with a few weight classes: both block sums equal the dynamic programme
  /// (and so enumeration) to 1e-12.
  @Test func blocksMatchDynamicProgramme() throws {
    let random = try RandomStream(seed: 77)
    var compared = 0
    for _ in 0..<300 {
      let n = 1 + random.uniformInt(40)
      let classes = (0..<(1 + random.uniformInt(3))).map { _ in random.uniformInt(9) }
      let weights = (0..<n).map { _ in classes[random.uniformInt(classes.count)] }
      let total = weights.reduce(0, +)
      guard total > 0 else { continue }
      let quota = 1 + random.uniformInt(total)
      let veto = random.uniform() < 0.3 ? [random.uniformInt(n)] : []
      let dp = PowerIndex.banzhaf(weights: weights, quota: quota, veto: veto).absolute
      let blocks = PowerIndex.blockBanzhaf(weights: weights, quota: quota, veto: veto)
      for i in 0..<n { #expect(abs(dp[i] - blocks[i]) <= 1e-12 * max(1, dp[i])) }
      let ssDP = PowerIndex.shapleyShubik(weights: weights, quota: quota)
      let ssBlocks = PowerIndex.blockShapleyShubik(weights: weights, quota: quota)
      for i in 0..<n { #expect(abs(ssDP[i] - ssBlocks[i]) < 1e-12) }
      #expect(abs(ssBlocks.reduce(0, +) - 1) < 1e-12)
      compared += 1
    }
    #expect(compared > 250)
  }

  /// Small random games against every coalition and ordering.
  @Test func blocksMatchEnumeration() throws {
    let random = try RandomStream(seed: 78)
    for _ in 0..<80 {
      let n = 1 + random.uniformInt(7)
      let weights = (0..<n).map { _ in random.uniformInt(5) }
      let total = weights.reduce(0, +)
      guard total > 0 else { continue }
      let quota = 1 + random.uniformInt(total)
      let game = try WeightedGame(weights: weights.map(Double.init), quota: Double(quota))
      let brute = PowerIndexTests().bruteForce(game)
      let banzhaf = PowerIndex.blockBanzhaf(weights: weights, quota: quota, veto: [])
      let shapley = PowerIndex.blockShapleyShubik(weights: weights, quota: quota)
      for i in 0..<n {
        #expect(abs(banzhaf[i] - brute.banzhaf[i]) < 1e-12)
        #expect(abs(shapley[i] - brute.shapley[i]) < 1e-12)
      }
    }
  }

  /// n equal players under quota q: absolute Banzhaf `C(n-1, q-1) / 2^(n-1)`, shares and
  /// Shapley-Shubik `1/n`; beyond the dynamic programme's budget, so by the block sums.
  @Test func equalPlayersClosedForm() throws {
    for (n, q) in [(30_001, 15_001), (30_001, 20_000), (1_000_000, 500_001)] {
      let game = try WeightedGame(
        weights: [Double](repeating: 1, count: n), quota: Double(q))
      let p = try PowerIndex.exactIndices(game)
      let top: Double = lgamma(Double(n))
      let bottom: Double = lgamma(Double(q)) + lgamma(Double(n - q + 1))
      let logExpected: Double = top - bottom - Double(n - 1) * log(2.0)
      let logs = PowerIndex.blockLogBanzhaf(
        weights: [Int](repeating: 1, count: n), quota: q, veto: [])
      // lgamma of 10^6 is only good to about 1e-10 of its 1.3e7.
      #expect(abs(logs[0] - logExpected) < 1e-8)
      #expect(p.banzhaf.allSatisfy { abs($0 * Double(n) - 1) < 1e-12 })
      #expect(p.shapleyShubik.allSatisfy { abs($0 * Double(n) - 1) < 1e-12 })
      #expect(p.method == .exact)
      let shares = PowerIndex.banzhafShares(game)
      #expect(shares.method == .exact)
      #expect(shares.shares.allSatisfy { abs($0 * Double(n) - 1) < 1e-12 })
    }
  }

  /// A small n where the closed form is exact in Double: 20 players, quota 11.
  @Test func equalPlayersExactBinomial() throws {
    let banzhaf = PowerIndex.blockBanzhaf(
      weights: [Int](repeating: 3, count: 20), quota: 31, veto: [])
    // Quota 31 with weight 3: pivotal when the others hold exactly 10 players (weight 30).
    #expect(abs(banzhaf[0] - 92_378.0 / 524_288) < 1e-15)
  }

  /// Two weight classes, too large for the dynamic programme: a medium copy agrees with
  /// it, and the large one keeps the invariants (heavier at least as strong, sums of 1).
  @Test func twoClassesAtScale() throws {
    let weights = [Int](repeating: 1, count: 1500) + [Int](repeating: 2, count: 1500)
    let dp = PowerIndex.banzhaf(weights: weights, quota: 2251, veto: [0]).absolute
    let blocks = PowerIndex.blockBanzhaf(weights: weights, quota: 2251, veto: [0])
    for i in [0, 1, 2000] { #expect(abs(dp[i] - blocks[i]) <= 1e-12 * dp[i]) }
    let small = [Int](repeating: 1, count: 100) + [Int](repeating: 2, count: 100)
    let ss = PowerIndex.shapleyShubik(weights: small, quota: 181)
    let ssBlocks = PowerIndex.blockShapleyShubik(weights: small, quota: 181)
    for i in [0, 150] { #expect(abs(ss[i] - ssBlocks[i]) < 1e-12) }
    // At 800 players the programme's counts (up to C(800, 400), 1e239) cancel in the
    // removal step and its indices sum to 3.7e9; the block sums still sum to 1.
    let medium = [Int](repeating: 1, count: 400) + [Int](repeating: 2, count: 400)
    let mediumBlocks = PowerIndex.blockShapleyShubik(weights: medium, quota: 721)
    #expect(abs(mediumBlocks.reduce(0, +) - 1) < 1e-12)
    #expect(mediumBlocks[600] > mediumBlocks[0])

    let large = try WeightedGame(
      weights: [Double](repeating: 1, count: 100_000) + [Double](repeating: 2, count: 100_000),
      quota: 180_000)
    let p = try PowerIndex.exactIndices(large)
    #expect(abs(p.shapleyShubik.reduce(0, +) - 1) < 1e-9)
    #expect(p.banzhaf[150_000] > p.banzhaf[0])
    #expect(p.shapleyShubik[150_000] > p.shapleyShubik[0])
    // Every player of a class has the same share; the two classes' shares sum to 1.
    #expect(abs(100_000 * (p.banzhaf[0] + p.banzhaf[150_000]) - 1) < 1e-9)
  }

  /// Loader's binomial masses against exact small cases and the symmetric sum.
  @Test func binomialMasses() {
    #expect(abs(BinomialMass.mass(3, 10, p: 0.5, q: 0.5) / (120.0 / 1024) - 1) < 1e-14)
    let masses = BinomialMass.fair(100_000)
    #expect(abs(masses.reduce(0, +) - 1) < 1e-12)
    #expect(masses[40_000] == masses[60_000])
  }
}
