import AccordConfig
import AccordIO
import AccordSweep
import Foundation

/// The declared test of a sampled-world space: the `space:` section of a space file.
///
/// A space file is a sweep file with `design: latin-hypercube`, `samples:` worlds, the
/// space's factors, the arm factor (two levels) named by `pair:` so that both arms of a
/// world share their seeds, and this section:
/// ```yaml
/// space:
///   proposition: S7
///   claim: ...
///   quick_worlds: 40
///   quick_replicates: 10
///   rationale: why each range covers what the claim speaks about
///   test:                # the proposition's emergent difference test, as in its experiment
///     name: pivotal-first wins sooner than random
///     statistic: difference
///     metric: COALESCE(first_winning_step, steps_run + 1)
///     factor: persuasion.strategy       # the paired factor
///     levels: [random, pivotal-first]   # effect: first minus second, per replicate
///     expect: positive
///     min_effect: 1
/// ```
struct WorldSpace: Sendable {
  var proposition: String
  var claim: String
  /// Worlds and replicates per arm of `accord reproduce --quick`.
  var quickWorlds: Int
  var quickReplicates: Int
  var test: StatisticTest
  var rationale: String
  var notes: String?
}

extension WorldSpace: Decodable {
  enum Keys: String, CodingKey, CaseIterable {
    case proposition, claim, test, rationale, notes
    case quickWorlds = "quick_worlds"
    case quickReplicates = "quick_replicates"
  }

  init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(Keys.self)
    let c = try decoder.container(keyedBy: Keys.self)
    proposition = try c.decode(String.self, forKey: .proposition)
    claim = try c.decode(String.self, forKey: .claim)
    quickWorlds = try c.integer(.quickWorlds, default: 40, in: 2...1_000_000)
    quickReplicates = try c.integer(.quickReplicates, default: 10, in: 2...1_000_000)
    test = try c.decode(StatisticTest.self, forKey: .test)
    rationale = try c.decode(String.self, forKey: .rationale)
    notes = try c.decodeIfPresent(String.self, forKey: .notes)
    guard test.kind == .difference, test.compare.isEmpty, test.levels.count == 2,
      test.filter.isEmpty, test.by == nil, test.expect == .positive || test.expect == .negative
    else {
      throw decoder.issue(
        Keys.test,
        "a space's test is a difference between the two levels of the paired factor "
          + "(statistic: difference, factor, levels, expect positive or negative; no where or by)")
    }
    guard test.minEffect.isFinite else {
      throw decoder.issue(Keys.test, "a space's test needs min_effect (its experiment's δ)")
    }
  }
}

/// The `space:` section of a space file; the sweep keys are read by ``SweepSpec``.
struct SpaceFile: Decodable {
  var space: WorldSpace

  enum Keys: String, CodingKey { case space }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    guard c.contains(.space) else {
      throw ConfigIssue(path: [], message: "missing required key 'space' (a space file's test)")
    }
    space = try c.decode(WorldSpace.self, forKey: .space)
  }
}

/// One sampled world: its factor values, the paired effect and its verdict.
struct WorldResult: Sendable {
  /// The world's index in the design.
  var world: Int
  /// The space factors' values as the store writes them (names for categorical ones).
  var values: [String]
  /// The same values as numbers (level indices for categorical factors), for PRIM.
  var x: [Double]
  /// Mean of the per-replicate differences (first level minus second), t interval.
  var estimate: Estimate
  var verdict: Verdict
}

/// A share of worlds with its Wilson 95% interval.
struct Share: Sendable {
  var count: Int
  var estimate: Estimate
}

/// Where a proposition holds over its sampled worlds.
struct SpaceOutcome {
  var file: String
  var space: WorldSpace
  var spec: SweepSpec
  /// The space factors (every factor but the paired one), in file order.
  var factors: [Factor]
  var worlds: [WorldResult]

  /// Shares of worlds by verdict kind: holds, negligible, reversed, inconclusive.
  var shares: [(kind: String, share: Share)]
  /// PRIM on y = holds and on y = reversed (nil when no world has the verdict).
  var primHolds: Prim?
  var primReversed: Prim?
  /// Sentences a reader can state: where the proposition holds, where it is reversed.
  var conditionsHolds: String
  var conditionsReversed: String
  var directory: String
  var seconds: Double
}

