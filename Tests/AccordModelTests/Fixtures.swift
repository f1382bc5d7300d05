import AccordNumerics

@testable import AccordModel

/// Small worlds for tests.
enum Fixtures {
  /// One nation holding the given agents (all in nation 0).
  static func world(
    _ agents: [AgentSpec], rule: RatificationRule = .majority, graph: Graph? = nil,
    parameters: ModelParameters = quiet()
  ) throws -> World {
    let nation = Nation(name: "A", agents: 0..<agents.count, rule: rule)
    return try World(
      parameters: parameters, nations: [nation], agents: agents,
      graph: graph ?? .complete(agents.count))
  }

  /// Two unitary nations, A and B, that stop at the first agreement.
  static func pair(_ a: AgentSpec, _ b: AgentSpec) throws -> World {
    var parameters = quiet()
    parameters.negotiation.stopAtAgreement = true
    var b = b
    b.nation = 1
    return try World(
      parameters: parameters,
      nations: [Nation(name: "A", agents: 0..<1), Nation(name: "B", agents: 1..<2)],
      agents: [a, b], graph: .complete(2))
  }

  /// No evidence, no learning, no persuasion, no early stop.
  static func quiet() -> ModelParameters {
    var p = ModelParameters()
    p.evidence.trials = 0
    p.learning.mode = .none
    p.persuasion.attempts = 0
    p.negotiation.stopAtAgreement = false
    return p
  }

  static func agent(
    _ name: String, nation: Int = 0, belief: Double = 0.5, ideal: Double = 0.5,
    weight: Double = 1, outside: Double = 0, lambda: Double = 0.5, eps: Double = 1,
    believer: Bool = false, kappa: Double = 0
  ) -> AgentSpec {
    AgentSpec(
      name: name, nation: nation, prior: BetaDistribution(mean: belief, concentration: 2),
      ideal: ideal, kappa: kappa, weight: weight, outside: outside, lambda: lambda, eps: eps,
      believer: believer)
  }

  /// A random multi-nation world for property tests.
  static func random(_ random: borrowing RandomStream, nations: Int = 3, perNation: Int = 12)
    throws -> World
  {
    var agents: [AgentSpec] = []
    var list: [Nation] = []
    let rules: [RatificationRule] = [
      .majority, .supermajority(quota: 0.7), .unanimity, .executiveVeto(quota: 0.5),
    ]
    for n in 0..<nations {
      let start = agents.count
      for i in 0..<perNation {
        agents.append(
          AgentSpec(
            name: "a\(n)-\(i)", nation: n,
            prior: BetaDistribution(mean: 0.05 + 0.9 * random.uniform(), concentration: 4),
            ideal: random.uniform(), kappa: random.uniform(low: -0.5, high: 1),
            salience: 0.5 + random.uniform(), weight: random.uniform(low: 0.1, high: 3),
            outside: random.uniform(low: -0.02, high: 0.04), lambda: random.uniform(),
            eps: random.uniform(low: 0.1, high: 1), credibility: 1 + random.uniform(),
            access: random.uniform(), believer: random.uniform() < 0.15))
      }
      list.append(
        Nation(
          name: "N\(n)", agents: start..<agents.count, rule: rules[random.uniformInt(rules.count)],
          judgementNoise: random.uniform() < 0.3 ? 0.05 : 0))
    }
    var p = ModelParameters()
    p.theta = random.uniform()
    p.negotiation.stopAtAgreement = false
    p.negotiation.interval = 3
    p.persuasion.attempts = 3
    let graph = NetworkModel.wattsStrogatz(degree: 4, rewire: 0.2).build(
      agents: agents.count, random: random)
    return try World(parameters: p, nations: list, agents: agents, graph: graph)
  }
}
