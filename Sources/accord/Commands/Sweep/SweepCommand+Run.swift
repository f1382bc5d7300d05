import AccordConfig
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep run SWEEP`: every run of the sweep into `DIR/sweep.sqlite`.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a sweep on all cores into DIR/sweep.sqlite; each run is committed whole.",
      discussion: """
        Ctrl-C, SIGTERM (Slurm's time limit) and SIGHUP stop cleanly within a second: \
        finished runs are committed whole, runs in flight end at their current step \
        unrecorded (a run still building its world is dropped), the exit status is \
        128 + the signal (130, 143, 129), and --resume \
        completes the sweep later with every run present exactly once. A run that fails is \
        recorded with its message and seed and the sweep goes on; --resume skips failed \
        runs unless --retry-failed, and reruns damaged ones (see `sweep verify`). One \
        process at a time writes a store. With --shard K/N only the K-th of N contiguous \
        blocks of runs is run, so N machines can share a sweep.
        """)

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(help: "Output directory (default: runs/<sweep name>).")
    var out: String?

    @Flag(help: "Continue a stopped sweep in --out.")
    var resume = false

    @Flag(help: "With --resume, run the failed runs again too.")
    var retryFailed = false

    @Option(
      help: ArgumentHelp(
        "Run only shard K of N (K from 0) into --out; merge the shards with `sweep merge`.",
        valueName: "K/N"))
    var shard: String?

    @OptionGroup var disk: DiskOptions

    func run() throws {
      // A signal before the workers start (reading the sweep, building its base world,
      // opening the store, which is created and rebuilt under temporary names) ends the
      // command at once; once they start, it stops them cleanly.
      let interrupt = Interrupt(
        message: "stopping: ending the runs in flight (resume with --resume)")
      let spec = try SweepSpec.load(path: sweep)
      let plan = try SweepPlan.make(spec)
      try plan.checkDisk(spec, limit: try disk.limit())
      let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
      guard jobs >= 1, jobs <= 1024 else {
        throw InputError("--jobs: \(jobs) is out of range; allowed: [1, 1024]")
      }
      var part = Shard.whole
      if let shard {
        guard let parsed = Shard(shard) else {
          throw InputError(
            "--shard: '\(shard)' is not a shard; allowed: K/N with 1 <= N <= \(Shard.maxCount) "
              + "and 0 <= K <= N-1 (e.g. --shard 0/4)")
        }
        guard parsed.count <= plan.runs else {
          throw InputError(
            "--shard: \(shard) cuts a sweep of \(plan.runs) runs into more shards than runs; "
              + "allowed N: [1, \(plan.runs)]")
        }
        part = parsed
      }
      let directory =
        out ?? "runs/" + URL(fileURLWithPath: sweep).deletingPathExtension().lastPathComponent
      try OutputGuard.check(
        "--out", outputs: [directory] + OutputGuard.storeFiles(directory).dropFirst(),
        inputs: [sweep] + (spec.model.kind.simulatesWorld ? [spec.basePath] : []), force: true)
      if retryFailed && !resume {
        throw InputError("--retry-failed: goes with --resume (a new sweep has no failed runs)")
      }
      let stop = interrupt.stop
      let store = try SweepStore.open(
        for: spec, sweepText: try SweepSpec.text(of: sweep),
        directory: directory, resume: resume, shard: part)
      if let salvage = store.salvage {
        FileHandle.standardError.write(
          Data(
            ("\(store.path): SQLite found the store damaged; rebuilt it from the \(salvage.kept) "
              + "intact runs (\(salvage.lost.count) runs lost and to run again; the damaged file "
              + "is kept as \(salvage.damagedCopy))\n").utf8))
      }
      if resume {
        let damaged = try store.repair()
        if !damaged.isEmpty {
          FileHandle.standardError.write(
            Data(
              ("\(store.path): \(damaged.count) damaged runs removed, to run again: "
                + SweepMerge.list(damaged.map { "run \($0)" }) + "\n").utf8))
        }
      }
      let reporter = ProgressReporter(terminal: isatty(STDERR_FILENO) != 0)
      interrupt.proceed()
      let outcome = try SweepRunner.run(
        spec: spec, store: store, jobs: jobs, stop: stop, retryFailed: retryFailed,
        abandon: {
          // Only workers building a world were left: nothing of theirs to save.
          FileHandle.standardError.write(
            Data(
              ("\nstopped while building a run's world (nothing of it to save); --resume "
                + "runs what is missing\n").utf8))
          _exit(stop.exitStatus)
        },
        progress: { done, total in reporter.report(done: done, total: total) })
      reporter.finish()
      print(
        "\(outcome.stopped ? "stopped" : "done"): \(outcome.ran) runs this time, \(outcome.skipped) already in "
          + "\(store.path)")
      if outcome.failed > 0 {
        FileHandle.standardError.write(
          Data(
            ("warning: \(outcome.failed) runs failed this time; `accord sweep status \(directory)` "
              + "lists them (--resume --retry-failed runs them again)\n").utf8))
      }
      withExtendedLifetime(interrupt) {}
      if outcome.stopped { throw ExitCode(interrupt.exitStatus) }
    }
  }
}
