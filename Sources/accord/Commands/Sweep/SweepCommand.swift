import ArgumentParser

/// `accord sweep ...`: parameter sweeps.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract:
      "Parameter sweeps: plan, run (in parallel, resumable, sharded), merge, status and analysis.",
    subcommands: [
      Plan.self, Run.self, Status.self, Verify.self, Merge.self, Slurm.self, Summarize.self,
      Sobol.self, Morris.self, Discover.self,
    ])
}
