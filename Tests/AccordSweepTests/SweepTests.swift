import AccordConfig
import Foundation
import Testing

@testable import AccordSweep

@Suite struct DesignTests {
  func unit(_ name: String) -> Factor {
    guard let path = FactorPath(name) else { preconditionFailure("bad factor path \(name)") }
    return Factor(path: path, values: .bounds(low: 0, high: 1), integer: false)
  }

  /// Latin hypercube: each factor's range cut into N strata, each stratum hit once.
  @Test(arguments: [7, 64, 500])
  func latinHypercubeHitsEveryStratumOnce(samples: Int) throws {
    let factors = [unit("a"), unit("b"), unit("c")]
    let points = try Design.points(.latinHypercube, factors: factors, samples: samples, seed: 9)
    #expect(points.count == samples)
    for k in 0..<3 {
      let strata = Set(points.map { Int($0[k] * Double(samples)) })
      #expect(strata == Set(0..<samples))
    }
    #expect(
      try Design.points(.latinHypercube, factors: factors, samples: samples, seed: 9) == points)
  }

  @Test func fullFactorialIsTheProductOfLevels() throws {
    let factors = [
      Factor(path: FactorPath("a")!, values: .levels([1, 2, 3]), integer: false),
      Factor(path: FactorPath("b")!, values: .levels([10, 20]), integer: false),
    ]
    let points = try Design.points(.fullFactorial, factors: factors, samples: 0, seed: 1)
    #expect(points == [[1, 10], [1, 20], [2, 10], [2, 20], [3, 10], [3, 20]])
    #expect(Design.count(.fullFactorial, factors: factors, samples: 0) == 6)
  }

  /// Saltelli: per base point the rows A, B, then A with column i taken from B.
  @Test func saltelliStructure() throws {
    let factors = [unit("a"), unit("b"), unit("c")]
    let points = try Design.points(.saltelli, factors: factors, samples: 16, seed: 1)
    #expect(points.count == 16 * 5)
    for n in 0..<16 {
      let a = points[5 * n]
      let b = points[5 * n + 1]
      for i in 0..<3 {
        let ab = points[5 * n + 2 + i]
        for j in 0..<3 { #expect(ab[j] == (j == i ? b[j] : a[j])) }
      }
    }
  }

  @Test func levelsAndIntegersFromUnitCoordinates() {
    let levels = Factor(path: FactorPath("x")!, values: .levels([5, 6, 7]), integer: false)
    #expect([0.0, 0.34, 0.67, 0.999].map(levels.value(at:)) == [5, 6, 7, 7])
    // The 11 whole numbers 0...10 in equal shares: floor(0.26 * 11) = 2 (rounding
    // 0.26 * 10 gave 3 before integer factors were made uniform).
    let whole = Factor(path: FactorPath("x")!, values: .bounds(low: 0, high: 10), integer: true)
    #expect([0, 0.26, 0.999].map(whole.value(at:)) == [0, 2, 10])
  }
}

@Suite struct RunSeedTests {
  /// Distinct run indices get distinct seeds, in the accepted range, also across the
  /// wrap-around of the base seed.
  @Test(arguments: [UInt32(0), 1, 2026, WorldConfig.maxSeed - 500_000, WorldConfig.maxSeed])
  func seedsAreDistinct(base: UInt32) {
    var seen = Set<UInt32>()
    for run in 0..<1_000_000 {
      let s = RunSeeds.seed(base: base, run: run)
      #expect(s <= WorldConfig.maxSeed)
      seen.insert(s)
    }
    #expect(seen.count == 1_000_000)
  }

  @Test func theMixIsABijectionOnASample() {
    // mix is invertible: distinct inputs give distinct outputs on a dense block.
    var seen = Set<UInt32>()
    for x in UInt32(0)..<200_000 { seen.insert(RunSeeds.mix(x)) }
    #expect(seen.count == 200_000)
  }
}

