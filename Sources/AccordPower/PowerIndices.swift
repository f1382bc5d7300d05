import AccordNumerics

/// How a set of power indices was computed.
public enum PowerMethod: String, Sendable, Codable, CaseIterable {
  /// Dynamic programming over weight sums (generating functions): exact.
  case exact
  /// Monte Carlo: random orderings (Shapley-Shubik) and random coalitions (Banzhaf).
  case sampling
  /// The normal approximation to the others' weight (Banzhaf only; large games).
  case normal = "normal-approximation"
}

/// Shapley-Shubik and Banzhaf indices of every player of a game.
public struct PowerIndices: Sendable, Codable, Equatable {
  public var method: PowerMethod
  /// Samples drawn (sampling only).
  public var samples: Int?
  /// Shapley-Shubik index; sums to 1.
  public var shapleyShubik: [Double]
  /// Banzhaf index normalised to sum to 1.
  public var banzhaf: [Double]
  /// Absolute Banzhaf index: the probability of being a swing in a uniform random coalition.
  public var banzhafAbsolute: [Double]
  /// Swing counts: coalitions of the others that the player turns from losing to winning
  /// (`banzhafAbsolute * 2^(n-1)`; estimated when sampling).
  public var swings: [Double]
  /// Half-widths of 95% confidence intervals (sampling only).
  public var shapleyShubikHalfWidth: [Double]?
  public var banzhafAbsoluteHalfWidth: [Double]?

  enum CodingKeys: String, CodingKey {
    case method, samples
    case shapleyShubik = "shapley_shubik"
    case banzhaf
    case banzhafAbsolute = "banzhaf_absolute"
    case swings
    case shapleyShubikHalfWidth = "shapley_shubik_ci95"
    case banzhafAbsoluteHalfWidth = "banzhaf_absolute_ci95"
  }
}

/// Computes power indices, exactly where feasible.
public enum PowerIndex {
  /// Limits of the exact method: total integer weight, and work `n^2 q` for Shapley-Shubik.
  public static let maxExactWeight = 2_000_000
  public static let maxExactShapleyWork = 40_000_000_000.0

  /// Both indices. `method` nil chooses exact when the weights scale to integers
  /// within the limits, sampling otherwise.
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

  // MARK: Exact Banzhaf

  /// Probability DP: `P[w]` is the chance that a uniform random subset of the non-veto
  /// players weighs `w`. Removing one player is a deconvolution with coefficient 1,
  /// `P_-i[w] = 2 P[w] - P_-i[w - w_i]`, whose rounding errors add up rather than grow.
  static func banzhaf(weights: [Int], quota: Int, veto: [Int]) -> (
    absolute: [Double], swings: [Double]
  ) {
    let n = weights.count
    let isVeto = (0..<n).map { veto.contains($0) }
    let vetoWeight = veto.reduce(0) { $0 + weights[$1] }
    let free = (0..<n).filter { !isVeto[$0] }
    let freeTotal = free.reduce(0) { $0 + weights[$1] }
    var p = [Double](repeating: 0, count: freeTotal + 1)
    p[0] = 1
    var reach = 0
    for i in free {
      let w = weights[i]
      if w == 0 { continue }
      reach += w
      // Descending, so p[x - w] is still the value before this player.
      for x in stride(from: reach, through: 0, by: -1) {
        p[x] = 0.5 * (p[x] + (x >= w ? p[x - w] : 0))
      }
    }
    let need = quota - vetoWeight  // weight the free players must add
    let vetoCount = Double(veto.count)
    var absolute = [Double](repeating: 0, count: n)
    var without = [Double](repeating: 0, count: freeTotal + 1)
    for i in 0..<n {
      let w = weights[i]
      if isVeto[i] {
        // S holds the other veto players; it wins with i iff the free part reaches `need`.
        var mass = 0.0
        if need <= freeTotal { for x in max(0, need)...freeTotal { mass += p[x] } }
        absolute[i] = mass / pow(2, vetoCount - 1)
        continue
      }
      if w == 0 { continue }
      // Remove i: P = (P_-i + shift_w P_-i) / 2.
      for x in 0...freeTotal { without[x] = 2 * p[x] - (x >= w ? without[x - w] : 0) }
      var mass = 0.0
      let low = max(0, need - w)
      let high = min(need - 1, freeTotal - w)
      if low <= high { for x in low...high { mass += max(0, without[x]) } }
      absolute[i] = mass / pow(2, vetoCount)
    }
    let scale = pow(2, Double(n - 1))
    return (absolute, absolute.map { ($0 * scale).rounded() })
  }

