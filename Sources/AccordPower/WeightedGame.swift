/// A weighted voting game `[q; w_1, ..., w_n]`, optionally with veto players.
///
/// A coalition is winning when its weight reaches the quota `q` and it holds every
/// listed veto player. (Players whose weight is needed for any win are veto players
/// anyway; ``CoalitionStructure/vetoPlayers(of:)`` finds them all.)
public struct WeightedGame: Sendable, Equatable {
  /// The players' weights.
  public let weights: [Double]
  /// The absolute quota: a coalition needs at least this much weight.
  public let quota: Double
  /// Players every winning coalition must hold, beyond what the quota implies.
  public let vetoPlayers: [Int]
  /// The number of players.
  public var playerCount: Int { weights.count }
  /// The players' summed weight.
  public var totalWeight: Double { weights.reduce(0, +) }

  /// Checks the game: at least one player, finite non-negative weights, a quota in
  /// (0, total weight], and veto players that exist.
  public init(weights: [Double], quota: Double, vetoPlayers: [Int] = []) throws(PowerError) {
    guard !weights.isEmpty else { throw .noPlayers }
    for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
      throw .badWeight(player: i, value: w)
    }
    let total = weights.reduce(0, +)
    guard total.isFinite else { throw .totalWeightTooLarge }
    // Sums of weights are floating point: a weight below 1e-12 of the total is lost in
    // rounding (1e19 + 1 == 1e19), and the game's answers would be silently wrong.
    for (i, w) in weights.enumerated() where w > 0 && w < total * Self.precision {
      throw .weightBelowPrecision(player: i, value: w, total: total)
    }
    guard quota > 0, quota <= total * (1 + 1e-12) else {
      throw .quotaOutOfRange(quota: quota, total: total)
    }
    for v in vetoPlayers where !weights.indices.contains(v) {
      throw .unknownVetoPlayer(v, players: weights.count)
    }
    self.weights = weights
    self.quota = quota
    self.vetoPlayers = Array(Set(vetoPlayers)).sorted()
  }

  /// The smallest positive weight, relative to the total, that a game accepts.
  public static let precision = 1e-12

  /// Tolerance on weight comparisons, so that 0.1 + 0.2 reaches a quota of 0.3.
  ///
  /// Relative to the quota, not the total weight: with weights 1e19 and 1 and quota 1,
  /// a tolerance of 1e-9 of the total (1e10) would let the empty coalition win.
  var tolerance: Double { 1e-9 * max(1, quota) }

  /// Whether the coalition of `members` is winning.
  public func isWinning(_ members: some Sequence<Int>) -> Bool {
    var weight = 0.0
    var inCoalition = [Bool](repeating: false, count: playerCount)
    for i in members where !inCoalition[i] {
      inCoalition[i] = true
      weight += weights[i]
    }
    return weight >= quota - tolerance && vetoPlayers.allSatisfy { inCoalition[$0] }
  }

  /// Whether the coalition can stop anything: its complement is not winning.
  public func isBlocking(_ members: some Sequence<Int>) -> Bool {
    let inside = Set(members)
    return !isWinning((0..<playerCount).filter { !inside.contains($0) })
  }

  /// The smallest integer scale (1, 2, 4, 5, 10 and on to 1000) that makes every weight and
  /// the quota whole numbers, or nil.
  public var integerScale: Int? {
    for scale in [1, 2, 4, 5, 8, 10, 20, 25, 50, 100, 1000] {
      let s = Double(scale)
      let whole = weights.allSatisfy { abs($0 * s - ($0 * s).rounded()) < 1e-9 * max(1, $0 * s) }
      if whole { return scale }
    }
    return nil
  }
}

/// Why a game or a power computation was refused.
public enum PowerError: Error, CustomStringConvertible, Equatable, Sendable {
  case noPlayers
  case badWeight(player: Int, value: Double)
  case quotaOutOfRange(quota: Double, total: Double)
  case unknownVetoPlayer(Int, players: Int)
  case tooLargeToEnumerate(players: Int, limit: Int)
  case exactInfeasible(String)
  case totalWeightTooLarge
  case interrupted
  case weightBelowPrecision(player: Int, value: Double, total: Double)

  /// What is wrong with the game, in one line.
  public var description: String {
    switch self {
    case .noPlayers: "the game has no players; give at least one weight"
    case .badWeight(let i, let w): "weight \(w) of player \(i + 1) is not a non-negative number"
    case .quotaOutOfRange(let q, let total):
      "quota \(q) is out of range; allowed: (0, \(total)] (the total weight)"
    case .unknownVetoPlayer(let v, let n): "veto player \(v) does not exist (players are 0..<\(n))"
    case .tooLargeToEnumerate(let n, let limit):
      "minimal winning coalitions are enumerated for at most \(limit) players; this game has \(n)"
    case .exactInfeasible(let why): "exact computation is not feasible: \(why); use sampling"
    case .weightBelowPrecision(let i, let w, let total):
      "weight \(w) of player \(i + 1) is below 1e-12 of the total weight \(total) and would be "
        + "lost in rounding; give weights within 12 orders of magnitude (or 0)"
    case .interrupted: "stopped before the sampling finished"
    case .totalWeightTooLarge:
      "the total weight is too large to represent (beyond 1.8e308); use smaller weights"
    }
  }
}
