/// Who defers to whom: a directed network from leaders to their followers.
///
/// When a leader is persuaded, each follower moves toward the leader's new belief by
/// its deference strength (1: adopts it). Sebenius's backward mapping recruits first
/// the leaders whose conversion brings the most weight along.
public struct DeferenceNetwork: Sendable, Equatable {
  /// The number of agents the network is over.
  public let agentCount: Int
  /// Followers of leader `j` are `followers[offsets[j]..<offsets[j+1]]`.
  public let offsets: [Int32]
  /// Each leader's followers, as agent indices (see `offsets`).
  public let followers: [Int32]
  /// Deference strength in (0, 1] of each follower entry.
  public let strengths: [Double]

  /// No deference at all.
  public static func none(_ n: Int) -> DeferenceNetwork {
    DeferenceNetwork(agentCount: n)
  }

  // Rows straight away: a list per leader cost 300 instructions and 8 bytes an agent of
  // every world, most of which defer to nobody.
  private init(agentCount n: Int) {
    agentCount = n
    offsets = [Int32](repeating: 0, count: n + 1)
    followers = []
    strengths = []
  }

  /// From `(follower, leader, strength)` links; a repeated link keeps the larger strength.
  public init(agentCount: Int, links: [(follower: Int, leader: Int, strength: Double)]) {
    self.agentCount = agentCount
    var byLeader = [[(Int32, Double)]](repeating: [], count: agentCount)
    for link in links where link.follower != link.leader {
      byLeader[link.leader].append((Int32(link.follower), min(1, link.strength)))
    }
    (offsets, followers, strengths) = CompressedRows.build(byLeader, merge: max)
  }

  /// Whether nobody defers to anybody.
  public var isEmpty: Bool { followers.isEmpty }
  /// The number of follower links.
  public var linkCount: Int { followers.count }
}
