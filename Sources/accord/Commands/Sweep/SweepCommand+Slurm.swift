import AccordIO
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep slurm SWEEP --shards N`: batch scripts for a Slurm cluster.
  struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write Slurm batch scripts: a job array over shards, then a merge job.",
      discussion: """
        Writes shards.sbatch, merge.sbatch, submit.sh and a README into --out. Submit with \
        `bash OUT/submit.sh`; the merged store lands in OUT/merged.
        """)

    @Argument(help: "The sweep file (YAML).")
    var sweep: String

    @Option(help: "How many shards (array tasks).")
    var shards: Int

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Time limit per task, [D-]HH:MM:SS.")
    var time = "01:00:00"

    @Option(help: "CPUs per array task; each shard uses them as workers.")
    var cpusPerTask = 1

    @Option(
      help: "Directory of scripts, shard stores and the merged store (default: slurm/<sweep name>)."
    )
    var out: String?

    @Option(help: "The accord executable on the cluster (default: this one).")
    var accord: String?

    func run() throws {
      let spec = try SweepSpec.load(path: sweep)
      let plan = try SweepPlan.make(spec)
      guard shards >= 1, shards <= min(plan.runs, Shard.maxCount) else {
        throw InputError(
          "--shards: \(shards) is out of range; allowed: [1, \(min(plan.runs, Shard.maxCount))] "
            + "for a sweep of \(plan.runs) runs")
      }
      guard cpusPerTask >= 1, cpusPerTask <= 1024 else {
        throw InputError("--cpus-per-task: \(cpusPerTask) is out of range; allowed: [1, 1024]")
      }
      guard SlurmJob.isTimeLimit(time) else {
        throw InputError("--time: '\(time)' is not a time limit; allowed: [D-]HH:MM:SS or MM:SS")
      }
      if let partition, partition.isEmpty || partition.contains(where: \.isWhitespace) {
        throw InputError("--partition: '\(partition)' is not a partition name")
      }
      let name = URL(fileURLWithPath: sweep).deletingPathExtension().lastPathComponent
      let directory = URL(fileURLWithPath: out ?? "slurm/\(name)").standardizedFileURL.path
      let executable =
        accord.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
      let job = SlurmJob(
        accord: executable, sweep: URL(fileURLWithPath: sweep).standardizedFileURL.path,
        out: directory, shards: shards, partition: partition, time: time,
        cpusPerTask: cpusPerTask, jobName: "accord-\(name)")
      try OutputGuard.check(
        "--out", outputs: [directory] + job.files.map { "\(directory)/\($0.name)" },
        inputs: [sweep], force: true)
      try FileManager.default.createDirectory(
        atPath: directory + "/logs", withIntermediateDirectories: true)
      for file in job.files {
        try AtomicFile.write(
          file.text, to: "\(directory)/\(file.name)", executable: file.executable)
      }
      print(
        "wrote \(job.files.map(\.name).joined(separator: ", ")) into \(directory): "
          + "\(shards) shards of about \(plan.runs / shards) runs; submit with: bash \(directory)/submit.sh"
      )
    }
  }
}
