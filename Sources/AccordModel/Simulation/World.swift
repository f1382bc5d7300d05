/// A complete, validated description of one world at step 0.
///
/// A world holds no random state: ``Simulation`` runs it with a seed. Nations hold
/// contiguous ranges of agents, in order.
public struct World: Sendable {
  /// The world-level parameters.
  public var parameters: ModelParameters
  /// The nations, each a contiguous range of `agents`.
  public var nations: [Nation]
  /// Every agent, nation by nation.
  public var agents: [AgentSpec]
  /// The social network over `agents`.
  public var graph: Graph
  /// Who defers to whom (empty unless the config gives a deference network).
  public var deference: DeferenceNetwork

  /// Checks the world for degenerate cases the model cannot run.
  public init(
    parameters: ModelParameters, nations: [Nation], agents: [AgentSpec], graph: Graph,
    deference: DeferenceNetwork? = nil
  ) throws(WorldError) {
    guard !agents.isEmpty else { throw .noAgents }
    guard !nations.isEmpty else { throw .noNations }
    var next = 0
    for (index, nation) in nations.enumerated() {
      guard !nation.agents.isEmpty else { throw .emptyNation(nation.name) }
      guard nation.agents.lowerBound == next, nation.agents.upperBound <= agents.count,
        nation.agents.allSatisfy({ agents[$0].nation == index })
      else { throw .agentsOutOfOrder(nation.name) }
      next = nation.agents.upperBound
      guard nation.agents.contains(nation.executive) else { throw .executiveOutside(nation.name) }
      let total = nation.agents.reduce(0.0) { $0 + agents[$1].weight }
      guard total > 0 else { throw .zeroWeight(nation.name) }
    }
    guard next == agents.count else { throw .agentsOutOfOrder(nations[nations.count - 1].name) }
    guard graph.nodeCount == agents.count else {
      throw .networkSize(expected: agents.count, actual: graph.nodeCount)
    }
    if parameters.learning.mode != .none && agents.count > 1 && graph.edgeCount == 0 {
      throw .emptyNetwork(parameters.learning.mode.rawValue)
    }
    let issues = parameters.issues
    for agent in agents where agent.otherIssues.count != issues - 1 {
      throw .issueCount(agent: agent.name, expected: issues, actual: agent.otherIssues.count + 1)
    }
    let deference = deference ?? .none(agents.count)
    guard deference.agentCount == agents.count else {
      throw .networkSize(expected: agents.count, actual: deference.agentCount)
    }
    if parameters.persuasion.strategy == .backwardMapping && deference.isEmpty {
      throw .noDeferenceNetwork
    }
    self.deference = deference
    self.parameters = parameters
    self.nations = nations
    self.agents = agents
    self.graph = graph
  }

}

/// Why a world cannot be run.
public enum WorldError: Error, CustomStringConvertible, Equatable, Sendable {
  case noAgents
  case noNations
  case emptyNation(String)
  case zeroWeight(String)
  case executiveOutside(String)
  case agentsOutOfOrder(String)
  case networkSize(expected: Int, actual: Int)
  case emptyNetwork(String)
  case noDeferenceNetwork
  case issueCount(agent: String, expected: Int, actual: Int)

  /// What is wrong with the world, in one line.
  public var description: String {
    switch self {
    case .noAgents: "the world has no agents"
    case .noNations: "the world has no nations"
    case .emptyNation(let n): "nation '\(n)' has no factions (agents)"
    case .zeroWeight(let n):
      "nation '\(n)' has zero total weight, so no coalition can ever reach its quota"
    case .executiveOutside(let n): "nation '\(n)': the executive must be one of its own agents"
    case .agentsOutOfOrder(let n):
      "nation '\(n)': agents must form one contiguous block, in nation order"
    case .networkSize(let e, let a): "the network has \(a) nodes but the world has \(e) agents"
    case .emptyNetwork(let mode):
      "the network has no edges, so '\(mode)' learning would do nothing; "
        + "use learning mode 'none' or a network with edges"
    case .issueCount(let agent, let expected, let actual):
      "agent '\(agent)' has positions on \(actual) issues; the world has \(expected)"
    case .noDeferenceNetwork:
      "strategy 'backward-mapping' needs a deference network (persuasion.deference: FILE)"
    }
  }
}

/// Seeds of the two random streams a run uses, both derived from the run's seed.
///
/// The world stream draws generated agents and the network; the dynamics stream
/// draws evidence, learning, persuasion and judgement noise. Keeping them apart
/// means that changing a dynamics parameter leaves the drawn population unchanged
/// (common random numbers across a sweep).
package enum SeedStreams {
  /// The seed of the world stream.
  package static func world(_ seed: UInt32) -> UInt32 { seed }

  /// The seed of the dynamics stream: a bijective 32-bit mix of the run seed.
  package static func dynamics(_ seed: UInt32) -> UInt32 { mix(seed ^ 0x9E37_79B9) }

  /// The salt of a run's tie-break order.
  ///
  /// Equal scores in recruitment are ordered by a hash of the run seed, the step and the agent, never by agent index, so no result
  /// rests on the order of groups in a config. Apart from the dynamics stream, so a run
  /// without ties draws what it drew before.
  package static func ties(_ seed: UInt64) -> UInt64 { mix64(seed ^ 0x7469_6573_5F62_7265) }

  /// A bijection of the 64-bit words (SplitMix64's finaliser).
  package static func mix64(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A bijection of the 32-bit words (MurmurHash3's finaliser): xorshifts and odd
  /// multiplications, each invertible.
  package static func mix(_ x: UInt32) -> UInt32 {
    var h = x
    h ^= h >> 16
    h &*= 0x85EB_CA6B
    h ^= h >> 13
    h &*= 0xC2B2_AE35
    h ^= h >> 16
    return h
  }
}
