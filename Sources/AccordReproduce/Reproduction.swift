import AccordConfig
import AccordIO
import AccordModel
import AccordSweep
import Foundation

/// One paper's experiments: their sweeps run through the sweep engine, their declared
/// statistics evaluated, and a report with figures written.
public struct Reproduction: Sendable {
  /// The papers, with the folder of their experiment files under `Configs/papers/`.
  public static let papers = [
    (
      "sebenius",
      "Sebenius (1992), Challenging conventional explanations of international cooperation"
    ),
    ("mayer", "Mayer (1992), Managing domestic differences in international negotiations"),
  ]

  /// The outcome of one experiment.
  public struct Outcome {
    public var file: String
    public var experiment: Experiment
    public var spec: SweepSpec
    public var results: [TestResult]
    public var verdict: Verdict
    public var runs: Int
    /// The experiment's sweep store.
    public var directory: String
  }

  public var configs: String
  public var out: String
  public var work: String
  public var quick: Bool
  public var jobs: Int

  public init(configs: String, out: String, work: String, quick: Bool, jobs: Int) {
    self.configs = configs
    self.out = out
    self.work = work
    self.quick = quick
    self.jobs = jobs
  }

  /// The experiment files of `paper`, in proposition order (S1, S2, ..., S10).
  public func files(of paper: String) throws -> [String] {
    let directory = "\(configs)/\(paper)"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw AnalysisError("\(directory): no such folder of experiments")
    }
    return names.filter { $0.hasSuffix(".yaml") }.sorted {
      ($0.count, $0) < ($1.count, $1)
    }.map { "\(directory)/\($0)" }
  }

  /// Runs (or resumes) and evaluates every experiment of `paper`, then writes its report.
  public func run(
    paper: String, stop: StopSignal, log: @Sendable (String) -> Void
  ) throws -> [Outcome] {
    var outcomes: [Outcome] = []
    for file in try files(of: paper) {
      let outcome = try runExperiment(file: file, paper: paper, stop: stop, log: log)
      outcomes.append(outcome)
      log(
        "\(outcome.experiment.id): \(outcome.verdict) "
          + outcome.results.map {
            "[\($0.test.name): \(format($0.estimate.value)) "
              + "(\(format($0.estimate.lower)), \(format($0.estimate.upper)))]"
          }.joined(separator: " "))
    }
    try write(paper: paper, outcomes: outcomes)
    return outcomes
  }

  func runExperiment(
    file: String, paper: String, stop: StopSignal, log: @Sendable (String) -> Void
  ) throws -> Outcome {
    var spec = try SweepSpec.load(path: file)
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let node = try ConfigLoader.compose(yaml: text, path: file)
    let experiment = try ConfigLoader.decode(ExperimentFile.self, from: node, path: file).experiment
    var sweepText = text
    if quick {
      spec.replicates = experiment.quickReplicates
      sweepText += "\n# accord reproduce --quick: replicates \(experiment.quickReplicates)\n"
    }
    let directory = "\(work)/\(paper)/\(experiment.id)-\(quick ? "quick" : "full")"
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
    let results = try experiment.tests.map { try Evaluation.run($0, on: table) }
    return Outcome(
      file: file, experiment: experiment, spec: spec, results: results,
      verdict: Verdict.combine(results.map(\.verdict)), runs: spec.runCount,
      directory: directory)
  }

  /// The report folder of a paper: README.md, verdicts.csv, figures/ and data/.
  func write(paper: String, outcomes: [Outcome]) throws {
    let folder = "\(out)/\(paper)"
    for sub in ["figures", "data"] {
      try FileManager.default.createDirectory(
        atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
    }
    for outcome in outcomes {
      let e = outcome.experiment
      let table = try RunTable(directory: outcome.directory)
      let caption =
        "\(e.id). Means with 95% intervals over \(outcome.spec.replicates) replicates per point; "
        + "base seed \(outcome.spec.seed). Verdict: \(outcome.verdict)."
      let (svg, csv) = try FigureBuilder.build(e.figure, from: table, caption: caption)
      try AtomicFile.write(svg, to: "\(folder)/figures/\(e.id).svg")
      try AtomicFile.write(csv, to: "\(folder)/data/\(e.id).csv")
    }
    var verdicts = "id,verdict,test,statistic,estimate,ci95_lower,ci95_upper,n,test_verdict\n"
    for o in outcomes {
      for r in o.results {
        verdicts +=
          [
            o.experiment.id, o.verdict.description, r.test.name, r.statisticName,
            "\(r.estimate.value)", "\(r.estimate.lower)", "\(r.estimate.upper)", "\(r.estimate.n)",
            r.verdict.description,
          ].map(CSV.field).joined(separator: ",") + "\n"
      }
    }
    try AtomicFile.write(verdicts, to: "\(folder)/verdicts.csv")
    try AtomicFile.write(
      PaperReport(paper: paper, outcomes: outcomes, quick: quick, configs: configs).markdown,
      to: "\(folder)/README.md")
  }
}

/// The reproduction was interrupted (Ctrl-C): the finished runs are in the stores, and
/// the same command resumes.
public struct Stopped: Error, CustomStringConvertible, Sendable {
  public var description: String { "stopped; rerun the same command to resume" }
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
