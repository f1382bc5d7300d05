import AccordConfig
import AccordSQLite
import AccordSweep
import Foundation
import Testing

@testable import AccordReproduce

/// Sampled-world spaces (docs/REPRODUCE.md, "Sampled-world spaces"): common random
/// numbers, the per-world verdict, the share intervals, PRIM's conditions, and a tiny
/// space run through `accord reproduce`'s path.
@Suite struct SpaceTests {
  /// A small recruitment world: 1 believer, light and heavy sceptical factions.
  static let world = """
    steps: 40
    evidence: {trials: 0}
    learning: {mode: none}
    persuasion: {attempts: 1, strategy: random, step: 1}
    negotiation: {interval: 1000000}
    nations:
      - name: Home
        rule: majority
        agents:
          - {name: believer, believer: true, weight: 1, ideal: 0.5, kappa: 1, prior_mean: 0.95, prior_concentration: 1000, credibility: 1000, eps: 1}
          - {name: light, count: 8, weight: 1, ideal: 0.5, kappa: 1, prior_mean: 0.05, prior_concentration: 1000, lambda: 1, eps: 1}
          - {name: heavy, count: 2, weight: 10, ideal: 0.5, kappa: 1, prior_mean: 0.05, prior_concentration: 1000, lambda: 1, eps: 1}
    """

  /// A space file over the small world: `worlds` worlds, `replicates` per arm.
  static func spaceFile(worlds: Int, replicates: Int) -> String {
    """
    base: ../../world.yaml
    design: latin-hypercube
    samples: \(worlds)
    replicates: \(replicates)
    seed: 77
    pair: persuasion.strategy
    factors:
      persuasion.strategy: [random, pivotal-first]
      nations[Home].agents[light].count: {low: 4, high: 12, integer: true}
      nations[Home].agents[heavy].weight: {low: 1, high: 12}
    space:
      proposition: T1
      claim: pivotal-first wins sooner
      quick_worlds: \(worlds)
      quick_replicates: \(replicates)
      rationale: a test space
      test:
        name: pivotal-first wins sooner than random
        kind: emergent
        min_effect: 1
        measure: steps to a winning coalition
        statistic: difference
        metric: COALESCE(first_winning_step, steps_run + 1)
        factor: persuasion.strategy
        levels: [random, pivotal-first]
        expect: positive
    """
  }

  /// A scratch folder with `configs/tiny/space/T1.yaml` and `configs/world.yaml`.
  static func scratch(worlds: Int, replicates: Int) throws -> URL {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-space-\(UUID().uuidString)")
    let space = root.appendingPathComponent("configs/tiny/space")
    try FileManager.default.createDirectory(at: space, withIntermediateDirectories: true)
    try world.write(
      to: root.appendingPathComponent("configs/world.yaml"), atomically: true, encoding: .utf8)
    try spaceFile(worlds: worlds, replicates: replicates).write(
      to: space.appendingPathComponent("T1.yaml"), atomically: true, encoding: .utf8)
    return root
  }

  /// Runs differing only in the paired factor share a seed; all other runs have
  /// distinct seeds, and the two arms of a world have the same other factor values.
  @Test func commonRandomNumbers() throws {
    let root = try Self.scratch(worlds: 7, replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let spec = try SweepSpec.load(path: root.path + "/configs/tiny/space/T1.yaml")
    #expect(spec.pair == "persuasion.strategy")
    #expect(spec.pointCount == 14)
    #expect(spec.runCount == 42)
    let points = try spec.points()
    #expect(points.count == 14)
    var seeds: [UInt32: Set<Int>] = [:]
    for run in 0..<spec.runCount {
      let point = run / spec.replicates
      // world * replicates + replicate: the index the seed is a bijection of
      let key = point / 2 * spec.replicates + run % spec.replicates
      seeds[spec.seed(run: run), default: []].insert(key)
    }
    // 7 worlds x 3 replicates: 21 seeds, each shared by exactly the two arms of one pair.
    #expect(seeds.count == 21)
    #expect(seeds.values.allSatisfy { $0.count == 1 })
    for w in 0..<7 {
      #expect(points[2 * w][0] == 0 && points[2 * w + 1][0] == 1)
      #expect(Array(points[2 * w].dropFirst()) == Array(points[2 * w + 1].dropFirst()))
      #expect(spec.seed(run: 2 * w * 3 + 1) == spec.seed(run: (2 * w + 1) * 3 + 1))
      #expect(spec.seed(run: 2 * w * 3) != spec.seed(run: 2 * w * 3 + 1))
    }
    // The Latin hypercube is drawn over the space factors only: each of the 7 strata of
    // the heavy weight's range [1, 12] holds one world.
    let strata = Set((0..<7).map { Int((points[2 * $0][2] - 1) / 11 * 7) })
    #expect(strata == Set(0..<7))
  }

  /// Without `pair`, every run keeps its own seed (RunSeeds of the run index).
  @Test func unpairedSeedsAreTheRunIndexBijection() throws {
    let root = try Self.scratch(worlds: 5, replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    var spec = try SweepSpec.load(path: root.path + "/configs/tiny/space/T1.yaml")
    spec.pair = nil
    #expect(spec.pointCount == 5)
    let seeds = (0..<spec.runCount).map { spec.seed(run: $0) }
    #expect(Set(seeds).count == spec.runCount)
    #expect(seeds[3] == RunSeeds.seed(base: 77, run: 3))
  }

  /// `pair:` must name a factor with listed levels.
  @Test func pairNeedsALevelFactor() throws {
    let root = try Self.scratch(worlds: 5, replicates: 2)
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.path + "/configs/tiny/space/T1.yaml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(
      of: "pair: persuasion.strategy", with: "pair: nations[Home].agents[heavy].weight"
    ).write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: ConfigError.self) { try SweepSpec.load(path: path) }
  }

