import AccordModel
import Foundation
import Testing

@testable import AccordConfig

/// The estimates `validate` and `run` make before building a world.
@Suite struct WorldCostTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func config(_ yaml: String) throws -> WorldConfig {
    let node = try ConfigLoader.compose(yaml: yaml, path: "test.yaml")
    return try ConfigLoader.decode(node: node, path: "test.yaml", seed: nil, steps: nil)
  }

  func world(agents: Int, network: String, weight: String = "1", issues: Int = 1) throws
    -> WorldConfig
  {
    try config(
      """
      steps: 10
      issues: \(issues)
      network: \(network)
      nations:
        - name: A
          agents:
            - name: a
              count: \(agents)
              weight: \(weight)
        - name: B
          agents:
            - name: b
      """)
  }

  /// Setup is estimated from counts of work: the network part is its edge count times a
  /// per-edge cost, the grid part agents x points x issues, each within a factor of 10 of
  /// that closed-form count at 1 ns per operation.
  @Test func setupEstimateFollowsTheWork() throws {
    let ws = WorldCost.of(
      try world(agents: 10_000, network: "{type: watts-strogatz, degree: 10, rewire: 0.1}"))
    #expect(ws.edges == 50_005)  // 10,001 agents x 10 / 2
    let network = try #require(ws.setup.first { $0.name.hasPrefix("network") })
    let edgeWork = 50_005.0 * 1e-9 * 100  // a hash insert, a row slot: ~100 operations
    #expect(network.value > edgeWork / 10 && network.value < edgeWork * 10)

    let grid = WorldCost.of(try world(agents: 2_000, network: "{type: complete}", issues: 2))
    let points = 101.0 * 101
    let gridWork = 2 * 2_001 * points * 2 * 1e-9
    let part = try #require(grid.setup.first { $0.name.hasPrefix("win-set grids") })
    #expect(part.value > gridWork / 10 && part.value < gridWork * 10)
  }

  /// Equal weights in a nation of a million: the weight-block sums, well under 2 s; drawn
  /// weights: the normal approximation, linear in the players.
  @Test func powerIndexEstimate() throws {
    let equal = WorldCost.of(try world(agents: 1_000_000, network: "{type: complete}"))
    let power = try #require(equal.setup.first { $0.name.hasPrefix("power indices of A") })
    #expect(power.name.contains("weight blocks"))
    #expect(power.value < 2)
    let drawn = WorldCost.of(
      try world(agents: 1_000_000, network: "{type: complete}", weight: "{uniform: [1, 2]}"))
    let normal = try #require(drawn.setup.first { $0.name.hasPrefix("power indices of A") })
    #expect(normal.name.contains("normal-approximation"))
    // A small game with three classes: the dynamic programme, work (n/2 + 3) W.
    let small = WorldCost.of(
      try config(
        """
        nations:
          - name: A
            agents:
              - {name: a, count: 100, weight: 1}
              - {name: b, count: 100, weight: 2}
              - {name: c, count: 100, weight: 3}
        """))
    let dp = try #require(small.setup.first { $0.name.hasPrefix("power indices of A") })
    #expect(dp.name.contains("dynamic programme"))
    let work = (150.0 + 3) * 600
    #expect(dp.value > work * 1e-10 && dp.value < work * 1e-8)
  }

  /// Memory: the million-agent benchmark world is estimated under 500 MB; a dense world of a million
  /// agents with 2 10^10 edges needs hundreds of gigabytes.
  @Test func memoryEstimate() throws {
    let million = try ConfigLoader.decode(
      node: ConfigLoader.compose(
        yaml: String(
          contentsOf: Self.root.appendingPathComponent("Configs/bench/million.yaml"),
          encoding: .utf8), path: "million.yaml"),
      path: "million.yaml", seed: nil, steps: nil)
    let cost = WorldCost.of(million)
    #expect(cost.agents == 1_000_000 && cost.edges == 5_000_000)
    #expect(cost.peakBytes < 500e6)
    // The experts' credibility is 2, but generated ties have strength 1: the learning reads
    // trust from the neighbour's credibility, and no edge holds one.
    let trust = try #require(cost.memory.first { $0.name == "edge trust" })
    #expect(trust.value == 0)
    let pairs = try #require(cost.memory.first { $0.name == "neighbour beliefs and credibilities" })
    #expect(pairs.value == 16e6)
    // Members share their group's name (n0-faction-97999 keeps n0-faction and 97999):
    // nothing beyond the specs themselves.
    let population = try #require(cost.memory.first { $0.name.hasPrefix("population") })
    #expect(population.value == 1_000_000 * Double(MemoryLayout<AgentSpec>.stride))
    let dense = WorldCost.of(
      try world(agents: 1_000_000, network: "{type: erdos-renyi, mean_degree: 40000}"))
    #expect(dense.edges == 20_000_020_000)  // 1,000,001 agents x 40,000 / 2
    #expect(dense.peakBytes > 300e9)
  }
}
