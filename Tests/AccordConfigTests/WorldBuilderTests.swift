import AccordConfig
import AccordModel
import Foundation
import Testing

@Suite struct WorldBuilderTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test(arguments: [
    "Configs/examples/quickstart.yaml", "Configs/examples/ozone.yaml",
    "Configs/examples/two-level.yaml", "Configs/bench/large.yaml",
  ])
  func shippedConfigsLoad(path: String) throws {
    let loaded = try ConfigLoader.load(path: Self.root.appendingPathComponent(path).path)
    #expect(!loaded.world.agents.isEmpty)
  }

  let yaml = """
    seed: 5
    nations:
      - name: A
        agents:
          - name: g
            count: 50
            ideal: {uniform: [0.2, 0.4]}
            prior_mean: {beta: [2, 2]}
            weight: {normal: [1, 0.5]}
          - name: s
            count: 2
            believer: true
    """

  @Test func generatedAgentsFollowTheirDistributions() throws {
    let world = try ConfigLoader.load(yaml: yaml, path: "w.yaml").world
    #expect(world.agents.count == 52)
    #expect(world.agents[0].name == "g-1" && world.agents[49].name == "g-50")
    #expect(world.agents.prefix(50).allSatisfy { $0.ideal >= 0.2 && $0.ideal < 0.4 })
    #expect(world.agents.allSatisfy { $0.weight >= 0 })
    // Believers default to stubborn and credible.
    #expect(
      world.agents[50].believer && world.agents[50].lambda == 0 && world.agents[50].credibility == 2
    )
    #expect(world.agents[0].lambda == 0.5 && world.agents[0].credibility == 1)
  }

  @Test func populationDependsOnlyOnTheSeed() throws {
    let a = try ConfigLoader.load(yaml: yaml, path: "w.yaml").world
    let b = try ConfigLoader.load(yaml: yaml, path: "w.yaml").world
    let c = try ConfigLoader.load(yaml: yaml, path: "w.yaml", seed: 6).world
    #expect(a.agents == b.agents)
    #expect(a.agents != c.agents)
    // A dynamics parameter does not change the drawn population.
    let d = try ConfigLoader.load(yaml: "evidence: {trials: 3}\n" + yaml, path: "w.yaml").world
    #expect(a.agents == d.agents)
  }

  @Test func resolvedConfigRecordsDefaults() throws {
    let loaded = try ConfigLoader.load(yaml: yaml, path: "w.yaml")
    let json = String(decoding: try JSONEncoder().encode(loaded.config), as: UTF8.self)
    #expect(json.contains("\"mode\":\"friedkin-johnsen\""))
    #expect(json.contains("\"uniform\":[0.2,0.4]"))
    #expect(json.contains("\"stop_at_agreement\":true"))
  }

  @Test func rulesMapToTheModel() throws {
    let text = """
      nations:
        - {name: A, rule: supermajority, quota: 0.75, agents: [{name: a}]}
        - {name: B, rule: executive-veto, executive: y, agents: [{name: x}, {name: y}]}
        - {name: C, rule: unanimity, agents: [{name: z}]}
      """
    let world = try ConfigLoader.load(yaml: text, path: "r.yaml").world
    #expect(world.nations[0].rule == .supermajority(quota: 0.75))
    #expect(world.nations[1].rule == .executiveVeto(quota: 0.5))
    #expect(world.nations[1].executive == 2)
    #expect(world.nations[2].rule == .unanimity)
  }
}