@Suite struct SweepSpecTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  func write(_ text: String) throws -> String {
    let directory = Self.root.appendingPathComponent("Configs/sweeps")
    let file = directory.appendingPathComponent(".test-\(UUID().uuidString).yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  func error(_ text: String) throws -> ConfigError? {
    let path = try write(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      _ = try SweepSpec.load(path: path)
      return nil
    } catch {
      return error
    }
  }

  @Test func shippedSweepPlans() throws {
    let spec = try SweepSpec.load(
      path: Self.root.appendingPathComponent("Configs/sweeps/quickstart-evidence.yaml").path)
    #expect(
      spec.factors.map(\.path.text) == [
        "theta", "evidence.trials", "nations[North].agents[north-industry].access",
      ])
    let plan = try SweepPlan.make(spec)
    #expect(plan.points == 36 && plan.runs == 360)
    // A design point applied to the base config reaches the right fields.
    let node = try spec.config(at: [0.9, 5, 0.3])
    let loaded = try ConfigLoader.load(node: node, path: spec.basePath)
    #expect(loaded.config.theta == 0.9)
    #expect(loaded.config.evidence.trials == 5)
    #expect(
      loaded.world.agents.filter { $0.name.hasPrefix("north-industry") }.allSatisfy {
        $0.access == 0.3
      })
  }

  /// A factor on `steps` decides the rows a run keeps: 10^8 steps with agent rows of the
  /// quickstart's agents are terabytes, not the base config's kilobytes, and are refused.
  @Test func planUsesTheStepsFactor() throws {
    let path = try write(
      "base: ../examples/quickstart.yaml\nkeep: agents\nfactors:\n  steps: [100000000]\n")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let spec = try SweepSpec.load(path: path)
    let plan = try SweepPlan.make(spec)
    let agents = try ConfigLoader.check(node: spec.base, path: spec.basePath).agents
    // One kept row per step and agent, about 70 bytes each, for every run.
    #expect(plan.estimatedBytes >= 1e8 * Double(agents) * 70 * Double(plan.runs))
    if let free = plan.freeBytes, plan.estimatedBytes > free {
      #expect(throws: ConfigError.self) { try plan.checkDisk(spec) }
    }
  }

  /// More runs than 32-bit seeds: refused by plan (and so by run).
  @Test func tooManyRunsForDistinctSeeds() throws {
    let path = try write(
      "base: ../examples/quickstart.yaml\nreplicates: 1000000\nfactors:\n  theta: {from: 0, to: 1, step: 0.0002}\n"
    )
    defer { try? FileManager.default.removeItem(atPath: path) }
    let spec = try SweepSpec.load(path: path)
    #expect(spec.runCount == 5_001_000_000)
    #expect(throws: ConfigError.self) { _ = try SweepPlan.make(spec) }
    do {
      _ = try SweepPlan.make(spec)
    } catch {
      #expect(error.message.contains("at most 4294967295 get distinct 32-bit seeds"))
    }
  }

  @Test func badSweepsAreLocated() throws {
    let base = "base: ../examples/quickstart.yaml\n"
    let unknown = try #require(try error(base + "factors:\n  evidence.trails: [1, 2]\n"))
    #expect(unknown.line == 3 && unknown.column == 3)
    #expect(unknown.key == "factors.evidence.trails")
    #expect(
      unknown.message.contains("names no config field")
        && unknown.message.contains("did you mean 'trials'"))
    let invalid = try #require(try error(base + "factors:\n  theta: [0.5, 1.5]\n"))
    #expect(invalid.message.contains("value 1.5 gives an invalid config"))
    let zero = try #require(try error(base + "replicates: 0\nfactors:\n  theta: [0.5]\n"))
    #expect(zero.key == "replicates" && zero.message == "0 is out of range; allowed: [1, 1000000]")
    let empty = try #require(
      try error(base + "factors:\n  theta: {from: 0.9, to: 0.1, step: 0.1}\n"))
    #expect(empty.message.contains("an empty range"))
    let bounds = try #require(try error(base + "factors:\n  theta: {low: 0.1, high: 0.9}\n"))
    #expect(bounds.message.contains("design 'full-factorial' needs levels"))
    let samples = try #require(
      try error(base + "design: sobol\nfactors:\n  theta: {low: 0.1, high: 0.9}\n"))
    #expect(samples.message == "design 'sobol' needs samples: N")
    let nation = try #require(try error(base + "factors:\n  nations[Mars].rule: [1]\n"))
    #expect(nation.message.contains("no entry [Mars] in this list (entries: North, South)"))
    let seed = try #require(try error(base + "factors:\n  seed: [1, 2]\n"))
    #expect(seed.key == "factors.seed" && seed.message.contains("seed cannot be a factor"))
    let missing = try #require(try error("base: nope.yaml\nfactors:\n  theta: [0.5]\n"))
    #expect(missing.key == "base" && missing.message.hasPrefix("no such base config"))
  }
}

