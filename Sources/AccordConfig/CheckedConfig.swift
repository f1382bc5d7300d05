import AccordModel
import AccordPower
import Foundation
package import Yams

/// A config checked by `accord validate`, with what it reports of the world.
///
/// A world of at most ``ConfigLoader/fullBuildLimit`` agents, or one with an edge-list
/// or deference file (which name agents), is built in full, so the verdict is exactly
/// `run`'s. A larger world is checked without drawing its population, in well under a
/// second: every key and range, the agents' names (from the groups' names and counts),
/// the network's parameters against the number of agents, the derived quantities (each
/// nation's ratification game, the joint optimum) on a sample world of at most
/// ``ConfigLoader/sampleGroupSize`` agents per group, and the weights' supports (each
/// nation's largest possible total within 1.8e308; constant weights within 12 orders
/// of magnitude of their nation's exact total). A failure that depends on one seed's
/// draws (a drawn weight below 1e-12 of its nation's total) is then found only by `run`.
package struct CheckedConfig: Sendable {
  /// The config with every default filled in (and any overrides applied).
  package var config: WorldConfig
  package var path: String
  /// Each nation's number of agents.
  package var nationAgents: [Int]
  /// Each nation's ratification rule, as `inspect` names it.
  package var rules: [String]
  package var believers: Int
  /// Network edges: exact when the world was built, else the expected number.
  package var edges: Int
  /// The world was built in full (false: checked on a sample and the supports).
  package var built: Bool

  package var agents: Int { nationAgents.reduce(0, +) }
  /// Edges held in memory: a complete network is implicit.
  package var storedEdges: Int { config.network.type == .complete ? 0 : edges }
  package var meanDegree: Double { agents == 0 ? 0 : 2 * Double(edges) / Double(agents) }
}

extension ConfigLoader {
  /// Worlds up to this many agents are built in full by `check(node:path:seed:steps:)`.
  package static let fullBuildLimit = 200_000
  /// Agents per group in the sample world that checks a larger world's derived quantities.
  package static let sampleGroupSize = 1_000

  /// Checks a config as ``load(node:path:seed:steps:)`` does, building the world only
  /// when it is small (``CheckedConfig`` says what is checked otherwise).
  package static func check(node: Node, path: String, seed: UInt32? = nil, steps: Int? = nil)
    throws(ConfigError) -> CheckedConfig
  {
    do {
      let config = try resolved(node, seed: seed, steps: steps)
      TestHooks.slowSetup()
      let directory = directory(of: path)
      let counts = config.nations.map { $0.agents.reduce(0) { $0 + $1.count } }
      let n = counts.reduce(0, +)
      if n <= fullBuildLimit || config.network.type == .edgeList
        || config.persuasion.deference != nil
      {
        let world = try WorldBuilder.build(config, seed: config.seed, baseDirectory: directory)
        try checkDerived(world, node: node, path: path)
        return CheckedConfig(
          config: config, path: path, nationAgents: world.nations.map(\.agents.count),
          rules: world.nations.map(\.rule.name),
          believers: world.agents.filter(\.believer).count, edges: world.graph.edgeCount,
          built: true)
      }
      try WorldBuilder.checkNames(config)
      let model = try WorldBuilder.networkModel(config, agents: n)
      // A mean degree so small that 1 - p rounds to 1 draws no edge for any seed, as
      // `NetworkModel` draws it: refused here as the full build refuses it.
      if case .erdosRenyi(let k)? = model, config.learning.mode != .none, n > 1,
        1 - min(1, k / Double(n - 1)) == 1
      {
        throw WorldBuilder.emptyNetwork(config, agents: n)
      }
      let world = try WorldBuilder.build(
        sample(of: config), seed: config.seed, baseDirectory: directory)
      try checkDerived(world, node: node, path: path)
      try checkWeightSupports(config)
      let believers = config.nations.reduce(0) { total, nation in
        nation.agents.reduce(total) { $0 + ($1.believer ? $1.count : 0) }
      }
      return CheckedConfig(
        config: config, path: path, nationAgents: counts, rules: world.nations.map(\.rule.name),
        believers: believers, edges: model.map { expectedEdges($0, agents: n) } ?? 0,
        built: false)
    } catch {
      throw located(error, node, path)
    }
  }

  /// The config with every group cut to ``sampleGroupSize`` agents on a complete network
  /// (the real network's parameters are checked against the real size); an executive
  /// named among the agents cut away is left to the default.
  private static func sample(of config: WorldConfig) -> WorldConfig {
    var sample = config
    sample.network = NetworkConfig()
    for k in sample.nations.indices {
      var kept: Set<String> = []
      for g in sample.nations[k].agents.indices {
        let group = sample.nations[k].agents[g]
        sample.nations[k].agents[g].count = min(group.count, sampleGroupSize)
        if group.count == 1 {
          kept.insert(group.name)
        } else {
          for m in 1...min(group.count, sampleGroupSize) { kept.insert("\(group.name)-\(m)") }
        }
      }
      if let executive = sample.nations[k].executive, !kept.contains(executive),
        config.nations[k].agents.contains(where: { group in
          group.count > 1 && executive.hasPrefix(group.name + "-")
            && Int(executive.dropFirst(group.name.count + 1)).map { $0 >= 1 && $0 <= group.count }
              == true
        })
      {
        sample.nations[k].executive = nil
      }
    }
    return sample
  }

  /// Each nation's weights from their supports: the largest possible total must be a
  /// finite double, and constant weights must not vanish in the exact total.
  private static func checkWeightSupports(_ config: WorldConfig) throws {
    for (k, nation) in config.nations.enumerated() {
      var most = 0.0
      var exact: Double? = 0
      for group in nation.agents {
        most += Double(group.count) * group.weight.support(in: AgentGroupConfig.Range.weight).upper
        if case .constant(let w) = group.weight {
          exact = exact.map { $0 + Double(group.count) * w }
        } else {
          exact = nil
        }
      }
      let at: [any CodingKey] = [WorldConfig.CodingKeys.nations, AnyKey(intValue: k)]
      let prefix = "nation \(nation.name): its agents' weights give no ratification game: "
      guard most.isFinite else {
        throw ConfigIssue(path: at, message: prefix + "\(PowerError.totalWeightTooLarge)")
      }
      guard let total = exact else { continue }
      var player = 0
      for group in nation.agents {
        if case .constant(let w) = group.weight, w > 0, w < total * WeightedGame.precision {
          throw ConfigIssue(
            path: at,
            message: prefix
              + "\(PowerError.weightBelowPrecision(player: player, value: w, total: total))")
        }
        player += group.count
      }
    }
  }

  /// The expected number of edges of `model` on `n` agents.
  static func expectedEdges(_ model: NetworkModel, agents n: Int) -> Int {
    switch model {
    case .complete: n * (n - 1) / 2
    case .erdosRenyi(let k): Int(k * Double(n) / 2)
    case .wattsStrogatz(let k, _): k * n / 2
    case .barabasiAlbert(let m): m * n
    case .edges(let list): list.count
    }
  }
}
