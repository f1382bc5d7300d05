import AccordModel
import AccordNumerics
import Foundation

/// Turns a decoded config into a ``World``, drawing generated agents and the network
/// from the run seed's world stream.
enum WorldBuilder {
  static func build(_ config: WorldConfig, seed: UInt32, baseDirectory: String) throws -> World {
    let random = try RandomStream(seed: SeedStreams.world(seed), algorithm: config.rng)
    var agents: [AgentSpec] = []
    var nations: [Nation] = []
    // Duplicates are found from the groups' names and counts, not from a million names.
    do { try checkNames(config) } catch {
      try reportFirstDuplicate(config)
      throw error
    }
    let agentCount = config.nations.reduce(0) { $0 + $1.agents.reduce(0) { $0 + $1.count } }
    agents.reserveCapacity(agentCount)
    // Once, not per agent: the config assembles its parameters afresh at every read.
    let parameters = config.parameters
    let statusQuos = parameters.statusQuos
    let root: [any CodingKey] = [WorldConfig.CodingKeys.nations]
    for (k, nation) in config.nations.enumerated() {
      let nationPath = root + [AnyKey(intValue: k)]
      let start = agents.count
      for (g, group) in nation.agents.enumerated() {
        let groupPath = nationPath + [NationConfig.CodingKeys.agents, AnyKey(intValue: g)]
        for m in 0..<group.count {
          let name =
            group.count == 1 ? AgentName(group.name) : AgentName(stem: group.name, member: m + 1)
          agents.append(
            try draw(
              group, name: name, nation: k, issues: config.issues,
              utility: parameters.utility, statusQuos: statusQuos, path: groupPath, random))
        }
      }
      let range = start..<agents.count
      var executive = start
      if let wanted = nation.executive {
        guard let found = range.first(where: { agents[$0].name == wanted }) else {
          let local = range.map { agents[$0].name }
          var message = "no agent named '\(wanted)' in nation '\(nation.name)'"
          if let guess = KeySuggestion.closest(to: wanted, among: local) {
            message += " (did you mean '\(guess)'?)"
          }
          throw ConfigIssue(
            path: nationPath + [NationConfig.CodingKeys.executive], message: message)
        }
        executive = found
      }
      let total = range.reduce(0.0) { $0 + agents[$1].weight }
      guard total > 0 else {
        throw ConfigIssue(
          path: nationPath + [NationConfig.CodingKeys.agents],
          message: "nation '\(nation.name)' has zero total weight; give some faction a weight > 0")
      }
      let rule = RatificationRule(nation.rule, quota: nation.quota)
      nations.append(
        Nation(
          name: nation.name, agents: range, rule: rule, executive: executive,
          bargainingWeight: nation.bargainingWeight, judgementNoise: nation.judgementNoise,
          internationalWeight: nation.internationalWeight,
          sidePaymentEfficiency: nation.sidePaymentEfficiency,
          ownJudgementNoise: nation.ownJudgementNoise))
    }
    if config.negotiation.international == .quota,
      nations.reduce(0.0, { $0 + $1.internationalWeight }) <= 0
    {
      throw ConfigIssue(
        path: root,
        message: "every nation has international_weight 0, so no quota of nations can be reached")
    }
    let graph = try network(config, agents: agents, baseDirectory: baseDirectory, random)
    var deference: DeferenceNetwork?
    if let file = config.persuasion.deference {
      let path = try existingFile(
        file, baseDirectory,
        at: [WorldConfig.CodingKeys.persuasion, PersuasionConfig.CodingKeys.deference])
      let links = try EdgeListReader.read(
        path: path, agentNames: agents.map(\.name), header: "follower", maxWeight: 1)
      deference = DeferenceNetwork(
        agentCount: agents.count,
        links: links.map { (follower: $0.0, leader: $0.1, strength: $0.2) })
    }
    // World refuses this too; here the message can name the key that emptied the network.
    if config.learning.mode != .none && agents.count > 1 && graph.edgeCount == 0 {
      throw emptyNetwork(config, agents: agents.count)
    }
    return try World(
      parameters: parameters, nations: nations, agents: agents, graph: graph,
      deference: deference)
  }

