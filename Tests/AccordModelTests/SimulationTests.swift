import AccordNumerics
import Testing

@testable import AccordModel

@Suite struct SimulationTests {
  /// Invariants over random worlds, every step: shares in [0, 1], the ZOPA inside every
  /// win-set, membership consistent with the tallies.
  @Test func invariantsOverRandomWorlds() throws {
    let random = try RandomStream(seed: 2024)
    for trial in 0..<25 {
      let world = try Fixtures.random(random, nations: 2 + random.uniformInt(3))
      var simulation = try Simulation(world: world, seed: UInt32(trial))
      for _ in 0..<40 {
        simulation.advance()
        let record = simulation.record
        #expect(record.coalitionShare >= 0 && record.coalitionShare <= 1 + 1e-12)
        for (k, nation) in world.nations.enumerated() {
          let total = nation.agents.reduce(0.0) { $0 + world.agents[$1].weight }
          let members = nation.agents.filter { simulation.agents.member[$0] }
          let weight = members.reduce(0.0) { $0 + world.agents[$1].weight }
          #expect(weight <= total + 1e-9)
          #expect(abs(record.nationCoalitionShare[k] - weight / total) < 1e-9)
          #expect(simulation.perceivedZOPA.isSubset(of: simulation.winSets[k]))
          #expect(simulation.trueZOPA.isSubset(of: simulation.trueWinSets[k]))
        }
        for i in 0..<world.agents.count {
          #expect(simulation.agents.belief[i] >= 0 && simulation.agents.belief[i] <= 1)
        }
        if record.winning { #expect(!record.nationWinning.contains(false)) }
      }
      let summary = simulation.summary()
      if let efficiency = summary.efficiency, summary.agreementStep == nil {
        #expect(efficiency == 0)
      }
      if let y = summary.outcome { #expect(y >= 0 && y <= 1) }
    }
  }

  @Test func sameSeedSameRun() throws {
    let random = try RandomStream(seed: 5)
    let world = try Fixtures.random(random)
    var a = try Simulation(world: world, seed: 77)
    var b = try Simulation(world: world, seed: 77)
    var c = try Simulation(world: world, seed: 78)
    a.run(steps: 50)
    b.run(steps: 50)
    c.run(steps: 50)
    #expect(a.agents.belief.array == b.agents.belief.array)
    #expect(a.summary() == b.summary())
    #expect(a.agents.belief.array != c.agents.belief.array)
  }

  /// A unitary nation at ideal 0.8 and one at 0.2, q = 0, equal weights: the Nash
  /// solution maximises (0.64 - (y-0.8)^2)(0.04 - (y-0.2)^2) on the ZOPA [0, 0.4].
  @Test func agreementBetweenUnitaryNations() throws {
    let world = try Fixtures.pair(Fixtures.agent("a", ideal: 0.8), Fixtures.agent("b", ideal: 0.2))
    var simulation = try Simulation(world: world, seed: 1)
    simulation.run(steps: 10)
    let summary = simulation.summary()
    let finished = simulation.isFinished
    #expect(summary.agreementStep == 1)
    #expect(finished)
    // d/dy log-product = 0: -2(y-0.8)/(0.64-(y-0.8)^2) - 2(y-0.2)/(0.04-(y-0.2)^2) = 0.
    let y = try #require(summary.outcome)
    let derivative =
      -2 * (y - 0.8) / (0.64 - (y - 0.8) * (y - 0.8)) - 2 * (y - 0.2)
      / (0.04 - (y - 0.2) * (y - 0.2))
    #expect(abs(derivative) < 1e-5)
    #expect(simulation.trueZOPA == IntervalSet([0...0.4]))
    // Efficiency: joint gain over the best joint gain on the true ZOPA (peak 0.5 -> 0.4).
    let joint = (0.64 - (y - 0.8) * (y - 0.8)) + (0.04 - (y - 0.2) * (y - 0.2))
    let best = (0.64 - 0.16) + (0.04 - 0.04)
    #expect(abs(try #require(summary.efficiency) - joint / best) < 1e-9)
  }

  /// No ZOPA, no deal: efficiency is 0 and the run goes to its horizon.
  @Test func noZOPAMeansNoDeal() throws {
    let world = try Fixtures.pair(
      Fixtures.agent("a", ideal: 0.9, outside: 0.5), Fixtures.agent("b", ideal: 0.1))
    var simulation = try Simulation(world: world, seed: 1)
    simulation.run(steps: 12)
    let summary = simulation.summary()
    #expect(summary.agreementStep == nil)
    #expect(summary.efficiency == 0)
    #expect(summary.steps == 12)
    #expect(simulation.record.negotiation == .noZOPA)
  }

  /// Believers' consensus and project: credibility-weighted belief, salience-weighted ideal.
  @Test func communityConsensusAndProject() throws {
    var a = Fixtures.agent("a", belief: 0.9, ideal: 0.6, believer: true, kappa: 1)
    a.credibility = 3
    var b = Fixtures.agent("b", belief: 0.6, ideal: 0.4, believer: true, kappa: 1)
    b.credibility = 1
    b.salience = 3
    let world = try Fixtures.world([a, b, Fixtures.agent("c")])
    var simulation = try Simulation(world: world, seed: 1)
    simulation.advance()
    let consensus = (3 * 0.9 + 1 * 0.6) / 4
    #expect(abs(simulation.record.consensus - consensus) < 1e-12)
    let x1 = 0.6 + (consensus - 0.5)
    let x2 = 0.4 + (consensus - 0.5)
    #expect(abs(simulation.record.project - (x1 + 3 * x2) / 4) < 1e-12)
  }

  /// Degenerate worlds are refused with a clear error, not a crash.
  @Test func degenerateWorlds() {
    #expect(throws: WorldError.noAgents) {
      _ = try World(parameters: ModelParameters(), nations: [], agents: [], graph: .complete(0))
    }
    #expect(throws: WorldError.zeroWeight("A")) {
      _ = try Fixtures.world([Fixtures.agent("a", weight: 0)])
    }
    var parameters = ModelParameters()
    parameters.learning.mode = .degroot
    #expect(throws: WorldError.emptyNetwork("degroot")) {
      _ = try Fixtures.world(
        [Fixtures.agent("a"), Fixtures.agent("b")], graph: Graph(nodeCount: 2, edges: []),
        parameters: parameters)
    }
  }

  /// Bucket sort agrees with the standard sort, including ties and infinities.
  @Test func bucketSortMatchesSort() throws {
    let random = try RandomStream(seed: 6)
    var sorter = BucketSort()
    for trial in 0..<200 {
      let n = 1 + random.uniformInt(300)
      var keys = (0..<n).map { _ -> Double in
        let r = random.uniform()
        return r < 0.1 ? .infinity : (r < 0.3 ? Double(random.uniformInt(5)) / 4 : random.uniform())
      }
      var ids = (0..<n).map { Int32($0) }
      let expected = zip(keys, ids).sorted { BucketSort.less($0.0, $0.1, $1.0, $1.1) }
      sorter.sort(keys: &keys, ids: &ids, count: n)
      #expect(keys == expected.map(\.0), "trial \(trial)")
      #expect(ids == expected.map(\.1), "trial \(trial)")
    }
  }
}