  // MARK: Exact Shapley-Shubik

  /// Count DP over (size, weight < quota): `C[s][w]` subsets of size `s` and weight `w`.
  /// Heavier subsets are dropped: weights are non-negative, so they never lose again.
  /// Player `i`'s counts come from removing it: `G[s][w] = C[s][w] - G[s-1][w - w_i]`
  /// (a coefficient of 1, so rounding errors add up rather than grow). Players of equal
  /// weight have equal power, so each distinct weight is removed once.
  static func shapleyShubik(weights: [Int], quota: Int) -> [Double] {
    let n = weights.count
    let q = quota
    // No subset of more than `rows` players is lighter than the quota: the
    // `rows` lightest weights already reach it.
    var rows = 0
    var lightest = 0
    for w in weights.sorted() {
      lightest += w
      if lightest >= q { break }
      rows += 1
    }
    var c = [Double](repeating: 0, count: (rows + 1) * q)
    c.withUnsafeMutableBufferPointer { table in
      let c = table.baseAddress!
      c[0] = 1
      var filled = 0
      for k in 0..<n {
        let w = weights[k]
        if w >= q { continue }
        filled = min(rows, filled + 1)
        // Row s reads row s - 1 before this player is added to it: go down in s.
        // Within a row, reading another row, a forward loop vectorises.
        for s in stride(from: filled, through: 1, by: -1) {
          let row = c + s * q
          let below = c + (s - 1) * q
          for x in w..<q { row[x] += below[x - w] }
        }
      }
    }
    // factor[s] = s! (n - 1 - s)! / n!
    var factor = [Double](repeating: 0, count: n)
    for s in 0..<n {
      factor[s] = exp(lgamma(Double(s + 1)) + lgamma(Double(n - s)) - lgamma(Double(n + 1)))
    }
    var byWeight: [Int: Double] = [:]
    var previous = [Double](repeating: 0, count: q)
    var current = [Double](repeating: 0, count: q)
    for w in Set(weights) where w > 0 {
      // A player at least as heavy as the quota never entered the table (every subset
      // holding it is too heavy), so the table already counts the others.
      let removable = w < q
      let low = max(0, q - w)
      var phi = 0.0
      c.withUnsafeBufferPointer { table in
        previous.withUnsafeMutableBufferPointer { prev in
          current.withUnsafeMutableBufferPointer { cur in
            var p = prev.baseAddress!
            var g = cur.baseAddress!
            for s in 0...min(rows, n - 1) {
              let row = table.baseAddress! + s * q
              if removable && s > 0 {
                for x in 0..<w { g[x] = row[x] }
                for x in w..<q { g[x] = row[x] - p[x - w] }
              } else {
                for x in 0..<q { g[x] = row[x] }
              }
              var swings = 0.0
              for x in low..<q { swings += g[x] }
              phi += max(0, swings) * factor[s]
              swap(&p, &g)
            }
          }
        }
      }
      byWeight[w] = phi
    }
    return weights.map { byWeight[$0] ?? 0 }
  }

  // MARK: Normal approximation

  /// Banzhaf indices by the normal approximation to the others' weight (Owen's
  /// multilinear extension at 1/2): `P(q - w_i <= S_-i < q)` with `S_-i` normal with
  /// mean `sum w_j / 2` and variance `sum w_j^2 / 4` over the free players, and the same
  /// veto conditioning as the exact method. O(n); accurate for many players none of
  /// whom dominates, which is where exact and sampled computation are expensive.
  public static func normalBanzhaf(_ game: WeightedGame) -> [Double] {
    let n = game.playerCount
    let isVeto = (0..<n).map { game.vetoPlayers.contains($0) }
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
    let sum = absolute.reduce(0, +)
    return absolute.map { sum > 0 ? $0 / sum : 0 }
  }

