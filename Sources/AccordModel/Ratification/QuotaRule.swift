/// A weighted quota with veto players: when a set of weight `w` holding `vetoes` veto
/// players is winning.
///
/// A set wins when `w >= quota * total`, `w > total / 2`, and it holds every veto
/// player. The second condition makes a quota of exactly one half mean "more than
/// half", so that a set and its complement can never both win.
public struct QuotaRule: Sendable, Equatable {
  /// The total weight of the players.
  public var total: Double
  /// The share of `total` a winning set needs.
  public var quota: Double
  /// How many veto players a winning set must hold.
  public var vetoPlayers: Int

  /// A rule over `total` weight with `quota` and `vetoPlayers` veto players.
  public init(total: Double, quota: Double, vetoPlayers: Int) {
    self.total = total
    self.quota = quota
    self.vetoPlayers = vetoPlayers
  }

  private var tolerance: Double { 1e-9 * total }

  /// Whether weight `w` reaches the quota.
  @inline(__always)
  public func reachesQuota(_ w: Double) -> Bool {
    w >= quota * total - tolerance && w > total / 2 + tolerance
  }

  /// Whether a set of weight `w` holding `vetoes` veto players is winning.
  @inline(__always)
  public func isWinning(weight w: Double, vetoes: Int) -> Bool {
    vetoes == vetoPlayers && reachesQuota(w)
  }

  /// Whether a set can stop anything: its complement is not winning.
  @inline(__always)
  public func isBlocking(weight w: Double, vetoes: Int) -> Bool {
    vetoes > 0 || !reachesQuota(total - w)
  }
}
