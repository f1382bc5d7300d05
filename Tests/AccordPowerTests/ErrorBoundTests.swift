import AccordNumerics
import Foundation
import Testing

@testable import AccordPower

/// The stated errors of the approximate Banzhaf methods hold against exact values.
@Suite struct ErrorBoundTests {
  /// Random games small enough for the dynamic programme, skewed weights and veto players
  /// included: every player's exact absolute index lies within the Berry-Esseen bound of
  /// the normal approximation, and every tested set's exact share within the share bound.
  @Test func normalApproximationWithinBerryEsseenBound() throws {
    let random = try RandomStream(seed: 2025)
    var worst = 0.0
    for game in 0..<300 {
      let n = 2 + random.uniformInt(59)
      // Equal, spread and heavy-tailed weights (one player may hold most of the weight).
      let weights = (0..<n).map { _ -> Int in
        switch game % 3 {
        case 0: 3
        case 1: 1 + random.uniformInt(20)
        default: random.uniform() < 0.1 ? 50 + random.uniformInt(200) : 1 + random.uniformInt(4)
        }
      }
      let total = weights.reduce(0, +)
      let quota = 1 + random.uniformInt(total)
      let veto = random.uniform() < 0.3 ? [random.uniformInt(n)] : []
      let exact = PowerIndex.banzhaf(weights: weights, quota: quota, veto: veto).absolute
      let wg = try WeightedGame(
        weights: weights.map(Double.init), quota: Double(quota), vetoPlayers: veto)
      let approximate = PowerIndex.normalBanzhafAbsolute(wg)
      let bounds = PowerIndex.normalBanzhafErrorBounds(wg)
      for i in 0..<n {
        let error = abs(exact[i] - approximate[i])
        #expect(error <= bounds[i] + 1e-12, "game \(game), player \(i) of \(weights)")
        if bounds[i] > 0 { worst = max(worst, error / bounds[i]) }
      }
      let shareBound = PowerIndex.shareErrorBound(estimates: approximate, bounds: bounds)
      let exactTotal = exact.reduce(0, +)
      let estimateTotal = approximate.reduce(0, +)
      guard exactTotal > 0, estimateTotal > 0 else { continue }
      // Single players, the first half, and a random set.
      var sets = (0..<n).map { [$0] }
      sets.append(Array(0..<(n / 2 + 1)))
      sets.append((0..<n).filter { _ in random.uniform() < 0.5 })
      for set in sets {
        let truth = set.reduce(0) { $0 + exact[$1] } / exactTotal
        let estimate = set.reduce(0) { $0 + approximate[$1] } / estimateTotal
        #expect(abs(truth - estimate) <= shareBound + 1e-12, "game \(game), set \(set)")
      }
    }
    // The bound is not vacuous everywhere: some true error reaches a fifth of it.
    #expect(worst > 0.2)
  }

  /// The bound shrinks like 1 / sqrt(n) for equal weights: `psi = 1 / sqrt(n - 1)`.
  @Test func berryEsseenBoundFollowsTheWeights() throws {
    for n in [101, 401, 10_001] {
      let game = try WeightedGame(
        weights: [Double](repeating: 2, count: n), quota: Double(n + 1))
      let bounds = PowerIndex.normalBanzhafErrorBounds(game)
      let expected = 2 * PowerIndex.berryEsseenConstant / Double(n - 1).squareRoot()
      #expect(abs(bounds[0] - expected) < 1e-12 * expected)
    }
  }

  /// Sampling states 95% half-widths, and the exact method no error.
  ///
  /// On a game with exact values, every player's sampled index is within its half-width
  /// (but for a few, with this seed) and the sampled shares of single players and sets
  /// within the stated share bound.
  @Test func samplingAndExactStateTheirError() throws {
    let random = try RandomStream(seed: 11)
    let weights = (0..<60).map { _ in 1 + random.uniformInt(9) }
    let quota = (weights.reduce(0, +) * 3 + 4) / 5
    let game = try WeightedGame(weights: weights.map(Double.init), quota: Double(quota))
    let exact = PowerIndex.banzhaf(weights: weights, quota: quota, veto: []).absolute
    let samples = 20_000
    let sampled = try PowerIndex.sampleBanzhaf(game, samples: samples, seed: 3)
    let bounds = sampled.map { PowerIndex.samplingHalfWidth($0, samples: samples) }
    var outside = 0
    for i in weights.indices where abs(sampled[i] - exact[i]) > bounds[i] { outside += 1 }
    // 95% intervals: about 3 of 60 may miss; these draws miss at most a handful.
    #expect(outside <= 6)
    let shareBound = PowerIndex.shareErrorBound(estimates: sampled, bounds: bounds)
    #expect(shareBound > 0 && shareBound < 0.5)
    let (exactTotal, sampledTotal) = (exact.reduce(0, +), sampled.reduce(0, +))
    var sets = weights.indices.map { [$0] }
    sets.append(Array(0..<30))
    for set in sets {
      let truth = set.reduce(0) { $0 + exact[$1] } / exactTotal
      let estimate = set.reduce(0) { $0 + sampled[$1] } / sampledTotal
      #expect(abs(truth - estimate) <= shareBound, "set \(set)")
    }
    // Weights off the 1/1000 grid take the sampling path, which says so.
    let offGrid = try WeightedGame(
      weights: weights.map { Double($0) + 1e-4 * Double.pi }, quota: Double(quota))
    let (_, error) = PowerIndex.banzhafSharesWithError(offGrid, samples: 2_000, seed: 3)
    #expect(error.method == .sampling && error.absolute > 0 && error.share > 0)
    #expect(error.description.hasPrefix("sampling (95%: absolute index within "))
    let onGrid = PowerIndex.banzhafSharesWithError(game).error
    #expect(onGrid == PowerIndex.ShareError(method: .exact, absolute: 0, share: 0))
    #expect(onGrid.description == "exact")
  }

  /// More than 200 players off the grid take the normal approximation, which states
  /// its Berry-Esseen bound.
  @Test func normalApproximationSaysSo() throws {
    let weights = (0..<1_000).map { 1 + Double($0 % 7) + 1e-4 * Double.pi }
    let game = try WeightedGame(weights: weights, quota: weights.reduce(0, +) / 2)
    let (shares, error) = PowerIndex.banzhafSharesWithError(game)
    #expect(error.method == .normal)
    #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
    #expect(error.absolute == PowerIndex.normalBanzhafErrorBounds(game).max())
    #expect(error.description.hasPrefix("normal approximation (Berry-Esseen: absolute index "))
  }
}
