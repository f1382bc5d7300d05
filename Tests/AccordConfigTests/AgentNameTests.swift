import AccordConfig
import AccordIO
import AccordModel
import Foundation
import Testing

/// Agent names kept as a group's name and a member number (``AgentName``) read exactly
/// as the strings they replace, in the world and in `agents.csv`.
@Suite struct AgentNameTests {
  @Test func namesReadAsTheirText() {
    #expect(AgentName("東京").description == "東京")
    let member = AgentName(stem: "Ñandú-ü", member: 12)
    #expect(member.description == "Ñandú-ü-12")
    #expect(Array(member.description.utf8) == Array("Ñandú-ü-12".utf8))
    // The same text kept either way is the same name, and hashes alike.
    #expect(member == AgentName("Ñandú-ü-12"))
    #expect(Set([member, AgentName("Ñandú-ü-12")]).count == 1)
    #expect(member != AgentName(stem: "Ñandú-ü", member: 13))
    #expect(member != AgentName(stem: "Ñandú", member: 12))
    // As strings compare: a decomposed é is the precomposed one.
    #expect(AgentName(stem: "e\u{301}", member: 1) == AgentName("\u{e9}-1"))
    var spec = AgentSpec(name: "x", nation: 3)
    #expect(spec.name == "x" && spec.nation == 3)
    spec.name = "Ωmega-7"
    #expect(spec.compactName == AgentName(stem: "Ωmega", member: 7))
  }

  /// A million specs take 128 MB, names included (a string an agent took 80 MB more).
  @Test func specsKeepNoNameOfTheirOwn() {
    #expect(MemoryLayout<AgentSpec>.stride == 128)
  }

  @Test func generatedNamesAndAgentsFileAreTheStrings() throws {
    let yaml = """
      seed: 3
      steps: 1
      nations:
        - name: N
          agents:
            - name: 東京-faction-with-a-long-stem
              count: 12
            - name: Ñandú
            - name: e-2
              count: 2
      """
    let loaded = try ConfigLoader.load(yaml: yaml, path: "names.yaml")
    let expected =
      (1...12).map { "東京-faction-with-a-long-stem-\($0)" } + ["Ñandú", "e-2-1", "e-2-2"]
    #expect(loaded.world.agents.map(\.name) == expected)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("agents.csv").path
    var writer = try AgentWriter(path: path, format: .csv, world: loaded.world)
    let simulation = try Simulation(world: loaded.world, seed: loaded.config.seed)
    try writer.write(simulation)
    try writer.commit()
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == expected.count + 1)
    let agents = lines.dropFirst().map { $0.split(separator: ",")[1] }
    #expect(agents.map(String.init) == expected)
    #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[2] == "N" })
  }

  @Test func duplicatesAreReportedAtTheLaterGroup() throws {
    // The single `b-3` comes first, the group generating it second: the message is at the
    // group, naming the single, as when every name was generated and looked up.
    let yaml = """
      nations:
        - name: A
          agents:
            - name: b-3
            - name: b
              count: 5
      """
    #expect {
      try ConfigLoader.load(yaml: yaml, path: "dup.yaml")
    } throws: { error in
      "\(error)".contains(
        "nations[0].agents[1].name: duplicate agent name 'b-3' (also at nations[0].agents[0].name)")
    }
  }
}
