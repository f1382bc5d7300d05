import AccordNumerics
import Foundation

/// Computes power indices, exactly where feasible.
public enum PowerIndex {
  /// Limits of the exact method: total integer weight, and work `n^2 q` for Shapley-Shubik.
  public static let maxExactWeight = 2_000_000
  /// The most work `n^2 q` the exact Shapley-Shubik method takes on.
  public static let maxExactShapleyWork = 40_000_000_000.0

  /// Both indices.
  ///
  /// `method` nil chooses exact when the weights scale to integers within the limits, sampling
  /// otherwise.
  public static func compute(
    _ game: WeightedGame, method: PowerMethod? = nil, samples: Int = 100_000, seed: UInt32 = 1
  ) throws -> PowerIndices {
    switch method {
    case .exact: return try exactIndices(game)
    case .sampling: return try sample(game, samples: samples, seed: seed)
    case nil, .normal:
      if let exact = try? exactIndices(game) { return exact }
      return try sample(game, samples: samples, seed: seed)
    }
  }

  /// Exact Banzhaf (any veto players) and Shapley-Shubik (veto players folded into the
  /// weights), each by the cheaper of the dynamic programme and the weight-block sums, or
  /// ``PowerError/exactInfeasible(_:)`` when both exceed ``exactWorkBudget``.
  public static func exactIndices(_ game: WeightedGame) throws(PowerError) -> PowerIndices {
    guard let scale = game.integerScale else {
      throw .exactInfeasible("weights are not multiples of 1/1000")
    }
    guard let whole = integerGame(game, scale: scale, limit: maxBlockWeight) else {
      throw .exactInfeasible(
        "total integer weight \(game.totalWeight * Double(scale)) exceeds \(maxBlockWeight)")
    }
    let (weights, quota) = whole
    let total = weights.reduce(0, +)
    guard
      let (absolute, shares) = exactBanzhaf(
        weights: weights, quota: quota, veto: game.vetoPlayers)
    else {
      throw .exactInfeasible(
        "\(weights.count) players in \(Set(weights).count) weight classes (total weight "
          + "\(total)) exceed the exact work budget of \(Int(exactWorkBudget)) operations")
    }
    // A veto player the quota does not already imply is the same as adding M > total
    // weight to its weight and to the quota: then no coalition without it can win, and
    // with it the original quota decides. The game stays a plain weighted game.
    let implied = Set((0..<weights.count).filter { total - weights[$0] < quota })
    let extra = game.vetoPlayers.filter { !implied.contains($0) }
    let boost = total + 1
    var ssWeights = weights
    for v in extra { ssWeights[v] += boost }
    let ssQuota = quota + boost * extra.count
    let n = Double(weights.count)
    let ss: [Double]
    // The block sums first: the programme's counts reach C(n, n/2) and cancel when a
    // player is removed (at 800 players its indices sum to 3.7e9).
    if blockShapleyWork(weights: ssWeights, quota: ssQuota) <= exactWorkBudget {
      ss = blockShapleyShubik(weights: ssWeights, quota: ssQuota)
    } else if n * n * Double(ssQuota) <= maxExactShapleyWork, weights.count <= 1000,
      total <= maxExactWeight
    {
      ss = shapleyShubik(weights: ssWeights, quota: ssQuota)
    } else {
      throw .exactInfeasible(
        "\(weights.count) players with quota \(ssQuota) is too much work for Shapley-Shubik")
    }
    // Beyond 1023 players 2^(n-1) is no Double: the counts are reported as 0 there.
    let countScale = pow(2, n - 1)
    return PowerIndices(
      method: .exact, samples: nil, shapleyShubik: ss,
      banzhaf: shares, banzhafAbsolute: absolute,
      swings: absolute.map { countScale.isFinite ? ($0 * countScale).rounded() : 0 },
      shapleyShubikHalfWidth: nil, banzhafAbsoluteHalfWidth: nil)
  }

