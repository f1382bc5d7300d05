/// How a nation ratifies a deal.
public enum RatificationRule: Sendable, Equatable {
  /// More than half of the weight.
  case majority
  /// At least the fraction `quota` (in [1/2, 1]) of the weight.
  case supermajority(quota: Double)
  /// Every faction with positive weight is a veto player.
  case unanimity
  /// A quota rule (`quota` in [1/2, 1]; 1/2 means more than half) plus the executive's support.
  case executiveVeto(quota: Double)

  /// The quota as a fraction of the nation's weight.
  public var quota: Double {
    switch self {
    case .majority: 0.5
    case .supermajority(let q), .executiveVeto(let q): q
    case .unanimity: 1
    }
  }

  /// The positions (0-based, within the nation) of the factions holding a veto, given
  /// the factions' weights and the executive's position.
  ///
  /// The one place a rule's veto players are defined: the step's quota rules
  /// (`Simulation`), the weighted game behind Banzhaf power and inspection all read it.
  public func vetoPlayers(weights: [Double], executive: Int) -> [Int] {
    switch self {
    case .unanimity: weights.indices.filter { weights[$0] > 0 }
    case .executiveVeto: [executive]
    case .majority, .supermajority: []
    }
  }

  /// The rule's name as configs spell it.
  public var name: String {
    switch self {
    case .majority: "majority"
    case .supermajority: "supermajority"
    case .unanimity: "unanimity"
    case .executiveVeto: "executive-veto"
    }
  }
}

/// A weighted quota with veto players: when a set of weight `w` holding `vetoes` veto
/// players is winning.
///
/// A set wins when `w >= quota * total`, `w > total / 2`, and it holds every veto
/// player. The second condition makes a quota of exactly one half mean "more than
/// half", so that a set and its complement can never both win.
public struct QuotaRule: Sendable, Equatable {
  public var total: Double
  public var quota: Double
  public var vetoPlayers: Int

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