  /// Throws the first duplicate agent name in agent order, at the later group and naming
  /// the earlier, by generating every name: run only once ``checkNames(_:)`` found one,
  /// so the message names the pair that a reader meets first.
  private static func reportFirstDuplicate(_ config: WorldConfig) throws {
    var names: [String: [any CodingKey]] = [:]
    for (k, nation) in config.nations.enumerated() {
      for (g, group) in nation.agents.enumerated() {
        let path: [any CodingKey] = [
          WorldConfig.CodingKeys.nations, AnyKey(intValue: k), NationConfig.CodingKeys.agents,
          AnyKey(intValue: g), AgentGroupConfig.CodingKeys.name,
        ]
        for m in 0..<group.count {
          let name = group.count == 1 ? group.name : "\(group.name)-\(m + 1)"
          if let earlier = names[name] {
            throw ConfigIssue(
              path: path, message: "duplicate agent name '\(name)' (also at \(keyPath(earlier)))")
          }
          names[name] = path
        }
      }
    }
  }

  /// Duplicate agent names, found from the groups' names and counts without generating
  /// them (a group of `count` > 1 names its agents `NAME-1` to `NAME-count`), reported
  /// as ``build(_:seed:baseDirectory:)`` reports them.
  static func checkNames(_ config: WorldConfig) throws {
    var singles: [(name: String, path: [any CodingKey])] = []
    var seen: [String: [any CodingKey]] = [:]
    var groups: [String: (count: Int, path: [any CodingKey])] = [:]
    for (k, nation) in config.nations.enumerated() {
      for (g, group) in nation.agents.enumerated() {
        let path: [any CodingKey] = [
          WorldConfig.CodingKeys.nations, AnyKey(intValue: k), NationConfig.CodingKeys.agents,
          AnyKey(intValue: g), AgentGroupConfig.CodingKeys.name,
        ]
        let first = group.count == 1 ? group.name : "\(group.name)-1"
        if let other = group.count == 1 ? seen[group.name] : groups[group.name]?.path {
          throw ConfigIssue(
            path: path, message: "duplicate agent name '\(first)' (also at \(keyPath(other)))")
        }
        if group.count == 1 {
          seen[group.name] = path
          singles.append((group.name, path))
        } else {
          groups[group.name] = (group.count, path)
        }
      }
    }
    for (name, path) in singles {
      guard let dash = name.lastIndex(of: "-") else { continue }
      let digits = name[name.index(after: dash)...]
      guard let m = Int(digits), m >= 1, String(m) == digits,
        let group = groups[String(name[..<dash])], m <= group.count
      else { continue }
      throw ConfigIssue(
        path: path, message: "duplicate agent name '\(name)' (also at \(keyPath(group.path)))")
    }
  }

  /// `file` resolved against the config's directory, or an issue at `path` if it is missing.
  private static func existingFile(
    _ file: String, _ baseDirectory: String, at path: [any CodingKey]
  ) throws -> String {
    let resolved =
      file.hasPrefix("/")
      ? file : URL(fileURLWithPath: baseDirectory).appendingPathComponent(file).path
    guard FileManager.default.fileExists(atPath: resolved) else {
      throw ConfigIssue(path: path, message: "no such file: \(resolved)")
    }
    return resolved
  }

