import AccordNumerics

/// Computes power indices, exactly where feasible.
public enum PowerIndex {
  /// Limits of the exact method: total integer weight, and work `n^2 q` for Shapley-Shubik.
  public static let maxExactWeight = 2_000_000
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

  /// Exact Banzhaf (any veto players) and Shapley-Shubik (no explicit veto players).
  public static func exactIndices(_ game: WeightedGame) throws(PowerError) -> PowerIndices {
    guard let scale = game.integerScale else {
      throw .exactInfeasible("weights are not multiples of 1/1000")
    }
    guard let whole = integerGame(game, scale: scale) else {
      throw .exactInfeasible(
        "total integer weight \(game.totalWeight * Double(scale)) exceeds \(maxExactWeight)")
    }
    let (weights, quota) = whole
    let total = weights.reduce(0, +)
    let (absolute, swings) = banzhaf(weights: weights, quota: quota, veto: game.vetoPlayers)
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
    guard n * n * Double(ssQuota) <= maxExactShapleyWork, weights.count <= 1000 else {
      throw .exactInfeasible(
        "\(weights.count) players with quota \(ssQuota) is too much work for Shapley-Shubik")
    }
    let ss = shapleyShubik(weights: ssWeights, quota: ssQuota)
    let sum = absolute.reduce(0, +)
    return PowerIndices(
      method: .exact, samples: nil, shapleyShubik: ss,
      banzhaf: absolute.map { sum > 0 ? $0 / sum : 0 }, banzhafAbsolute: absolute, swings: swings,
      shapleyShubikHalfWidth: nil, banzhafAbsoluteHalfWidth: nil)
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
    if let scale = game.integerScale, let whole = integerGame(game, scale: scale) {
      let absolute = banzhaf(weights: whole.weights, quota: whole.quota, veto: game.vetoPlayers)
        .absolute
      let sum = absolute.reduce(0, +)
      return (absolute.map { sum > 0 ? $0 / sum : 0 }, .exact)
    }
    if game.playerCount > normalApproximationThreshold { return (normalBanzhaf(game), .normal) }
    let sampled = (try? sampleBanzhaf(game, samples: samples, seed: seed)) ?? []
    let sum = sampled.reduce(0, +)
    return (sampled.map { sum > 0 ? $0 / sum : 0 }, .sampling)
  }

  /// The game's weights and quota as whole numbers at `scale`, or nil when the total
  /// weight exceeds ``maxExactWeight``.
  ///
  /// The total is checked in floating point before any conversion to `Int`, so weights
  /// such as 1e19 (beyond `Int.max`) or 5e18 + 5e18 (an `Int` overflow) give nil.
  static func integerGame(_ game: WeightedGame, scale: Int) -> (weights: [Int], quota: Int)? {
    let s = Double(scale)
    let scaled = game.weights.map { ($0 * s).rounded() }
    let total = scaled.reduce(0, +)
    guard total.isFinite, total <= Double(maxExactWeight) else { return nil }
    let q = (game.quota * s - 1e-9 * max(1, game.quota * s)).rounded(.up)
    // A quota that scales to nothing (weights far below 1/scale) is no integer game.
    guard q.isFinite, q >= 1, q <= total + 1 else { return nil }
    return (scaled.map { Int($0) }, Int(q))
  }
}
