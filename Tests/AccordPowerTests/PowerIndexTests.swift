import AccordNumerics
import Testing

@testable import AccordPower

@Suite struct PowerIndexTests {
  /// MODEL.md section 6: the EEC Council of Ministers, 1958, [12; 4,4,4,2,2,1].
  @Test func eec1958() throws {
    let game = try WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12)
    let p = try PowerIndex.exactIndices(game)
    let ss = [7.0 / 30, 7.0 / 30, 7.0 / 30, 3.0 / 20, 3.0 / 20, 0]
    let bz = [5.0 / 21, 5.0 / 21, 5.0 / 21, 1.0 / 7, 1.0 / 7, 0]
    for i in 0..<6 {
      #expect(abs(p.shapleyShubik[i] - ss[i]) < 1e-9)
      #expect(abs(p.banzhaf[i] - bz[i]) < 1e-9)
    }
    #expect(p.swings == [10, 10, 10, 6, 6, 0])
    #expect(CoalitionStructure.dummies(p) == [5])
    #expect(p.method == .exact)
  }

  /// MODEL.md section 6: the UN Security Council, [39; 7 x5, 1 x10].
  @Test func unSecurityCouncil() throws {
    let game = try WeightedGame(
      weights: [Double](repeating: 7, count: 5) + [Double](repeating: 1, count: 10), quota: 39)
    let p = try PowerIndex.exactIndices(game)
    for i in 0..<5 {
      #expect(abs(p.shapleyShubik[i] - 421.0 / 2145) < 1e-9)
      #expect(abs(p.banzhaf[i] - 106.0 / 635) < 1e-9)
    }
    for i in 5..<15 {
      #expect(abs(p.shapleyShubik[i] - 4.0 / 2145) < 1e-9)
      #expect(abs(p.banzhaf[i] - 21.0 / 1270) < 1e-9)
    }
    #expect(CoalitionStructure.vetoPlayers(of: game) == [0, 1, 2, 3, 4])
  }

  /// Fractional weights that scale to integers are computed exactly.
  @Test func fractionalWeightsScale() throws {
    let whole = try PowerIndex.exactIndices(
      try WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12))
    let half = try PowerIndex.exactIndices(
      try WeightedGame(weights: [2, 2, 2, 1, 1, 0.5], quota: 6))
    #expect(whole.shapleyShubik == half.shapleyShubik)
    #expect(whole.banzhaf == half.banzhaf)
  }

  /// Exact indices against brute force over all coalitions and orderings, with the
  /// properties: Shapley-Shubik sums to 1, dummies get 0, symmetric players are equal.
  @Test func matchesBruteForceOnRandomGames() throws {
    let random = try RandomStream(seed: 31)
    for _ in 0..<60 {
      let n = 1 + random.uniformInt(7)
      let weights = (0..<n).map { _ in Double(random.uniformInt(6)) }
      let total = weights.reduce(0, +)
      guard total > 0 else { continue }
      let quota = Double(1 + random.uniformInt(Int(total)))
      let veto = random.uniform() < 0.3 ? [random.uniformInt(n)] : []
      let game = try WeightedGame(weights: weights, quota: quota, vetoPlayers: veto)
      let brute = bruteForce(game)
      let banzhaf = PowerIndex.banzhaf(
        weights: weights.map { Int($0) }, quota: Int(quota), veto: game.vetoPlayers)
      for i in 0..<n { #expect(abs(banzhaf.absolute[i] - brute.banzhaf[i]) < 1e-12) }
      if veto.isEmpty {
        let exact = try PowerIndex.exactIndices(game)
        for i in 0..<n { #expect(abs(exact.shapleyShubik[i] - brute.shapley[i]) < 1e-12) }
        #expect(abs(exact.shapleyShubik.reduce(0, +) - 1) < 1e-12)
        for i in 0..<n where exact.banzhafAbsolute[i] == 0 { #expect(exact.shapleyShubik[i] == 0) }
        for i in 0..<n {
          for j in 0..<n where weights[i] == weights[j] {
            #expect(abs(exact.shapleyShubik[i] - exact.shapleyShubik[j]) < 1e-12)
          }
        }
      }
    }
  }

  /// Sampling estimates cover the exact values with their 95% intervals (allowing a
  /// few misses among many players).
  @Test func samplingCoversExact() throws {
    let game = try WeightedGame(
      weights: [Double](repeating: 7, count: 5) + [Double](repeating: 1, count: 10), quota: 39)
    let exact = try PowerIndex.exactIndices(game)
    let sampled = try PowerIndex.compute(game, method: .sampling, samples: 40_000, seed: 5)
    #expect(sampled.method == .sampling && sampled.samples == 40_000)
    let ssHalf = try #require(sampled.shapleyShubikHalfWidth)
    let bzHalf = try #require(sampled.banzhafAbsoluteHalfWidth)
    var misses = 0
    for i in 0..<15 {
      if abs(sampled.shapleyShubik[i] - exact.shapleyShubik[i]) > ssHalf[i] { misses += 1 }
      if abs(sampled.banzhafAbsolute[i] - exact.banzhafAbsolute[i]) > bzHalf[i] { misses += 1 }
      #expect(abs(sampled.shapleyShubik[i] - exact.shapleyShubik[i]) < 3 * ssHalf[i] + 1e-12)
    }
    #expect(misses <= 4)
    let again = try PowerIndex.compute(game, method: .sampling, samples: 40_000, seed: 5)
    #expect(again == sampled)
  }

  @Test func electoralCollegeSizedGame() throws {
    // The US Electoral College (2024 apportionment): 51 players, total 538, quota 270.
    let weights: [Double] = [
      54, 40, 30, 28, 19, 19, 17, 16, 16, 15, 14, 13, 12, 11, 11, 11, 11, 10, 10, 10, 10, 10, 9, 9,
      8,
      8, 8, 7, 7, 6, 6, 6, 6, 6, 6, 5, 5, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3,
    ]
    #expect(weights.count == 51 && weights.reduce(0, +) == 538)
    let p = try PowerIndex.exactIndices(try WeightedGame(weights: weights, quota: 270))
    #expect(abs(p.shapleyShubik.reduce(0, +) - 1) < 1e-9)
    #expect(abs(p.banzhaf.reduce(0, +) - 1) < 1e-12)
    // Heavier states never have less power.
    for i in 1..<51 { #expect(p.shapleyShubik[i - 1] >= p.shapleyShubik[i] - 1e-12) }
  }

  /// The normal approximation used for large fractional-weight games stays close to the
  /// exact Banzhaf shares of a large game with no dominant player.
  @Test func normalApproximationIsClose() throws {
    let random = try RandomStream(seed: 12)
    let weights = (0..<300).map { _ in Double(1 + random.uniformInt(10)) }
    for veto in [[Int](), [7]] {
      let game = try WeightedGame(
        weights: weights, quota: (weights.reduce(0, +) * 0.6).rounded(), vetoPlayers: veto)
      let exact = PowerIndex.banzhafShares(game).shares
      let approximate = PowerIndex.normalBanzhaf(game)
      for i in 0..<300 where i != 7 { #expect(abs(approximate[i] - exact[i]) < 0.05 * exact[i]) }
      #expect(abs(approximate.reduce(0, +) - 1) < 1e-12)
    }
  }

  @Test func coalitionQueries() throws {
    let game = try WeightedGame(weights: [4, 4, 4, 2, 2, 1], quota: 12)
    #expect(game.isWinning([0, 1, 2]))
    #expect(!game.isWinning([0, 1, 3, 5]))
    #expect(game.isBlocking([0, 3]))
    #expect(!game.isBlocking([3, 5]))
    let minimal = try CoalitionStructure.minimalWinning(game)
    #expect(minimal == [[0, 1, 2], [0, 1, 3, 4], [0, 2, 3, 4], [1, 2, 3, 4]])
    let big = try WeightedGame(weights: [Double](repeating: 1, count: 30), quota: 16)
    #expect(throws: PowerError.tooLargeToEnumerate(players: 30, limit: 20)) {
      _ = try CoalitionStructure.minimalWinning(big)
    }
  }

  @Test func badGames() {
    #expect(throws: PowerError.noPlayers) { _ = try WeightedGame(weights: [], quota: 1) }
    #expect(throws: PowerError.badWeight(player: 1, value: -2)) {
      _ = try WeightedGame(weights: [1, -2], quota: 1)
    }
    #expect(throws: PowerError.quotaOutOfRange(quota: 5, total: 3)) {
      _ = try WeightedGame(weights: [1, 2], quota: 5)
    }
    #expect(throws: PowerError.quotaOutOfRange(quota: 0, total: 3)) {
      _ = try WeightedGame(weights: [1, 2], quota: 0)
    }
  }

  /// Brute force: every coalition (Banzhaf) and every ordering (Shapley-Shubik).
  func bruteForce(_ game: WeightedGame) -> (banzhaf: [Double], shapley: [Double]) {
    let n = game.playerCount
    var banzhaf = [Double](repeating: 0, count: n)
    for mask in 0..<(1 << n) {
      let members = (0..<n).filter { mask & (1 << $0) != 0 }
      for i in 0..<n where mask & (1 << i) == 0 {
        if !game.isWinning(members) && game.isWinning(members + [i]) { banzhaf[i] += 1 }
      }
    }
    var shapley = [Double](repeating: 0, count: n)
    var orders = 0.0
    func permute(_ prefix: [Int], _ rest: [Int]) {
      if rest.isEmpty {
        orders += 1
        var members: [Int] = []
        for i in prefix {
          members.append(i)
          if game.isWinning(members) {
            shapley[i] += 1
            return
          }
        }
        return
      }
      for (k, r) in rest.enumerated() {
        var remaining = rest
        remaining.remove(at: k)
        permute(prefix + [r], remaining)
      }
    }
    permute([], Array(0..<n))
    return (banzhaf.map { $0 / pow(2, Double(n - 1)) }, shapley.map { $0 / orders })
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
