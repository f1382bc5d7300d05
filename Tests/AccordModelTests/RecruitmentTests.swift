import AccordNumerics
import Foundation
import Testing

@testable import AccordModel

@Suite struct RecruitmentTests {
  /// Agents who support the project only once persuaded: believers at p = 0.95 with
  /// ideal 0.95 make the project 0.95; others start at p = 0.05 (ideal 0.05) and, once
  /// persuaded (step 1: they adopt the consensus), support it.
  static func convert(
    _ name: String, weight: Double, believer: Bool = false, nation: Int = 0
  ) -> AgentSpec {
    var a = Fixtures.agent(
      name, nation: nation, belief: believer ? 0.95 : 0.05, ideal: 0.5, weight: weight,
      lambda: believer ? 0 : 1, eps: 1, believer: believer, kappa: 1)
    a.credibility = believer ? 1000 : 1
    return a
  }

  static func parameters(_ strategy: RecruitmentStrategy) -> ModelParameters {
    var p = Fixtures.quiet()
    p.persuasion = PersuasionParameters(attempts: 1, strategy: strategy, step: 1)
    p.negotiation.interval = 1_000_000
    return p
  }

  /// 40 light factions and 4 heavy ones: pivotal-first goes for the heavy ones.
  static func world(_ strategy: RecruitmentStrategy) throws -> World {
    var agents = [convert("b", weight: 1, believer: true)]
    for i in 0..<40 { agents.append(convert("l\(i)", weight: 1)) }
    for i in 0..<4 { agents.append(convert("h\(i)", weight: 15)) }
    return try Fixtures.world(agents, rule: .majority, parameters: parameters(strategy))
  }

  @Test func pivotalFirstWinsSoonerThanRandom() throws {
    func meanFirstWin(_ strategy: RecruitmentStrategy) throws -> Double {
      let world = try Self.world(strategy)
      var total = 0.0
      for seed in 0..<20 {
        var simulation = try Simulation(world: world, seed: UInt32(seed))
        simulation.run(steps: 200)
        total += Double(try #require(simulation.summary().firstWinningStep))
      }
      return total / 20
    }
    let pivotal = try meanFirstWin(.pivotalFirst)
    let random = try meanFirstWin(.random)
    // Pivotal-first needs three or four heavy conversions; random needs about 20.
    #expect(pivotal < 6)
    #expect(random > 2 * pivotal)
  }

  /// Equal scores are ordered at random, not by agent index.
  ///
  /// Every sceptic starts at the same belief, so allies-first sees 44 equal scores. A
  /// heavy faction should be converted first about as often as heavy factions are
  /// common (4 of 44), whether the heavy factions are listed before or after the light
  /// ones; ties by index would give 400 of 400 or 0 of 400.
  @Test(arguments: [true, false])
  func tiesDoNotFollowAgentOrder(heavyFirst: Bool) throws {
    let light = (0..<40).map { Self.convert("l\($0)", weight: 1) }
    let heavy = (0..<4).map { Self.convert("h\($0)", weight: 15) }
    let agents =
      [Self.convert("b", weight: 1, believer: true)]
      + (heavyFirst ? heavy + light : light + heavy)
    let world = try Fixtures.world(
      agents, rule: .majority, parameters: Self.parameters(.alliesFirst))
    var heavyPicks = 0
    var trials = 0
    for seed in 0..<400 {
      var simulation = try Simulation(world: world, seed: UInt32(seed))
      simulation.advance()
      let converted = (1..<agents.count).filter { simulation.agents.belief[$0] != 0.05 }
      // A persuasion attempt fails with chance 1/1001: such seeds say nothing.
      guard converted.count == 1 else { continue }
      trials += 1
      if agents[converted[0]].weight == 15 { heavyPicks += 1 }
    }
    #expect(trials >= 390)
    // Binomial(400, 1/11): mean 36.4, sd 5.75; the bounds are about 4 sd out.
    #expect(heavyPicks > 12 && heavyPicks < 62, "\(heavyPicks) heavy first picks of \(trials)")
  }

  /// Backward mapping converts the leader whose followers come along, first.
  @Test func backwardMappingUsesDeference() throws {
    var agents = [Self.convert("b", weight: 1, believer: true), Self.convert("leader", weight: 1)]
    for i in 0..<6 { agents.append(Self.convert("f\(i)", weight: 1)) }
    for i in 0..<3 { agents.append(Self.convert("heavy\(i)", weight: 3)) }
    let links = (2..<8).map { (follower: $0, leader: 1, strength: 1.0) }
    let parameters = Self.parameters(.backwardMapping)
    let world = try World(
      parameters: parameters, nations: [Nation(name: "A", agents: 0..<agents.count)],
      agents: agents,
      graph: .complete(agents.count),
      deference: DeferenceNetwork(agentCount: agents.count, links: links))
    var simulation = try Simulation(world: world, seed: 1)
    simulation.advance()
    // The leader and its six followers joined in one step: 8 of 17 weight.
    let share = simulation.record.nationCoalitionShare[0]
    #expect(abs(share - 8.0 / 17) < 1e-12)
    #expect((2..<8).allSatisfy { abs(simulation.agents.belief[$0] - 0.95) < 1e-12 })
    #expect(throws: WorldError.noDeferenceNetwork) {
      _ = try World(
        parameters: parameters, nations: [Nation(name: "A", agents: 0..<agents.count)],
        agents: agents,
        graph: .complete(agents.count))
    }
  }