@Suite struct AnalysisTests {
  /// Ishigami indices within 0.02 of the exact values at N = 4096 base points.
  @Test func sobolIndicesOfIshigami() throws {
    let pi = Double.pi
    let factors = ["x1", "x2", "x3"].map {
      Factor(path: FactorPath($0)!, values: .bounds(low: -pi, high: pi), integer: false)
    }
    let n = 4096
    let points = try Design.points(.saltelli, factors: factors, samples: n, seed: 1)
    let y = points.map(Ishigami.value)
    let a = (0..<n).map { y[$0 * 5] }
    let b = (0..<n).map { y[$0 * 5 + 1] }
    let ab = (0..<3).map { i in (0..<n).map { y[$0 * 5 + 2 + i] } }
    let indices = try SobolIndices.compute(a: a, b: b, ab: ab, bootstrap: 200, seed: 3)
    for i in 0..<3 {
      #expect(abs(indices.firstOrder[i].value - Ishigami.firstOrder[i]) < 0.02)
      #expect(abs(indices.total[i].value - Ishigami.totalOrder[i]) < 0.02)
      #expect(indices.firstOrder[i].lower <= indices.firstOrder[i].value)
      #expect(indices.total[i].upper >= indices.total[i].value)
    }
  }

  /// Second-order indices of Ishigami from a sweep store, as `accord sweep sobol` reads it:
  /// S13 = 0.2437 and S12 = S23 = 0 (N = 4096 base points, 32,768 runs); a second_order
  /// sweep without design saltelli is refused at the key.
  @Test func secondOrderSobolOfIshigamiFromAStore() throws {
    let text = """
      model: ishigami
      design: saltelli
      second_order: true
      samples: 4096
      seed: 1
      factors:
        x1: {low: -3.141592653589793, high: 3.141592653589793}
        x2: {low: -3.141592653589793, high: 3.141592653589793}
        x3: {low: -3.141592653589793, high: 3.141592653589793}
      """
    let path = try SweepSpecTests().write(text)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-sobol2-\(UUID().uuidString)").path
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: directory)
    }
    let spec = try SweepSpec.load(path: path)
    #expect(spec.runCount == 4096 * 8)
    let store = try SweepStore.open(
      for: spec, sweepText: text, directory: directory, resume: false)
    _ = try SweepRunner.run(spec: spec, store: store, jobs: 2, stop: StopSignal()) { _, _ in }
    let result = try SobolIndices.fromStore(
      directory: directory, metric: "y", bootstrap: 100, seed: 3)
    #expect(result.indices.secondOrder.count == 3)
    for p in 0..<3 {
      let e = result.indices.secondOrder[p]
      #expect(abs(e.value - Ishigami.secondOrder[p]) < 0.05, "pair \(p): \(e.value)")
      #expect(e.lower <= e.value && e.value <= e.upper)
    }
    for i in 0..<3 {
      #expect(abs(result.indices.firstOrder[i].value - Ishigami.firstOrder[i]) < 0.03)
      #expect(abs(result.indices.total[i].value - Ishigami.totalOrder[i]) < 0.03)
    }
    let wrong = try SweepSpecTests().write(
      text.replacingOccurrences(of: "design: saltelli", with: "design: sobol"))
    defer { try? FileManager.default.removeItem(atPath: wrong) }
    #expect {
      _ = try SweepSpec.load(path: wrong)
    } throws: { error in
      guard let e = error as? ConfigError else { return false }
      return e.key == "second_order" && e.message.contains("needs design: saltelli")
    }
  }

  @Test func replicateStatistics() {
    let s = ReplicateStatistic.of([1, 2, 3, 4, 5], point: 0, metric: "m", width: 1)
    #expect(s.mean == 3)
    #expect(abs(s.sd - 2.5.squareRoot()) < 1e-12)
    // t(0.975, 4) = 2.7764451051977987.
    let half = 2.7764451051977987 * 2.5.squareRoot() / 5.0.squareRoot()
    #expect(abs(s.lower - (3 - half)) < 1e-9 && abs(s.upper - (3 + half)) < 1e-9)
    // Width 1 with sd 1.58 needs about (2 * 1.97 * 1.58)^2, i.e. 40 replicates.
    let needed = try! #require(s.replicatesForWidth)
    #expect(needed >= 38 && needed <= 42)
    #expect(s.method == .t)
    // A 0/1 metric: Wilson's score interval for 1 of 3, as plot and reproduce draw it,
    // and the replicates for a Wilson interval of width 0.5 at p = 1/3 (width 0.488 at
    // 11, 0.505 at 10).
    let flags = ReplicateStatistic.of([1, 0, 0], point: 0, metric: "m", width: 0.5, binary: true)
    #expect(flags.method == .wilson && abs(flags.mean - 1.0 / 3) < 1e-15)
    #expect(abs(flags.lower - 0.06149194472039615) < 1e-12)
    #expect(abs(flags.upper - 0.7923403991979523) < 1e-12)
    #expect(flags.replicatesForWidth == 11)
  }
}

