import AccordNumerics
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
