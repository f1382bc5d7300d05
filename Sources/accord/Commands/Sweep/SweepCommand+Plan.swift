import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep plan SWEEP`: counts and checks, without running anything.
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a sweep file and print its points, runs, seeds and estimated disk use.")

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    @OptionGroup var disk: DiskOptions

    func run() throws {
      let spec = try SweepSpec.load(path: sweep)
      let plan = try SweepPlan.make(spec)
      try plan.checkDisk(spec, limit: try disk.limit())
      print(
        "sweep \(sweep): "
          + (spec.model == .accord ? "base \(spec.basePath)" : "model \(spec.model.rawValue)"))
      print(
        "design \(spec.design.rawValue): \(plan.points) points x \(spec.replicates) replicates = \(plan.runs) runs"
      )
      for f in spec.factors {
        let values: String
        switch f.values {
        case .levels where f.labels != nil: values = f.labels?.joined(separator: ", ") ?? ""
        case .levels(let v):
          values =
            v.count <= 8
            ? v.map { "\($0)" }.joined(separator: ", ")
            : "\(v.count) levels from \(v[0]) to \(v[v.count - 1])"
        case .bounds(let lo, let hi):
          values =
            f.integer
            ? "the \(f.discreteCount ?? 0) whole numbers \(Int(lo)) to \(Int(hi)), equally likely"
            : "[\(lo), \(hi))"
        }
        let links = f.links.isEmpty ? "" : " -> " + f.links.map(\.text).joined(separator: ", ")
        print("  \(f.path): \(values)\(links)")
      }
      for d in spec.derived {
        print(
          "  derive \(d.path) = \(d.expression)"
            + (d.integer ? ", rounded (halves away from 0)" : ""))
      }
      if let pair = spec.pair {
        print(
          "seeds: common random numbers over \(pair): runs differing only in it share a seed, "
            + "a bijection of (point of the other factors, replicate) from base seed \(spec.seed): "
            + "run 0 -> \(spec.seed(run: 0)), run \(plan.runs - 1) -> \(spec.seed(run: plan.runs - 1))"
        )
      } else {
        print(
          "seeds: a bijection of the run index from base seed \(spec.seed): run 0 -> \(RunSeeds.seed(base: spec.seed, run: 0)), "
            + "run \(plan.runs - 1) -> \(RunSeeds.seed(base: spec.seed, run: plan.runs - 1))")
      }
      let free = plan.freeBytes.map { ", \(SweepPlan.human($0)) free" } ?? ""
      print(
        "keep \(spec.keep.rawValue): about \(SweepPlan.human(plan.estimatedBytes)) on disk\(free)")
      if plan.worldBytes > 0 {
        print(
          "memory: about \(SweepPlan.human(plan.worldBytes)) per worker (one base world each; "
            + "factors that add agents add to it)")
        // Time a few of the sweep's own runs, unless one run is expected to take long.
        if plan.runSeconds < 1, let timing = try? SweepTiming.measure(spec) {
          let cores = ProcessInfo.processInfo.activeProcessorCount
          let total = timing.perRun * Double(plan.runs)
          // The store's writes cost about a fifth of the run time, and starting the
          // command and creating the store about 0.1 s (measured on the shipped sweeps).
          let wall = 0.1 + 1.2 * total / Double(cores)
          print(
            "run time (estimate): \(timing.runs.count) of this sweep's runs, spread over the "
              + "design, took \(SweepPlan.duration(timing.perRun)) each in this build; "
              + "\(plan.runs) runs are about \(SweepPlan.duration(total)) of computing, so "
              + "about \(SweepPlan.duration(wall)) wall on \(cores) cores (sweep run's default; "
              + "with the store's writes, a fifth, and 0.1 s to start)")
        } else {
          print(
            "run time: about \(SweepPlan.duration(plan.runSeconds)) per run, "
              + "\(SweepPlan.duration(plan.runSeconds * Double(plan.runs))) in all on one worker "
              + "(\(SweepPlan.runTimeAssumption); not timed: a run is expected to take a second "
              + "or more)")
        }
      }
    }
  }
}
