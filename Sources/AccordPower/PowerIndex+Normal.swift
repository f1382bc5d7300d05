import AccordNumerics
import Foundation

/// Banzhaf indices by the normal approximation, for many players.
extension PowerIndex {
  /// Banzhaf indices by the normal approximation to the others' weight (Owen's
  /// multilinear extension at 1/2): `P(q - w_i <= S_-i < q)` with `S_-i` normal with
  /// mean `sum w_j / 2` and variance `sum w_j^2 / 4` over the free players, and the same
  /// veto conditioning as the exact method.
  ///
  /// O(n); accurate for many players none of whom dominates, which is where exact and sampled
  /// computation are expensive.
  public static func normalBanzhaf(_ game: WeightedGame) -> [Double] {
    let absolute = normalBanzhafAbsolute(game)
    let sum = absolute.reduce(0, +)
    return absolute.map { sum > 0 ? $0 / sum : 0 }
  }

  /// The absolute Banzhaf indices of ``normalBanzhaf(_:)``, before they are normalised.
  static func normalBanzhafAbsolute(_ game: WeightedGame) -> [Double] {
    let n = game.playerCount
    // A unanimity game lists every player as a veto player: no `contains` per player.
    let isVeto = vetoMask(game.vetoPlayers, count: n)
    var freeMean = 0.0
    var freeVariance = 0.0
    var vetoWeight = 0.0
    for i in 0..<n {
      if isVeto[i] {
        vetoWeight += game.weights[i]
      } else {
        freeMean += game.weights[i] / 2
        freeVariance += game.weights[i] * game.weights[i] / 4
      }
    }
    let need = game.quota - game.tolerance - vetoWeight
    let vetoCount = Double(game.vetoPlayers.count)
    func cdf(_ x: Double, _ mean: Double, _ variance: Double) -> Double {
      variance <= 0 ? (x >= mean ? 1 : 0) : 0.5 * erfc(-(x - mean) / (2 * variance).squareRoot())
    }
    var absolute = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let w = game.weights[i]
      if isVeto[i] {
        absolute[i] = (1 - cdf(need, freeMean, freeVariance)) / pow(2, vetoCount - 1)
      } else if w > 0 {
        let mean = freeMean - w / 2
        let variance = freeVariance - w * w / 4
        absolute[i] =
          max(0, cdf(need, mean, variance) - cdf(need - w, mean, variance)) / pow(2, vetoCount)
      }
    }
    return absolute
  }
}