@Suite struct ShardTests {
  /// Every run belongs to exactly one shard, in contiguous blocks of near-equal size.
  @Test(arguments: [(1, 1), (30, 4), (30, 7), (30, 30), (1_000_003, 16), (97, 96)])
  func shardsPartitionTheRuns(runs: Int, count: Int) {
    var next = 0
    for k in 0..<count {
      let range = Shard(index: k, count: count)!.runs(of: runs)
      #expect(range.lowerBound == next)
      #expect(range.count == runs / count || range.count == runs / count + 1)
      next = range.upperBound
    }
    #expect(next == runs)
  }

  @Test func parsing() {
    #expect(Shard("2/5") == Shard(index: 2, count: 5))
    for bad in ["5/5", "0/0", "-1/3", "1", "a/b", "1/2/3", "", "/3", "1/\(Shard.maxCount + 1)"] {
      #expect(Shard(bad) == nil, "\(bad)")
    }
  }

  @Test func coverageNamesMissingAndDuplicatedRuns() throws {
    #expect(SweepMerge.ranges([0, 1, 2, 5, 6, 9]) == [0..<3, 5..<7, 9..<10])
    try SweepMerge.checkCoverage([("a", [0..<5]), ("b", [5..<9])], total: 9)
    #expect {
      try SweepMerge.checkCoverage([("a", [0..<3, 4..<5]), ("b", [7..<9])], total: 10)
    } throws: { error in
      (error as? SweepStoreError)?.message
        == "4 of 10 runs are missing: run 3, runs 5-6, run 9 (a shard is missing or unfinished: "
        + "run it, or rerun it with --resume)"
    }
    #expect {
      try SweepMerge.checkCoverage([("a", [0..<6]), ("b", [4..<10])], total: 10, shards: 2)
    } throws: { error in
      (error as? SweepStoreError)?.message == "runs held twice: runs 4-5 (in a and b)"
    }
  }
}