  /// A community targeting the other nation recruits only there.
  @Test func targetNationReachesAcrossTheBorder() throws {
    var agents = [Self.convert("b", weight: 1, believer: true, nation: 0)]
    for i in 0..<5 { agents.append(Self.convert("a\(i)", weight: 1, nation: 0)) }
    for i in 0..<5 { agents.append(Self.convert("o\(i)", weight: 1, nation: 1)) }
    var parameters = Self.parameters(.random)
    parameters.persuasion.attempts = 3
    parameters.persuasion.targetNation = 1
    let world = try World(
      parameters: parameters,
      nations: [Nation(name: "A", agents: 0..<6), Nation(name: "B", agents: 6..<11)],
      agents: agents,
      graph: .complete(agents.count))
    var simulation = try Simulation(world: world, seed: 4)
    simulation.run(steps: 10)
    #expect((1..<6).allSatisfy { simulation.agents.belief[$0] == 0.05 })
    #expect((6..<11).contains { simulation.agents.belief[$0] > 0.9 })
  }

  /// Pseudo-evidence: the message is w observations of a Beta belief.
  ///
  /// Beta(0.4, 1.6) (mean 0.2, concentration 2) and a message 0.8 with w = 4 give Beta(3.6, 2.4):
  /// mean 0.6, concentration 6.
  @Test func pseudoEvidenceIsABetaUpdate() {
    let r = PersuasionUpdate.pseudoEvidence.apply(
      belief: 0.2, concentration: 2, message: 0.8, step: 0.3, pseudoObservations: 4)
    #expect(abs(r.belief - 0.6) < 1e-12)
    #expect(abs(r.concentration - 6) < 1e-12)
    let linear = PersuasionUpdate.linear.apply(
      belief: 0.2, concentration: 2, message: 0.8, step: 0.3, pseudoObservations: 4)
    #expect(abs(linear.belief - 0.38) < 1e-12 && linear.concentration == 2)
  }

  /// A firm prior moves less than a diffuse one under pseudo-evidence, for any belief,
  /// message and w; under the linear update both move the same.
  @Test(arguments: [(0.1, 0.9, 1.0), (0.7, 0.2, 4.0), (0.5, 0.95, 20.0)])
  func firmPriorsMoveLess(belief: Double, message: Double, w: Double) {
    func moved(_ update: PersuasionUpdate, _ c: Double) -> Double {
      abs(
        update.apply(
          belief: belief, concentration: c, message: message, step: 0.3, pseudoObservations: w
        ).belief - belief)
    }
    #expect(moved(.pseudoEvidence, 50) < moved(.pseudoEvidence, 2))
    #expect(moved(.linear, 50) == moved(.linear, 2))
  }