/// Runs and judges sampled-world spaces.
enum SpaceAnalysis {
  /// The verdict kinds counted, in report order.
  static let kinds = ["holds", "negligible", "reversed", "inconclusive"]

  /// Loads a space file: the sweep and its `space:` section, checked against each other.
  static func load(file: String) throws -> (SweepSpec, WorldSpace) {
    let spec = try SweepSpec.load(path: file)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let node = try ConfigLoader.compose(yaml: text, path: file)
    let space = try ConfigLoader.decode(SpaceFile.self, from: node, path: file).space
    guard let pair = spec.pair, pair == space.test.factor,
      let factor = spec.factors.first(where: { $0.name == pair })
    else {
      throw AnalysisError(
        "\(file): pair: must name the space test's factor '\(space.test.factor)' (the arm)")
    }
    guard case .levels(let levels) = factor.values, levels.count == 2,
      Set(levels.map { factor.label($0) ?? RunTable.text($0) }) == Set(space.test.levels)
    else {
      throw AnalysisError(
        "\(file): the arm \(pair) must have exactly the test's two levels "
          + space.test.levels.joined(separator: ", "))
    }
    guard spec.design == .latinHypercube else {
      throw AnalysisError("\(file): a space is drawn by design: latin-hypercube")
    }
    return (spec, space)
  }

  /// The per-world effects of a space's store.
  ///
  /// A world's effect is the mean over replicates of the paired difference (first level
  /// minus second, runs with the same seed), with a Student t interval on those
  /// differences, also for 0/1 metrics (their differences take -1, 0, 1; Newcombe's
  /// interval is for independent samples and would ignore the pairing). A replicate
  /// whose metric is NULL in either arm is left out. The verdict is the hand-built
  /// tests' rule, ``Evaluation/judge(_:_:tolerance:)``.
  static func worlds(spec: SweepSpec, test: StatisticTest, table: RunTable) throws
    -> [WorldResult]
  {
    guard let pairing = spec.pairing else { throw AnalysisError("a space needs pair:") }
    let arm = spec.factors[pairing.index]
    let space = spec.factors.indices.filter { $0 != pairing.index }
    let points = try spec.points()
    let values = try table.paired(metric: test.metric, arm: arm.name)
    let first = test.levels[0]
    let second = test.levels[1]
    var byWorld: [Int: [Int: [String: Double]]] = [:]
    let armLevels = pairing.levels.count
    for v in values {
      byWorld[v.point / armLevels, default: [:]][v.replicate, default: [:]][v.level] = v.value
    }
    let worldCount = points.count / armLevels
    return (0..<worldCount).map { w in
      let point = points[w * armLevels]
      let replicates = byWorld[w] ?? [:]
      let differences = replicates.keys.sorted().compactMap { r -> Double? in
        guard let a = replicates[r]?[first], let b = replicates[r]?[second] else { return nil }
        return a - b
      }
      let (estimate, verdict) = judge(differences: differences, test: test)
      return WorldResult(
        world: w,
        values: space.map { spec.factors[$0].label(point[$0]) ?? RunTable.text(point[$0]) },
        x: space.map { point[$0] }, estimate: estimate, verdict: verdict)
    }
  }

  /// One world's effect from its paired differences (Student t on the differences) and
  /// its verdict by the hand-built tests' rule; inconclusive below two pairs.
  static func judge(differences: [Double], test: StatisticTest) -> (Estimate, Verdict) {
    guard differences.count >= 2 else {
      return (.undefined, .inconclusive("fewer than two paired replicates"))
    }
    let estimate = Estimate.mean(differences, proportion: false)
    return (estimate, Evaluation.judge(estimate, test, tolerance: Evaluation.defaultTolerance))
  }

  /// Shares of worlds by verdict kind, each with Wilson's 95% interval.
  static func shares(_ worlds: [WorldResult]) -> [(kind: String, share: Share)] {
    kinds.map { kind in
      let count = worlds.filter { $0.verdict.kind == kind }.count
      return (
        kind,
        Share(count: count, estimate: Estimate.wilson(successes: Double(count), n: worlds.count))
      )
    }
  }

