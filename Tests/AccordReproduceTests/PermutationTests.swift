import AccordConfig
import AccordSweep
import Foundation
import Testing

@testable import AccordReproduce

/// No verdict rests on the order in which a world's YAML lists its agent groups.
///
/// Nor on the order of its nations (issue #21, item 3). The whole check over every experiment and space is
/// `scripts/permutation-check.sh`, committed as `Results/permutation.md`; here a
/// representative subset runs in the suite.
@Suite struct PermutationTests {
  static let world = """
    steps: 1
    nations:
      - name: North
        executive: n-gov
        agents:
          - {name: n-gov, weight: 0, ideal: 0.7}
          - {name: n-industry, count: 4, ideal: 0.2, outside: 0.05}
          - {name: n-science, count: 2, believer: true, ideal: 0.8}
      - name: South
        executive: s-gov
        agents:
          - {name: s-gov, weight: 0, ideal: 0.3}
          - {name: s-farmers, count: 3, ideal: {normal: [0.2, 0.1]}}
    """

  /// Agent groups are reversed within each nation, nations reversed on request, and
  /// every group keeps its fields (the same world, listed in another order).
  @Test func permuteReversesGroupsAndNations() throws {
    let text = try #require(
      try WorldPermutation.permute(yaml: Self.world, path: "w.yaml", nations: true))
    let original = try ConfigLoader.load(yaml: Self.world, path: "w.yaml").config
    let permuted = try ConfigLoader.load(yaml: text, path: "p.yaml").config
    #expect(permuted.nations.map(\.name) == ["South", "North"])
    #expect(permuted.nations[1].agents.map(\.name) == ["n-science", "n-industry", "n-gov"])
    #expect(permuted.nations[0].agents.map(\.name) == ["s-farmers", "s-gov"])
    #expect(permuted.nations[1].agents.map(\.count) == [2, 4, 1])
    for nation in original.nations {
      let other = try #require(permuted.nations.first { $0.name == nation.name })
      #expect(other.executive == nation.executive)
      #expect(Set(other.agents.map(\.name)) == Set(nation.agents.map(\.name)))
    }
    let kept = try #require(
      try WorldPermutation.permute(yaml: Self.world, path: "w.yaml", nations: false))
    let same = try ConfigLoader.load(yaml: kept, path: "k.yaml").config
    #expect(same.nations.map(\.name) == ["North", "South"])
    #expect(same.nations[0].agents.map(\.name) == ["n-science", "n-industry", "n-gov"])
    // A sweep or experiment file is not a world.
    #expect(try WorldPermutation.permute(yaml: "steps: 3\n", path: "s.yaml", nations: true) == nil)
  }

  /// The repository's Configs folder.
  static var configs: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Configs")
  }

  /// A representative subset, quick mode, gives the same verdicts on permuted worlds.
  ///
  /// The committed worlds against copies with their groups and nations reversed. S1 (deterministic Nash splits, nations reversed),
  /// S7-veto (recruitment order, where ties once decided the verdict), M1 (factions drawn
  /// from distributions) and M4-heavy (rules over factions): order-sensitive mechanisms
  /// that are cheap enough for the suite.
  @Test func verdictsUnchangedOnPermutedWorlds() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-permutation-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    let papers = root.appendingPathComponent("Configs/papers")
    let subset = ["sebenius": ["S1", "S7-veto"], "mayer": ["M1", "M4-heavy"]]
    try fm.createDirectory(at: papers, withIntermediateDirectories: true)
    try fm.copyItem(
      at: Self.configs.appendingPathComponent("papers/worlds"),
      to: papers.appendingPathComponent("worlds"))
    for (paper, ids) in subset {
      let folder = papers.appendingPathComponent(paper)
      try fm.createDirectory(at: folder, withIntermediateDirectories: true)
      for id in ids {
        try fm.copyItem(
          at: Self.configs.appendingPathComponent("papers/\(paper)/\(id).yaml"),
          to: folder.appendingPathComponent("\(id).yaml"))
      }
    }
    let permutedConfigs = try WorldPermutation.tree(
      configs: papers.path, into: root.appendingPathComponent("permuted").path)
    let listing = try String(
      contentsOfFile: root.appendingPathComponent("permuted/permuted.csv").path, encoding: .utf8)
    #expect(listing.contains("papers/worlds/recruitment-veto.yaml,true"))
    var verdicts: [[String: String]] = []
    for (name, configs) in [("original", papers.path), ("permuted", permutedConfigs)] {
      let reproduction = Reproduction(
        configs: configs, out: root.appendingPathComponent("out-\(name)").path,
        work: root.appendingPathComponent("work-\(name)").path, quick: true, jobs: 2)
      var byTest: [String: String] = [:]
      for paper in subset.keys.sorted() {
        for o in try reproduction.run(paper: paper, stop: StopSignal(), log: { _ in }) {
          for r in o.results { byTest["\(o.experiment.id) / \(r.test.name)"] = r.verdict.kind }
        }
      }
      verdicts.append(byTest)
    }
    #expect(verdicts[0].count >= 6)
    #expect(verdicts[0] == verdicts[1])
    // The reversed order does reach the runs: the permuted world lists its agents last
    // group first, so the permuted copy is not the original file.
    let permutedWorld = try String(
      contentsOfFile: root.appendingPathComponent("permuted/papers/worlds/recruitment-veto.yaml")
        .path, encoding: .utf8)
    let originalWorld = try String(
      contentsOfFile: papers.appendingPathComponent("worlds/recruitment-veto.yaml").path,
      encoding: .utf8)
    #expect(permutedWorld != originalWorld)
  }
}