  /// Operations an exact computation may take (about a third of a second); beyond it the
  /// model falls back to the normal approximation and `accord power` to sampling.
  public static let exactWorkBudget = 300_000_000.0

  /// Largest total integer weight of the weight-block sums (whose work does not grow with it).
  public static let maxBlockWeight = 1_000_000_000_000

  /// Absolute Banzhaf indices by the cheaper exact method, or nil beyond the budget.
  ///
  /// The dynamic programme (work `n W / 2` to build, `W` per distinct weight to remove)
  /// comes first whenever it fits, so every world it served before keeps its exact bits.
  ///
  /// Also the normalised indices: from the block sums' logarithms, so they stay right where
  /// the absolute indices underflow.
  static func exactBanzhaf(weights: [Int], quota: Int, veto: [Int]) -> (
    absolute: [Double], shares: [Double]
  )? {
    let total = weights.reduce(0, +)
    let classes = Double(Set(weights).count)
    let dpWork = (Double(weights.count) / 2 + classes) * Double(total)
    if total <= maxExactWeight, dpWork <= exactWorkBudget {
      let absolute = banzhaf(weights: weights, quota: quota, veto: veto).absolute
      let sum = absolute.reduce(0, +)
      return (absolute, absolute.map { sum > 0 ? $0 / sum : 0 })
    }
    guard blockBanzhafWork(weights: weights, veto: veto) <= exactWorkBudget else { return nil }
    let logs = blockLogBanzhaf(weights: weights, quota: quota, veto: veto)
    var sum = LogSum()
    for x in logs { sum.add(x) }
    let logTotal = sum.value
    return (logs.map { exp($0) }, logs.map { logTotal == -.infinity ? 0 : exp($0 - logTotal) })
  }

  /// Samples between two calls of a sampling method's `progress`.
  public static let progressInterval = 4096

  /// Above this many players, `banzhafShares` approximates rather than samples.
  public static let normalApproximationThreshold = 200

  /// Only the normalised Banzhaf index (what the model uses): exact when the weights
  /// scale to integers within the limits, else sampled for up to 200 players and
  /// approximated by the normal distribution for more.
  public static func banzhafShares(_ game: WeightedGame, samples: Int = 20_000, seed: UInt32 = 1)
    -> (
      shares: [Double], method: PowerMethod
    )
  {
    if let scale = game.integerScale,
      let whole = integerGame(game, scale: scale, limit: maxBlockWeight),
      let exact = exactBanzhaf(
        weights: whole.weights, quota: whole.quota, veto: game.vetoPlayers)
    {
      return (exact.shares, .exact)
    }
    if game.playerCount > normalApproximationThreshold { return (normalBanzhaf(game), .normal) }
    let sampled = (try? sampleBanzhaf(game, samples: samples, seed: seed)) ?? []
    let sum = sampled.reduce(0, +)
    return (sampled.map { sum > 0 ? $0 / sum : 0 }, .sampling)
  }

  /// The game's weights and quota as whole numbers at `scale`, or nil when the total
  /// weight exceeds `limit`.
  ///
  /// The total is checked in floating point before any conversion to `Int`, so weights
  /// such as 1e19 (beyond `Int.max`) or 5e18 + 5e18 (an `Int` overflow) give nil.
  static func integerGame(_ game: WeightedGame, scale: Int, limit: Int = maxExactWeight) -> (
    weights: [Int], quota: Int
  )? {
    let s = Double(scale)
    let scaled = game.weights.map { ($0 * s).rounded() }
    let total = scaled.reduce(0, +)
    guard total.isFinite, total <= Double(limit) else { return nil }
    let q = (game.quota * s - 1e-9 * max(1, game.quota * s)).rounded(.up)
    // A quota that scales to nothing (weights far below 1/scale) is no integer game.
    guard q.isFinite, q >= 1, q <= total + 1 else { return nil }
    return (scaled.map { Int($0) }, Int(q))
  }
}