  /// In a run: one persuaded agent with a diffuse prior and one with a firm prior.
  @Test func pseudoEvidenceInTheStepRespectsFirmness() throws {
    var agents = [Self.convert("b", weight: 1, believer: true)]
    var diffuse = Self.convert("diffuse", weight: 1)
    diffuse.prior = BetaDistribution(mean: 0.05, concentration: 2)
    var firm = Self.convert("firm", weight: 1)
    firm.prior = BetaDistribution(mean: 0.05, concentration: 50)
    agents += [diffuse, firm]
    var parameters = Self.parameters(.random)
    parameters.persuasion.attempts = 2
    parameters.persuasion.update = .pseudoEvidence
    parameters.persuasion.pseudoObservations = 4
    let world = try Fixtures.world(agents, rule: .majority, parameters: parameters)
    var simulation = try Simulation(world: world, seed: 3)
    simulation.advance()
    // Both were tried (credibility 1000 against 1, lambda 1): moved by 4/6 and 4/54 of
    // the gap to the consensus 0.95.
    let gap = 0.95 - 0.05
    #expect(abs(simulation.agents.belief[1] - (0.05 + gap * 4 / 6)) < 1e-9)
    #expect(abs(simulation.agents.belief[2] - (0.05 + gap * 4 / 54)) < 1e-9)
    #expect(abs(simulation.agents.concentration[2] - 54) < 1e-9)
  }

  /// The coalition's power share is the sum of its members' Banzhaf shares (EEC 1958).
  @Test func powerShareColumn() throws {
    var agents: [AgentSpec] = []
    for (i, w) in [4.0, 4, 4, 2, 2, 1].enumerated() {
      var a = Fixtures.agent("m\(i)", weight: w, outside: i < 3 ? 0 : 10, believer: i < 3)
      a.ideal = 0.5
      agents.append(a)
    }
    let world = try Fixtures.world(agents, rule: .supermajority(quota: 12.0 / 17))
    let game = try world.weightedGame(ofNation: 0)
    #expect(game.quota == 12)
    var simulation = try Simulation(world: world, seed: 1)
    simulation.advance()
    #expect(abs(simulation.record.nationPowerShare[0] - 15.0 / 21) < 1e-12)
    #expect(simulation.summary().powerMethods == ["A": "exact"])
    #expect(simulation.summary().powerErrors == ["A": 0])
  }

  /// Beyond the exact methods (drawn weights, more than 200 agents) the summary and the
  /// inspection state the normal approximation and its Berry-Esseen bound.
  @Test func approximatePowerStatesItsError() throws {
    let agents = (0..<300).map { i in
      Fixtures.agent("a\(i)", weight: 1 + Double(i % 7) + 1e-4 * Double.pi)
    }
    let world = try Fixtures.world(agents, rule: .majority)
    var simulation = try Simulation(world: world, seed: 1)
    let summary = simulation.summary()
    #expect(summary.powerMethods == ["A": "normal-approximation"])
    let error = try #require(summary.powerErrors?["A"])
    #expect(error > 0 && error <= 1)
    let power = try #require(try simulation.inspect(trueBeliefs: false).nations[0].power)
    #expect(power.hasPrefix("normal approximation (Berry-Esseen: absolute index within "))
    #expect(power.hasSuffix(String(format: "share of any set within %.2g)", error)))
  }

  /// The model's quota rule becomes the smallest integer quota with w >= tau W and w > W/2.
  @Test func rulesBecomeWeightedGames() throws {
    let agents = (0..<4).map { Fixtures.agent("a\($0)", weight: 1) }
    #expect(try Fixtures.world(agents, rule: .majority).weightedGame(ofNation: 0).quota == 3)
    #expect(
      try Fixtures.world(agents, rule: .supermajority(quota: 0.6)).weightedGame(ofNation: 0).quota
        == 3)
    let unanimity = try Fixtures.world(agents, rule: .unanimity).weightedGame(ofNation: 0)
    #expect(unanimity.vetoPlayers == [0, 1, 2, 3])
    let executive = try Fixtures.world(agents, rule: .executiveVeto(quota: 0.5)).weightedGame(
      ofNation: 0)
    #expect(executive.vetoPlayers == [0] && executive.quota == 3)
  }
}