  /// PRIM's factor kinds for the space factors.
  static func primFactors(_ factors: [Factor]) -> [Prim.Factor] {
    factors.map { f in
      if let labels = f.labels {
        return Prim.Factor(name: f.name, kind: .categorical(levels: labels))
      }
      let whole: Bool
      switch f.values {
      case .levels(let v): whole = v.allSatisfy { $0 == $0.rounded() }
      case .bounds: whole = f.integer
      }
      return Prim.Factor(name: f.name, kind: whole ? .integer : .real)
    }
  }

  /// PRIM with the default settings (threshold density 0.8) over the worlds where `y`;
  /// nil when no world meets it.
  static func prim(_ factors: [Factor], _ worlds: [WorldResult], y: (Verdict) -> Bool) throws
    -> Prim?
  {
    let flags = worlds.map { y($0.verdict) }
    guard flags.contains(true) else { return nil }
    return try Prim.discover(factors: primFactors(factors), x: worlds.map(\.x), y: flags)
  }

  /// The chosen box as a sentence: "holds when X ≥ a and Y ≤ b (coverage c, density d)",
  /// or that no box reaches the threshold.
  static func conditions(_ prim: Prim?, _ verdict: String, worlds: Int) -> String {
    guard let prim else { return "no world \(verdict); no box to find" }
    let box = prim.trajectory[prim.chosen]
    let start = prim.trajectory[0]
    let measures =
      "coverage \(format(box.coverage)), density \(format(box.density)), "
      + "\(box.count) of \(worlds) worlds"
    guard prim.found, prim.selection == .threshold else {
      return "no box found (the densest box has density \(format(box.density)), below "
        + "the threshold \(format(prim.settings.threshold)))"
    }
    var clauses: [String] = []
    for (j, factor) in prim.factors.enumerated() where box.restricted[j] {
      let limit = box.limits[j]
      let name = "`\(factor.name)`"
      switch factor.kind {
      case .categorical(let levels):
        let inside = levels.indices.filter { limit.levels?[$0] ?? true }.map { levels[$0] }
        clauses.append("\(name) in {\(inside.joined(separator: ", "))}")
      case .real, .integer:
        let lower = limit.lower > start.limits[j].lower
        let upper = limit.upper < start.limits[j].upper
        switch (lower, upper) {
        case (true, true):
          clauses.append("\(format(limit.lower)) ≤ \(name) ≤ \(format(limit.upper))")
        case (true, false): clauses.append("\(name) ≥ \(format(limit.lower))")
        case (false, true): clauses.append("\(name) ≤ \(format(limit.upper))")
        case (false, false): break
        }
      }
    }
    if clauses.isEmpty { return "\(verdict) throughout the space (\(measures))" }
    return "\(verdict) when " + clauses.joined(separator: " and ") + " (\(measures))"
  }

  /// Runs (or resumes) a space's sweep and judges every world.
  static func run(
    file: String, paper: String, work: String, quick: Bool, jobs: Int, stop: StopSignal,
    log: @Sendable (String) -> Void
  ) throws -> SpaceOutcome {
    let (loaded, space) = try load(file: file)
    var spec = loaded
    var sweepText = try String(contentsOfFile: file, encoding: .utf8)
    if quick {
      spec.samples = space.quickWorlds
      spec.replicates = space.quickReplicates
      sweepText +=
        "\n# accord reproduce --quick: worlds \(space.quickWorlds), replicates \(space.quickReplicates)\n"
    }
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let directory = "\(work)/\(paper)/space-\(name)-\(quick ? "quick" : "full")"
    let exists = FileManager.default.fileExists(atPath: "\(directory)/sweep.sqlite")
    let store = try SweepStore.open(
      for: spec, sweepText: sweepText, directory: directory, resume: exists)
    let started = Date()
    let outcome = try SweepRunner.run(spec: spec, store: store, jobs: jobs, stop: stop) { _, _ in }
    if outcome.stopped { throw Stopped() }
    let seconds = Date().timeIntervalSince(started)
    log(
      "space \(name): \(spec.runCount) runs (\(outcome.skipped) reused) in "
        + String(format: "%.1f s", seconds))
    return try judge(
      file: file, spec: spec, space: space, directory: directory, seconds: seconds)
  }

