import AccordConfig
import AccordSweep
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// `accord sweep ...`: parameter sweeps.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Parameter sweeps: plan, run (in parallel, resumable) and status.",
    subcommands: [Plan.self, Run.self, Status.self, Summarize.self, Sobol.self])

  /// `accord sweep plan SWEEP`: counts and checks, without running anything.
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a sweep file and print its points, runs, seeds and estimated disk use.")

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    func run() throws {
      let spec = try SweepSpec.load(path: sweep)
      let plan = try SweepPlan.make(spec)
      try plan.checkDisk(spec)
      print(
        "sweep \(sweep): "
          + (spec.model == .accord ? "base \(spec.basePath)" : "model \(spec.model.rawValue)"))
      print(
        "design \(spec.design.rawValue): \(plan.points) points x \(spec.replicates) replicates = \(plan.runs) runs"
      )
      for f in spec.factors {
        let values: String
        switch f.values {
        case .levels(let v):
          values =
            v.count <= 8
            ? v.map { "\($0)" }.joined(separator: ", ")
            : "\(v.count) levels from \(v[0]) to \(v[v.count - 1])"
        case .bounds(let lo, let hi): values = "[\(lo), \(hi))" + (f.integer ? ", rounded" : "")
        }
        print("  \(f.path): \(values)")
      }
      print(
        "seeds: a bijection of the run index from base seed \(spec.seed): run 0 -> \(RunSeeds.seed(base: spec.seed, run: 0)), "
          + "run \(plan.runs - 1) -> \(RunSeeds.seed(base: spec.seed, run: plan.runs - 1))")
      let free = plan.freeBytes.map { ", \(SweepPlan.human($0)) free" } ?? ""
      print(
        "keep \(spec.keep.rawValue): about \(SweepPlan.human(plan.estimatedBytes)) on disk\(free)")
    }
  }

  /// `accord sweep run SWEEP`: every run of the sweep into `DIR/sweep.sqlite`.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a sweep on all cores into DIR/sweep.sqlite, one transaction per run.",
      discussion: """
        Ctrl-C stops cleanly: runs in flight are committed whole, and --resume completes \
        the sweep later with every run present exactly once.
        """)

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(help: "Output directory (default: runs/<sweep name>).")
    var out: String?

    @Flag(help: "Continue a stopped sweep in --out.")
    var resume = false

    func run() throws {
      let spec = try SweepSpec.load(path: sweep)
      let plan = try SweepPlan.make(spec)
      try plan.checkDisk(spec)
      let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
      guard jobs >= 1, jobs <= 1024 else {
        throw InputError("--jobs: \(jobs) is out of range; allowed: [1, 1024]")
      }
      let directory =
        out ?? "runs/" + URL(fileURLWithPath: sweep).deletingPathExtension().lastPathComponent
      var nations: [String] = []
      var issues = 1
      var baseText = ""
      if spec.model == .accord {
        let loaded = try ConfigLoader.load(node: spec.base, path: spec.basePath)
        nations = loaded.world.nations.map(\.name)
        issues = loaded.world.parameters.issues
        baseText = try String(contentsOfFile: spec.basePath, encoding: .utf8)
      }
      let store = try SweepStore.open(
        directory: directory, spec: spec,
        sweepText: try String(contentsOfFile: sweep, encoding: .utf8), baseText: baseText,
        nations: nations, issues: issues, resume: resume)
      let stop = StopSignal()
      signal(SIGINT, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      source.setEventHandler {
        stop.raise()
        FileHandle.standardError.write(
          Data("\nstopping: finishing the runs in flight (resume with --resume)\n".utf8))
      }
      source.resume()
      let reporter = ProgressReporter(terminal: isatty(STDERR_FILENO) != 0)
      let outcome = try SweepRunner.run(spec: spec, store: store, jobs: jobs, stop: stop) {
        done, total in
        reporter.report(done: done, total: total)
      }
      reporter.finish()
      print(
        "\(outcome.stopped ? "stopped" : "done"): \(outcome.ran) runs this time, \(outcome.skipped) already in "
          + "\(store.path)")
      if outcome.stopped { throw ExitCode(130) }
    }
  }

  /// `accord sweep summarize DIR`: replicate statistics per design point.
  struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Mean, sd and 95% interval of each metric per design point, as tidy CSV.",
      discussion: """
        With --width W, also how many replicates a 95% interval of total width W would need \
        at each point (from the sd observed there).
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @Option(help: "Target total width of the 95% interval.")
    var width: Double?

    func run() throws {
      if let width, !(width > 0) {
        throw InputError("--width: \(width) is out of range; allowed: (0, inf)")
      }
      let (factors, points, stats) = try ReplicateStatistic.summarize(
        directory: directory, width: width)
      var header = ["point"] + factors + ["metric", "n", "mean", "sd", "ci95_lower", "ci95_upper"]
      if width != nil { header.append("replicates_for_width") }
      print(header.joined(separator: ","))
      func f(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
      for s in stats {
        var row =
          ["\(s.point)"] + (points[s.point] ?? []).map(f) + [
            s.metric, "\(s.n)", f(s.mean), f(s.sd), f(s.lower), f(s.upper),
          ]
        if width != nil { row.append(s.replicatesForWidth.map(String.init) ?? "") }
        print(row.joined(separator: ","))
      }
    }
  }

  /// `accord sweep sobol DIR`: Sobol sensitivity indices of a Saltelli sweep.
  struct Sobol: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "First-order and total Sobol indices, with bootstrap 95% intervals, as CSV.",
      discussion: """
        Needs a sweep with design: saltelli. Replicates are averaged per design point; the \
        share of variance that is seed noise is reported apart from the parameter effects.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @Option(help: "The metric to analyse (default: efficiency; y for model ishigami).")
    var metric: String?

    @Option(help: "Bootstrap resamples.")
    var bootstrap = 1000

    @Option(help: "Seed of the bootstrap.")
    var seed = 1

    func run() throws {
      guard bootstrap >= 0, bootstrap <= 1_000_000 else {
        throw InputError("--bootstrap: \(bootstrap) is out of range; allowed: [0, 1000000]")
      }
      guard seed >= 0, seed <= Int(WorldConfig.maxSeed) else {
        throw InputError("--seed: \(seed) is out of range; allowed: [0, \(WorldConfig.maxSeed)]")
      }
      let model = (try? SweepStore.meta(directory: directory, key: "model")) ?? "accord"
      let metric = self.metric ?? (model == "ishigami" ? "y" : "efficiency")
      let result = try SobolIndices.fromStore(
        directory: directory, metric: metric, bootstrap: bootstrap, seed: UInt32(seed))
      print("factor,index,value,ci95_lower,ci95_upper")
      func f(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
      for (i, name) in result.factors.enumerated() {
        for (label, e) in [
          ("first_order", result.indices.firstOrder[i]), ("total", result.indices.total[i]),
        ] {
          print("\(name),\(label),\(f(e.value)),\(f(e.lower)),\(f(e.upper))")
        }
      }
      if let noise = result.seedNoise {
        FileHandle.standardError.write(
          Data(
            "seed noise: \(String(format: "%.1f", 100 * noise))% of the variance of single runs\n"
              .utf8))
      }
    }
  }

  /// `accord sweep status DIR`.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how far a sweep in DIR has got.")

    @Argument(help: "The sweep's output directory.")
    var directory: String

    func run() throws {
      let path = "\(directory)/sweep.sqlite"
      guard FileManager.default.fileExists(atPath: path) else {
        throw InputError("\(path): no sweep store here")
      }
      let (done, total) = try SweepStore.progress(path: path)
      print("\(done) of \(total) runs done (\(total == 0 ? 0 : 100 * done / total)%)")
    }
  }
}

/// Progress on a terminal (one updating line), or a plain line every few seconds.
final class ProgressReporter: Sendable {
  private let terminal: Bool
  private let state = Mutex((start: Date(), last: Date.distantPast, done: 0, total: 0))

  init(terminal: Bool) { self.terminal = terminal }

  func report(done: Int, total: Int) {
    let line: String? = state.withLock { s in
      s.done = done
      s.total = total
      let now = Date()
      guard now.timeIntervalSince(s.last) >= (terminal ? 0.2 : 5) || done == total else {
        return nil
      }
      s.last = now
      let elapsed = max(now.timeIntervalSince(s.start), 1e-9)
      let rate = Double(done) / elapsed
      let left = rate > 0 ? Double(total - done) / rate : 0
      let width = 30
      let filled = total > 0 ? width * done / total : 0
      let bar =
        String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      return String(
        format: "[%@] %d/%d runs, %.1f runs/s, %.0f s left", bar, done, total, rate, left)
    }
    if let line {
      FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
    }
  }

  func finish() { if terminal { FileHandle.standardError.write(Data("\n".utf8)) } }
}