  private static func draw(
    _ g: AgentGroupConfig, name: AgentName, nation: Int, issues: Int, utility: UtilityShape,
    statusQuos: [Double], path: [any CodingKey], _ random: borrowing RandomStream
  ) throws -> AgentSpec {
    typealias R = AgentGroupConfig.Range
    for (key, values) in [
      (AgentGroupConfig.CodingKeys.ideal, g.ideal.values.count),
      (.kappa, g.kappa.values.count), (.salience, g.salience.values.count),
    ] where values != 1 && values != issues {
      throw ConfigIssue(
        path: path + [key],
        message:
          "gives \(values) values; the world has \(issues) issue(s) (give one value, or one per issue)"
      )
    }
    let mean = g.priorMean.draw(random, in: R.priorMean)
    let concentration = g.priorConcentration.draw(random, in: R.priorConcentration)
    // Each Beta parameter must be a normal double: a subnormal product loses its
    // precision, and one that underflows to 0 is no distribution at all.
    let a = mean * concentration
    let b = (1 - mean) * concentration
    guard a >= .leastNormalMagnitude, b >= .leastNormalMagnitude else {
      throw ConfigIssue(
        path: path + [AgentGroupConfig.CodingKeys.priorConcentration],
        message:
          "prior_mean \(mean) and prior_concentration \(concentration) give the Beta prior "
          + "a = \(a), b = \(b); allowed: prior_mean x prior_concentration and "
          + "(1 - prior_mean) x prior_concentration at least 2.2250738585072014e-308")
    }
    var spec = AgentSpec(
      compactName: name, nation: nation,
      prior: BetaDistribution(mean: mean, concentration: concentration),
      ideal: g.ideal[0].draw(random, in: R.ideal), kappa: g.kappa[0].draw(random, in: R.kappa),
      salience: g.salience[0].draw(random, in: R.salience),
      weight: g.weight.draw(random, in: R.weight),
      outside: g.outside.draw(random, in: R.outside), lambda: g.lambda.draw(random, in: R.lambda),
      eps: g.eps.draw(random, in: R.eps),
      credibility: g.credibility.draw(random, in: R.credibility),
      access: g.access.draw(random, in: R.access), believer: g.believer)
    spec.otherIssues = (1..<issues).map { k in
      IssueStance(
        ideal: g.ideal[k].draw(random, in: R.ideal), kappa: g.kappa[k].draw(random, in: R.kappa),
        salience: g.salience[k].draw(random, in: R.salience))
    }
    if let reservation = g.reservation {
      // d given directly: stored as the outside option that gives it at the prior belief.
      let d = reservation.draw(random, in: R.reservation)
      var atStatusQuo = 0.0
      for k in 0..<issues {
        let stance = spec.stance(k)
        let x = UtilityShape.ideal(base: stance.ideal, kappa: stance.kappa, belief: mean)
        atStatusQuo += utility.utility(statusQuos[k], ideal: x, salience: stance.salience)
      }
      spec.outside = d - atStatusQuo
    }
    return spec
  }

  /// A network without edges under a learning mode that needs them, at the key that
  /// emptied it (an Erdős–Rényi mean degree) when there is one.
  static func emptyNetwork(_ config: WorldConfig, agents n: Int) -> ConfigIssue {
    let drawn = config.network.type == .erdosRenyi
    let k = config.network.meanDegree ?? 4
    return ConfigIssue(
      path: [WorldConfig.CodingKeys.network]
        + (drawn ? [NetworkConfig.CodingKeys.meanDegree] : []),
      message: WorldError.emptyNetwork(config.learning.mode.rawValue).description
        + (drawn
          ? " (mean_degree \(k) on \(n) agents drew none; about "
            + "\(k * Double(n) / 2) edges were expected)" : ""))
  }

  /// `value` if it is below the number of agents `n`, else an issue at `key`.
  private static func below(_ n: Int, _ value: Int, _ key: NetworkConfig.CodingKeys) throws -> Int {
    guard value < n else {
      throw ConfigIssue(
        path: [WorldConfig.CodingKeys.network, key],
        message: "\(key.stringValue) \(value) must be below the number of agents (\(n))")
    }
    return value
  }

  /// The network model the config asks for on `n` agents, its parameters checked
  /// against `n`; nil for an edge list, whose file needs the agents' names.
  static func networkModel(_ config: WorldConfig, agents n: Int) throws -> NetworkModel? {
    let path: [any CodingKey] = [WorldConfig.CodingKeys.network]
    switch config.network.type {
    case .complete:
      return .complete
    case .erdosRenyi:
      let k = config.network.meanDegree ?? 4
      guard n < 2 || k <= Double(n - 1) else {
        throw ConfigIssue(
          path: path + [NetworkConfig.CodingKeys.meanDegree],
          message: "mean degree \(k) exceeds n - 1 = \(n - 1) for \(n) agents")
      }
      return .erdosRenyi(meanDegree: k)
    case .wattsStrogatz:
      let k = try below(n, config.network.degree ?? 4, .degree)
      return .wattsStrogatz(degree: k, rewire: config.network.rewire ?? 0.1)
    case .barabasiAlbert:
      return .barabasiAlbert(links: try below(n, config.network.links ?? 2, .links))
    case .edgeList:
      return nil
    }
  }

  private static func network(
    _ config: WorldConfig, agents: [AgentSpec], baseDirectory: String,
    _ random: borrowing RandomStream
  ) throws -> Graph {
    let model: NetworkModel
    if let drawn = try networkModel(config, agents: agents.count) {
      model = drawn
    } else {
      let resolved = try existingFile(
        config.network.file ?? "", baseDirectory,
        at: [WorldConfig.CodingKeys.network, NetworkConfig.CodingKeys.file])
      model = .edges(try EdgeListReader.read(path: resolved, agentNames: agents.map(\.name)))
    }
    return model.build(agents: agents.count, random: random)
  }
}