  /// Judges every world of a finished space store, with shares and PRIM boxes.
  static func judge(
    file: String, spec: SweepSpec, space: WorldSpace, directory: String, seconds: Double
  ) throws -> SpaceOutcome {
    let table = try RunTable(directory: directory)
    let worlds = try worlds(spec: spec, test: space.test, table: table)
    let factors = spec.factors.filter { $0.name != spec.pair }
    let primHolds = try prim(factors, worlds) { $0 == .holds }
    let primReversed = try prim(factors, worlds) { $0 == .failsReversed }
    return SpaceOutcome(
      file: file, space: space, spec: spec, factors: factors, worlds: worlds,
      shares: shares(worlds), primHolds: primHolds, primReversed: primReversed,
      conditionsHolds: conditions(primHolds, "holds", worlds: worlds.count),
      conditionsReversed: conditions(primReversed, "reversed", worlds: worlds.count),
      directory: directory, seconds: seconds)
  }

  /// `space/<P>.csv`: one row per world.
  static func worldsCSV(_ o: SpaceOutcome) -> String {
    var csv =
      (["world"] + o.factors.map(\.name) + ["estimate", "ci95_lower", "ci95_upper", "n", "verdict"])
      .map(CSV.field).joined(separator: ",") + "\n"
    for w in o.worlds {
      csv +=
        (["\(w.world)"] + w.values + [
          "\(w.estimate.value)", "\(w.estimate.lower)", "\(w.estimate.upper)", "\(w.estimate.n)",
          w.verdict.kind,
        ]).map(CSV.field).joined(separator: ",") + "\n"
    }
    return csv
  }

  /// `space.csv`: one row per proposition with its shares and conditions.
  static func summaryCSV(_ outcomes: [SpaceOutcome]) -> String {
    var header = ["proposition", "file", "worlds", "replicates"]
    for kind in kinds { header += ["share_\(kind)", "\(kind)_lo", "\(kind)_hi"] }
    header += ["conditions_holds", "conditions_reversed"]
    var csv = header.joined(separator: ",") + "\n"
    for o in outcomes {
      var fields = [
        o.space.proposition, URL(fileURLWithPath: o.file).lastPathComponent, "\(o.worlds.count)",
        "\(o.spec.replicates)",
      ]
      for (_, share) in o.shares {
        fields += ["\(share.estimate.value)", "\(share.estimate.lower)", "\(share.estimate.upper)"]
      }
      fields += [o.conditionsHolds, o.conditionsReversed]
      csv += fields.map(CSV.field).joined(separator: ",") + "\n"
    }
    return csv
  }

  /// Writes `space/<P>.csv`, the PRIM reports and `space.csv` into `folder`.
  static func write(_ outcomes: [SpaceOutcome], folder: String) throws {
    guard !outcomes.isEmpty else { return }
    try FileManager.default.createDirectory(
      atPath: "\(folder)/space", withIntermediateDirectories: true)
    for o in outcomes {
      let name = URL(fileURLWithPath: o.file).deletingPathExtension().lastPathComponent
      try AtomicFile.write(worldsCSV(o), to: "\(folder)/space/\(name).csv")
      for (prim, y) in [(o.primHolds, "holds"), (o.primReversed, "reversed")] {
        guard let prim else { continue }
        let report = PrimReport(prim: prim)
        try AtomicFile.write(
          "PRIM over the worlds where \(o.space.proposition) \(y) (threshold density "
            + "\(format(prim.settings.threshold))).\n\n" + report.text + "\n",
          to: "\(folder)/space/\(name)-prim-\(y).txt")
      }
    }
    try AtomicFile.write(summaryCSV(outcomes), to: "\(folder)/space.csv")
  }

  /// A share as "0.62 [0.55, 0.68] (124)".
  static func share(_ s: Share) -> String {
    "\(format(s.estimate.value)) [\(format(s.estimate.lower)), \(format(s.estimate.upper))] (\(s.count))"
  }
}
