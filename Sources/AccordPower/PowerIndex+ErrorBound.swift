import Foundation

/// Stated error bounds of the approximate Banzhaf methods.
extension PowerIndex {
  /// Shevtsova's constant in the Berry-Esseen inequality for sums of independent terms.
  ///
  /// `sup_x |P(S <= x) - Phi((x - mu) / sigma)| <= C0 sum_j E|Y_j - E Y_j|^3 / sigma^3` with
  /// `C0 <= 0.5600` for terms that need not be identically distributed (Shevtsova 2010).
  public static let berryEsseenConstant = 0.56

  /// The accuracy of a set of Banzhaf shares: exact, or the stated bound of the
  /// approximation that computed them.
  public struct ShareError: Sendable, Equatable {
    /// How the shares were computed.
    public var method: PowerMethod
    /// Largest bound on one agent's absolute Banzhaf index (0 when exact).
    ///
    /// A certain bound for the normal approximation (Berry-Esseen), a 95% one for sampling.
    public var absolute: Double
    /// Bound on the Banzhaf share of any set of the nation's agents (0 when exact).
    ///
    /// Covers `power_share_<nation>` whatever the coalition; 1 when the bound says nothing.
    public var share: Double

    /// What a reader is told: the method and, for an approximation, its bound.
    public var description: String {
      switch method {
      case .exact: "exact"
      case .normal:
        String(
          format: "normal approximation (Berry-Esseen: absolute index within %.2g, "
            + "share of any set within %.2g)", absolute, share)
      case .sampling:
        String(
          format: "sampling (95%%: absolute index within %.2g, share of any set within %.2g)",
          absolute, share)
      }
    }
  }

  /// Berry-Esseen bounds on each player's absolute Banzhaf index under ``normalBanzhaf(_:)``.
  ///
  /// A free player `i`'s index is `(P(S < q') - P(S < q' - w_i)) / 2^v`, where `S` is the
  /// weight of the other free players, each present with probability 1/2, and `v` the
  /// number of veto players; the normal approximation replaces both probabilities by
  /// normal ones, each off by at most `C0 psi_i` with `psi_i = sum_j w_j^3 / (sum_j
  /// w_j^2)^(3/2)` over the other free players. So the bound is `2 C0 psi_i / 2^v`, and
  /// `C0 psi / 2^(v-1)` (one probability, every free player in `psi`) for a veto player.
  public static func normalBanzhafErrorBounds(_ game: WeightedGame) -> [Double] {
    let n = game.playerCount
    let isVeto = vetoMask(game.vetoPlayers, count: n)
    var squares = 0.0
    var cubes = 0.0
    for i in 0..<n where !isVeto[i] {
      let w = game.weights[i]
      squares += w * w
      cubes += w * w * w
    }
    let vetoCount = Double(game.vetoPlayers.count)
    func psi(_ squares: Double, _ cubes: Double) -> Double {
      squares > 0 ? cubes / (squares * squares.squareRoot()) : .infinity
    }
    var bounds = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let w = game.weights[i]
      if isVeto[i] {
        bounds[i] = min(1, berryEsseenConstant * psi(squares, cubes) / pow(2, vetoCount - 1))
      } else if w > 0 {
        // Cancellation leaves the others' sums at least 0 (rounding can take them below).
        let others = psi(max(0, squares - w * w), max(0, cubes - w * w * w))
        bounds[i] = min(1, 2 * berryEsseenConstant * others / pow(2, vetoCount))
      }
    }
    return bounds
  }

  /// Bound on the normalised share of any set, from bounds on the absolute indices.
  ///
  /// With `B` the sum of the estimates and `E` the sum of the bounds, a set whose
  /// estimated absolute indices add to `b_C` and whose bounds add to `e_C` has true share
  /// within `(e_C + (b_C / B) E) / (B - E) <= 2 E / (B - E)` of its estimated share (when
  /// `B > E`; otherwise nothing is known and the bound is 1).
  public static func shareErrorBound(estimates: [Double], bounds: [Double]) -> Double {
    let total = estimates.reduce(0, +)
    let error = bounds.reduce(0, +)
    guard error > 0 else { return 0 }
    guard total > error else { return 1 }
    return min(1, 2 * error / (total - error))
  }
}

extension PowerIndex {
  /// The 95% half-width of a sampled absolute index `p` from `samples` random coalitions.
  ///
  /// `1.96 sqrt(max(p (1 - p), 1 / samples) / samples)`: the floor keeps an index never seen
  /// swinging from claiming no error.
  static func samplingHalfWidth(_ p: Double, samples: Int) -> Double {
    let n = Double(max(samples, 1))
    return 1.96 * (max(p * (1 - p), 1 / n) / n).squareRoot()
  }
}