  static var test: StatisticTest {
    get throws {
      let root = try scratch(worlds: 2, replicates: 2)
      defer { try? FileManager.default.removeItem(at: root) }
      return try SpaceAnalysis.load(file: root.path + "/configs/tiny/space/T1.yaml").1.test
    }
  }

  /// A world's verdict is the hand-built rule on the t interval of its paired
  /// differences (random minus pivotal-first, expected positive, δ = 1).
  @Test func perWorldVerdict() throws {
    let test = try Self.test
    let (e, v) = SpaceAnalysis.judge(differences: [2, 3, 2, 3, 2, 3], test: test)
    #expect(abs(e.value - 2.5) < 1e-12)
    // t(0.975, 5) = 2.5706, sd 0.5477: half width 0.5748
    #expect(abs(e.lower - 1.92520) < 1e-4 && abs(e.upper - 3.07480) < 1e-4)
    #expect(v == .holds)
    #expect(SpaceAnalysis.judge(differences: [-2, -3, -2, -3], test: test).1 == .failsReversed)
    #expect(SpaceAnalysis.judge(differences: [0.1, -0.1, 0.1, -0.1], test: test).1 == .negligible)
    // Zero variance at 0: the interval is [0, 0], inside (-1, 1).
    #expect(SpaceAnalysis.judge(differences: [0, 0, 0], test: test).1 == .negligible)
    #expect(SpaceAnalysis.judge(differences: [5, -5, 3, -4], test: test).1.kind == "inconclusive")
    #expect(SpaceAnalysis.judge(differences: [5], test: test).1.kind == "inconclusive")
  }

  static func world(_ i: Int, _ x: Double, _ verdict: Verdict) -> WorldResult {
    WorldResult(
      world: i, values: ["\(x)"], x: [x], estimate: .undefined, verdict: verdict)
  }

  /// Shares by verdict kind with Wilson intervals (3 of 10: [0.1078, 0.6032]).
  @Test func shareIntervals() {
    let verdicts: [Verdict] =
      [.holds, .holds, .holds, .negligible, .failsReversed, .failsReversed]
      + Array(repeating: .inconclusive("x"), count: 4)
    let worlds = verdicts.enumerated().map { Self.world($0.offset, 0, $0.element) }
    let shares = SpaceAnalysis.shares(worlds)
    #expect(shares.map(\.kind) == ["holds", "negligible", "reversed", "inconclusive"])
    #expect(shares.map(\.share.count) == [3, 1, 2, 4])
    let holds = shares[0].share.estimate
    #expect(abs(holds.value - 0.3) < 1e-12)
    #expect(abs(holds.lower - 0.1078) < 5e-5 && abs(holds.upper - 0.6032) < 5e-5)
    #expect(SpaceAnalysis.share(shares[0].share) == "0.3 [0.108, 0.603] (3)")
  }