  // MARK: Sampling

  /// Monte Carlo estimates with 95% intervals, from a seeded GSL stream.
  ///
  /// `progress` is called every ``progressInterval`` samples with the samples drawn of
  /// both estimates (`2 samples` in all); when it returns false, sampling stops and
  /// ``PowerError/interrupted`` is thrown.
  public static func sample(
    _ game: WeightedGame, samples: Int, seed: UInt32,
    progress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }
  ) throws -> PowerIndices {
    let n = game.playerCount
    let random = try RandomStream(seed: seed)
    // Shapley-Shubik: the pivot of a random ordering.
    var pivots = [Double](repeating: 0, count: n)
    var order = Array(0..<n)
    let isVeto = (0..<n).map { game.vetoPlayers.contains($0) }
    let tolerance = game.tolerance
    for s in 0..<samples {
      if s % progressInterval == 0 && !progress(s, 2 * samples) { throw PowerError.interrupted }
      random.shuffle(&order)
      var weight = 0.0
      var vetoes = 0
      for i in order {
        weight += game.weights[i]
        if isVeto[i] { vetoes += 1 }
        if weight >= game.quota - tolerance && vetoes == game.vetoPlayers.count {
          pivots[i] += 1
          break
        }
      }
    }
    let ss = pivots.map { $0 / Double(samples) }
    let banzhaf = try sampleBanzhaf(game, samples: samples, seed: SeedMix.next(seed)) {
      progress(samples + $0, 2 * samples)
    }
    _ = progress(2 * samples, 2 * samples)
    let sum = banzhaf.reduce(0, +)
    let half = { (p: Double) in 1.96 * (p * (1 - p) / Double(samples)).squareRoot() }
    let scale = pow(2, Double(n - 1))
    return PowerIndices(
      method: .sampling, samples: samples, shapleyShubik: ss,
      banzhaf: banzhaf.map { sum > 0 ? $0 / sum : 0 }, banzhafAbsolute: banzhaf,
      swings: banzhaf.map { $0 * scale }, shapleyShubikHalfWidth: ss.map(half),
      banzhafAbsoluteHalfWidth: banzhaf.map(half))
  }

  /// Random coalitions: every player's swing is tested on the same draw.
  /// Absolute Banzhaf indices: the share of random coalitions in which each player swings.
  static func sampleBanzhaf(
    _ game: WeightedGame, samples: Int, seed: UInt32,
    progress: (_ done: Int) -> Bool = { _ in true }
  ) throws -> [Double] {
    let n = game.playerCount
    let random = try RandomStream(seed: seed)
    var swings = [Double](repeating: 0, count: n)
    var inside = [Bool](repeating: false, count: n)
    let isVeto = (0..<n).map { game.vetoPlayers.contains($0) }
    let vetoTotal = game.vetoPlayers.count
    let q = game.quota - game.tolerance
    for s in 0..<samples {
      if s % progressInterval == 0 && !progress(s) { throw PowerError.interrupted }
      var weight = 0.0
      var vetoes = 0
      for i in 0..<n {
        inside[i] = random.uniform() < 0.5
        if inside[i] {
          weight += game.weights[i]
          if isVeto[i] { vetoes += 1 }
        }
      }
      for i in 0..<n {
        // Weight and vetoes of the others, then whether i turns them into a win.
        let w = inside[i] ? weight - game.weights[i] : weight
        let v = inside[i] && isVeto[i] ? vetoes - 1 : vetoes
        let loses = !(w >= q && v == vetoTotal)
        let wins = w + game.weights[i] >= q && v + (isVeto[i] ? 1 : 0) == vetoTotal
        if loses && wins { swings[i] += 1 }
      }
    }
    return swings.map { $0 / Double(samples) }
  }
}

/// A second seed from a first, for an independent stream.
enum SeedMix {
  static func next(_ seed: UInt32) -> UInt32 {
    var h = seed &+ 0x6D2B_79F5
    h = (h ^ (h >> 15)) &* (h | 1)
    h ^= h &+ ((h ^ (h >> 7)) &* (h | 61))
    return h ^ (h >> 14)
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
