import AccordConfig
import AccordIO
import AccordModel
import AccordNumerics
package import AccordSweep
import Foundation

/// One paper's experiments: their sweeps run through the sweep engine, their declared
/// statistics evaluated, and a report with figures written.
package struct Reproduction: Sendable {
  /// The papers, with the folder of their experiment files under `Configs/papers/`.
  package static let papers = [
    (
      "sebenius",
      "Sebenius (1992), Challenging conventional explanations of international cooperation"
    ),
    ("mayer", "Mayer (1992), Managing domestic differences in international negotiations"),
  ]

  /// The outcome of one experiment.
  package struct Outcome {
    var file: String
    package var experiment: Experiment
    var spec: SweepSpec
    var results: [TestResult]
    /// The manipulation checks' results.
    var checks: [TestResult]
    /// The reading from the data (after manipulation checks): the emergent tests'
    /// verdict, or an analytic check only.
    package var verdict: Reading
    /// The reading after Holm's correction across the paper's tests.
    var adjusted: Reading
    var runs: Int
    /// The world: the base config's file name without `.yaml`.
    var world: String
    /// The experiment's sweep store.
    var directory: String
    /// Of the confirmatory seed blocks, how many read as block 0 (nil: not rerun, as
    /// for deterministic experiments and quick mode).
    var stability: (agree: Int, blocks: Int)?
  }

  /// Confirmatory seed blocks per stochastic experiment in full mode.
  ///
  /// Block 0 is the declared seed, block b starts past b full runs; the quick pilot takes the block
  /// after the last. A verdict that fewer than 80% of them repeat is unstable.
  package static let blocks = 5

  var configs: String
  package var out: String
  var work: String
  var quick: Bool
  var jobs: Int

  package init(configs: String, out: String, work: String, quick: Bool, jobs: Int) {
    self.configs = configs
    self.out = out
    self.work = work
    self.quick = quick
    self.jobs = jobs
  }

  /// The experiment files of `paper`, in proposition order (S1, S1-linear, S2, ..., S10).
  func files(of paper: String) throws -> [String] {
    let directory = "\(configs)/\(paper)"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw AnalysisError("\(directory): no such folder of experiments")
    }
    // By proposition number (S2 before S10), then the proposition's own file first.
    func key(_ name: String) -> (Int, Int, String) {
      let digits = name.dropFirst().prefix { $0.isNumber }
      return (Int(digits) ?? .max, name.count, name)
    }
    return names.filter { $0.hasSuffix(".yaml") }.sorted { key($0) < key($1) }.map {
      "\(directory)/\($0)"
    }
  }

  /// Runs (or resumes) and evaluates every experiment of `paper`, then writes its report.
  package func run(
    paper: String, stop: StopSignal, log: @Sendable (String) -> Void
  ) throws -> [Outcome] {
    var outcomes: [Outcome] = []
    let files = try files(of: paper)
    // Before anything runs: which files this run reads, and which changed since the pilot.
    let record = try Preregistration.record(
      files: files + (try spaceFiles(of: paper)),
      pilot: quick ? nil : "runs/quick-results/\(paper)/preregistration.csv")
    for file in files {
      var outcome = try runExperiment(file: file, paper: paper, stop: stop, log: log)
      if !quick && !outcome.experiment.deterministic {
        // The same experiment on disjoint seed blocks: how often does its reading repeat?
        var agree = 1
        for block in 1..<Self.blocks {
          let again = try runExperiment(
            file: file, paper: paper, stop: stop, log: log, block: block)
          if again.verdict == outcome.verdict { agree += 1 }
        }
        outcome.stability = (agree, Self.blocks)
      }
      outcomes.append(outcome)
      log(
        "\(outcome.experiment.id) (\(outcome.world)): \(outcome.verdict) "
          + outcome.results.map {
            "[\($0.test.name): \(format($0.estimate.value)) "
              + "(\(format($0.estimate.lower)), \(format($0.estimate.upper)))]"
          }.joined(separator: " "))
    }
    Holm.adjust(&outcomes)
    for o in outcomes.indices {
      guard let (agree, blocks) = outcomes[o].stability, 5 * agree < 4 * blocks else { continue }
      let unstable = Verdict.inconclusive(
        "unstable: \(agree) of \(blocks) seed blocks read \(outcomes[o].verdict)")
      outcomes[o].verdict.emergent = unstable
      outcomes[o].adjusted.emergent = unstable
    }
    var spaces: [SpaceOutcome] = []
    for file in try spaceFiles(of: paper) {
      let o = try SpaceAnalysis.run(
        file: file, paper: paper, work: work, quick: quick, jobs: jobs, stop: stop, log: log)
      spaces.append(o)
      log(
        "\(o.space.proposition) space: "
          + o.shares.map { "\($0.kind) \(SpaceAnalysis.share($0.share))" }.joined(separator: ", ")
          + "; \(o.conditionsHolds); \(o.conditionsReversed)")
    }
    try write(paper: paper, outcomes: outcomes, spaces: spaces)
    try AtomicFile.write(record, to: "\(out)/\(paper)/preregistration.csv")
    return outcomes
  }

  /// The space files of `paper` (`<paper>/space/*.yaml`), by proposition; none when the
  /// folder is absent.
  func spaceFiles(of paper: String) throws -> [String] {
    let directory = "\(configs)/\(paper)/space"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return []
    }
    func key(_ name: String) -> (Int, String) {
      (Int(name.dropFirst().prefix { $0.isNumber }) ?? .max, name)
    }
    return names.filter { $0.hasSuffix(".yaml") }.sorted { key($0) < key($1) }.map {
      "\(directory)/\($0)"
    }
  }

  /// Runs (or resumes) one experiment file on seed block `block` (0: the declared seed)
  /// and evaluates it.
  func runExperiment(
    file: String, paper: String, stop: StopSignal, log: @Sendable (String) -> Void,
    block: Int = 0
  ) throws -> Outcome {
    var spec = try SweepSpec.load(path: file)
    let text = try InputText.read(path: file)
    let node = try ConfigLoader.compose(yaml: text, path: file)
    let experiment = try ConfigLoader.decode(ExperimentFile.self, from: node, path: file).experiment
    var sweepText = text
    if experiment.deterministic {
      // Two replicates show that the seed does not matter; one value per point is used.
      spec.replicates = 2
      sweepText += "\n# accord reproduce: deterministic, replicates 2\n"
    } else if quick {
      // The pilot's seeds come after the confirmatory run's: run seeds are a bijection of
      // (base + run index), so starting past the full run's last index makes the two
      // seed blocks disjoint by construction.
      let confirmatory = UInt64(spec.runCount)
      spec.replicates = experiment.quickReplicates
      spec.seed = UInt32(
        (UInt64(spec.seed) + UInt64(Self.blocks) * confirmatory) % UInt64(UInt32.max))
      sweepText +=
        "\n# accord reproduce --quick: replicates \(experiment.quickReplicates), "
        + "seed block after the full run's (base seed \(spec.seed))\n"
    }
    if block > 0 {
      spec.seed = UInt32(
        (UInt64(spec.seed) + UInt64(block) * UInt64(spec.runCount)) % UInt64(UInt32.max))
      sweepText +=
        "\n# accord reproduce: confirmatory seed block \(block) (base seed \(spec.seed))\n"
    }
    let directory =
      "\(work)/\(paper)/\(experiment.id)-\(quick ? "quick" : "full")\(block > 0 ? "-b\(block)" : "")"
    let exists = FileManager.default.fileExists(atPath: "\(directory)/sweep.sqlite")
    let store = try SweepStore.open(
      for: spec, sweepText: sweepText, directory: directory, resume: exists)
    let started = Date()
    let outcome = try SweepRunner.run(spec: spec, store: store, jobs: jobs, stop: stop) { _, _ in }
    if outcome.stopped { throw Stopped() }
    log(
      "\(experiment.id): \(spec.runCount) runs (\(outcome.skipped) reused) in "
        + String(format: "%.1f s", Date().timeIntervalSince(started)))
    let table = try RunTable(directory: directory)
    let exact = experiment.deterministic
    if exact {
      for test in experiment.tests + experiment.manipulation {
        try table.requireDeterministic(metric: test.metric, file: file)
      }
    }
    let tolerance = experiment.tolerance
    let checks = try experiment.manipulation.map {
      try Evaluation.run($0, on: table, exact: exact, tolerance: tolerance)
    }
    var results = try experiment.tests.map {
      try Evaluation.run($0, on: table, exact: exact, tolerance: tolerance)
    }
    for i in results.indices {
      let names = results[i].test.checks ?? experiment.manipulation.map(\.name)
      guard !names.isEmpty else { continue }
      let failed = checks.filter { names.contains($0.test.name) && $0.verdict != .holds }
      results[i].manipulation = failed.isEmpty ? .passed : .failed
      if !failed.isEmpty {
        results[i].verdict = .inconclusive(
          "manipulation check failed: " + failed.map(\.test.name).joined(separator: ", "))
        results[i].adjusted = results[i].verdict
      }
    }
    let verdict = Reading.of(results.map { ($0.test.evidence, $0.verdict) })
    let world = URL(fileURLWithPath: spec.basePath).deletingPathExtension().lastPathComponent
    return Outcome(
      file: file, experiment: experiment, spec: spec, results: results, checks: checks,
      verdict: verdict, adjusted: verdict, runs: spec.runCount, world: world,
      directory: directory)
  }

  /// The report folder of a paper: README.md, verdicts.csv, figures/ and data/.
  func write(paper: String, outcomes: [Outcome], spaces: [SpaceOutcome] = []) throws {
    let folder = "\(out)/\(paper)"
    for sub in ["figures", "data"] {
      try FileManager.default.createDirectory(
        atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
    }
    for outcome in outcomes {
      let e = outcome.experiment
      let table = try RunTable(directory: outcome.directory)
      let caption =
        e.figure.kind == .regime
        ? "\(e.id) (world \(outcome.world)). The verdict of '\(e.figure.test ?? "")' in each "
          + (e.deterministic
            ? "cell, from exact values (deterministic runs). "
            : "cell over \(outcome.spec.replicates) replicates per point; base seed "
              + "\(outcome.spec.seed). ") + "Verdict: \(outcome.verdict)."
        : e.deterministic
          ? "\(e.id) (world \(outcome.world)). Exact values (deterministic runs). "
            + "Verdict: \(outcome.verdict)."
          : "\(e.id) (world \(outcome.world)). Means with 95% intervals over "
            + "\(outcome.spec.replicates) replicates per point; base seed \(outcome.spec.seed). "
            + "Verdict: \(outcome.verdict)."
      let svg: String
      let csv: String
      if let name = e.figure.test, let test = e.tests.first(where: { $0.name == name }) {
        (svg, csv) = try FigureBuilder.regime(
          e.figure, test: test, from: table, caption: caption, exact: e.deterministic,
          tolerance: e.tolerance)
      } else {
        // The footer names the interval, by the convention summarize and plot share.
        let data = try FigureBuilder.data(e.figure, from: table)
        let intervals =
          e.deterministic
          ? "" : " Intervals: \(data.method.phrase) (\(MeanInterval.convention))."
        svg = FigureBuilder.render(e.figure, data, caption: caption + intervals)
        csv = data.csv
      }
      try AtomicFile.write(svg, to: "\(folder)/figures/\(e.id).svg")
      try AtomicFile.write(csv, to: "\(folder)/data/\(e.id).csv")
    }
    var verdicts =
      "id,proposition,world,verdict,adjusted_proposition_verdict,test,statistic,estimate,"
      + "ci95_lower,ci95_upper,n,p_value,min_effect,manipulation,test_verdict,adjusted_verdict,"
      + "kind,direction,clauses,stability,"
      + SpaceAnalysis.shareColumns.joined(separator: ",") + "\n"
    for o in outcomes {
      for r in o.results {
        let e = r.estimate
        let interval: [String] =
          e.isExact ? ["", "", ""] : ["\(e.lower)", "\(e.upper)", "\(e.n)"]
        let stability = o.stability.map { "\(Double($0.agree) / Double($0.blocks))" } ?? ""
        var fields: [String] = [
          o.experiment.id, o.experiment.proposition, o.world, o.verdict.description,
          o.adjusted.description, r.test.name, r.statisticName, "\(e.value)",
        ]
        fields += interval
        fields += [
          r.pValue.map { "\($0)" } ?? "",
          r.test.minEffect.isFinite ? "\(r.test.minEffect)" : "", r.manipulation.rawValue,
          r.verdict.description, r.adjusted.description,
          r.test.evidence?.rawValue ?? "", r.direction, r.test.clause ?? "", stability,
        ]
        fields += SpaceAnalysis.shareFields(spaces, proposition: o.experiment.proposition)
        verdicts += fields.map(CSV.field).joined(separator: ",") + "\n"
      }
    }
    try AtomicFile.write(verdicts, to: "\(folder)/verdicts.csv")
    try SpaceAnalysis.write(spaces, folder: folder)
    try AtomicFile.write(
      PaperReport(
        paper: paper, outcomes: outcomes, quick: quick, configs: configs, spaces: spaces,
        uncovered: uncoveredPropositions(outcomes: outcomes, spaces: spaces)
      ).markdown,
      to: "\(folder)/README.md")
  }
}

extension Reproduction {
  /// The propositions with experiments but no sampled-world space, in order.
  func uncoveredPropositions(outcomes: [Outcome], spaces: [SpaceOutcome]) -> [String] {
    let covered = Set(spaces.map(\.space.proposition))
    var seen: [String] = []
    for o in outcomes where !covered.contains(o.experiment.proposition) {
      if !seen.contains(o.experiment.proposition) { seen.append(o.experiment.proposition) }
    }
    return seen
  }
}

/// The reproduction was interrupted (Ctrl-C): the finished runs are in the stores, and
/// the same command resumes.
package struct Stopped: Error, CustomStringConvertible, Sendable {
  package var description: String { "stopped; rerun the same command to resume" }
}

/// The `experiment:` section of a sweep file; the sweep keys are read by ``SweepSpec``.
struct ExperimentFile: Decodable {
  var experiment: Experiment

  enum Keys: String, CodingKey { case experiment }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Keys.self)
    guard c.contains(.experiment) else {
      throw ConfigIssue(
        path: [],
        message: "missing required key 'experiment' (the declared test of a paper experiment)")
    }
    experiment = try c.decode(Experiment.self, forKey: .experiment)
  }
}