  /// PRIM's chosen box as a sentence: holds where x is high; nothing reversed.
  @Test func conditionsSentence() throws {
    let factor = Factor(
      path: try #require(FactorPath("x")), values: .bounds(low: 0, high: 1), integer: false)
    let worlds = (0..<100).map { i in
      Self.world(i, Double(i) / 100, i >= 60 ? .holds : .negligible)
    }
    let holds = try SpaceAnalysis.prim([factor], worlds) { $0 == .holds }
    let sentence = SpaceAnalysis.conditions(holds, "holds", worlds: 100)
    // The peels stop at a quantile midpoint: 0.605 leaves out the hit at 0.60 (39 of 40).
    #expect(sentence == "holds when `x` ≥ 0.605 (coverage 0.975, density 1, 39 of 100 worlds)")
    // A band in the middle: both limits move, written as one range.
    let band = (0..<100).map { i in
      Self.world(i, Double(i) / 100, (30..<70).contains(i) ? .holds : .negligible)
    }
    let middle = SpaceAnalysis.conditions(
      try SpaceAnalysis.prim([factor], band) { $0 == .holds }, "holds", worlds: 100)
    #expect(middle.hasPrefix("holds when 0.") && middle.contains(" ≤ `x` ≤ 0.6"), "\(middle)")
    let reversed = try SpaceAnalysis.prim([factor], worlds) { $0 == .failsReversed }
    #expect(reversed == nil)
    #expect(SpaceAnalysis.conditions(reversed, "reversed", worlds: 100).hasPrefix("no world"))
    // Scattered hits: no box reaches density 0.8.
    let scattered = (0..<100).map { i in
      Self.world(i, Double(i) / 100, i % 3 == 0 ? .holds : .negligible)
    }
    let none = try SpaceAnalysis.prim([factor], scattered) { $0 == .holds }
    #expect(SpaceAnalysis.conditions(none, "holds", worlds: 100).hasPrefix("no box found"))
  }

  /// A tiny space through `Reproduction.run`: the per-world CSV, the summary and the
  /// README section, with each world's estimate the mean of its paired differences as
  /// read back from the store, and the two arms of a pair sharing the seed.
  @Test func tinySpaceEndToEnd() throws {
    let root = try Self.scratch(worlds: 4, replicates: 3)
    defer { try? FileManager.default.removeItem(at: root) }
    let reproduction = Reproduction(
      configs: root.path + "/configs", out: root.path + "/out", work: root.path + "/work",
      quick: false, jobs: 2)
    _ = try reproduction.run(paper: "tiny", stop: StopSignal()) { _ in }
    let csv = try String(contentsOfFile: root.path + "/out/tiny/space/T1.csv", encoding: .utf8)
    let rows = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    #expect(
      rows[0] == [
        "world", "nations[Home].agents[light].count", "nations[Home].agents[heavy].weight",
        "estimate", "ci95_lower", "ci95_upper", "n", "verdict",
      ])
    #expect(rows.count == 5)
    let store = try DatabaseQueue(path: root.path + "/work/tiny/space-T1-full/sweep.sqlite")
    let runs = try store.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT point, replicate, seed, \"persuasion.strategy\" AS arm, "
          + "COALESCE(first_winning_step, steps_run + 1) AS m, "
          + "\"nations[Home].agents[light].count\" AS light FROM runs ORDER BY run_id")
    }
    #expect(runs.count == 24)
    for w in 0..<4 {
      let world = runs.filter { ($0["point"] as Int) / 2 == w }
      var differences: [Double] = []
      for r in 0..<3 {
        let pair = world.filter { ($0["replicate"] as Int) == r }
        let random = try #require(pair.first { ($0["arm"] as String) == "random" })
        let pivotal = try #require(pair.first { ($0["arm"] as String) == "pivotal-first" })
        #expect((random["seed"] as Int) == (pivotal["seed"] as Int))
        #expect((random["light"] as Int) == (pivotal["light"] as Int))
        differences.append((random["m"] as Double) - (pivotal["m"] as Double))
      }
      let row = rows[w + 1]
      #expect(row[1] == "\(world[0]["light"] as Int)")
      let mean = differences.reduce(0, +) / 3
      #expect(abs((Double(row[3]) ?? .nan) - mean) < 1e-9, "world \(w): \(row) vs \(differences)")
      #expect(row[6] == "3")
      let (_, verdict) = SpaceAnalysis.judge(differences: differences, test: try Self.test)
      #expect(row[7] == verdict.kind)
    }
    // Seeds differ across worlds and replicates: 12 pairs, 12 seeds.
    #expect(Set(runs.map { $0["seed"] as Int }).count == 12)
    let summary = try String(contentsOfFile: root.path + "/out/tiny/space.csv", encoding: .utf8)
    #expect(summary.hasPrefix("proposition,file,worlds,replicates,share_holds,holds_lo,holds_hi"))
    #expect(summary.contains("\nT1,T1.yaml,4,3,"))
    let readme = try String(contentsOfFile: root.path + "/out/tiny/README.md", encoding: .utf8)
    #expect(readme.contains("## Where each proposition holds (sampled worlds)"))
    #expect(readme.contains("| **T1** | pivotal-first wins sooner than random (1) | 4 x 3 |"))
  }
}
