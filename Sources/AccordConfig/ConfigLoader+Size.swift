package import Yams

/// A world's size read from its config alone, before anything is built.
package struct ConfigSize: Sendable, Equatable {
  package var agents: Int
  /// Edges held in memory (a complete network is implicit; random ones are expected).
  package var storedEdges: Int
  package var nations: Int
  package var steps: Int
}

extension ConfigLoader {
  /// The size of the world a node tree describes, without drawing it, so a caller can
  /// refuse a world too large for its memory before building it; nil when the config
  /// is invalid (then ``load(node:path:seed:steps:)`` says why).
  package static func size(node: Node, seed: UInt32? = nil, steps: Int? = nil) -> ConfigSize? {
    guard let config = try? resolved(node, seed: seed, steps: steps) else { return nil }
    let agents = config.nations.reduce(0) { total, nation in
      nation.agents.reduce(total) { $0 + $1.count }
    }
    var edges = 0
    if config.network.type != .complete,
      let model = try? WorldBuilder.networkModel(config, agents: agents)
    {
      edges = expectedEdges(model, agents: agents)
    }
    return ConfigSize(
      agents: agents, storedEdges: edges, nations: config.nations.count, steps: config.steps)
  }
}
