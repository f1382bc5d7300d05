import AccordSweep
import ArgumentParser

extension SweepCommand {
  /// `accord sweep merge DIR... --out DIR`: shard stores into one.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Merge the stores of a sharded sweep into one store.",
      discussion: """
        The shards must come from the same sweep file, base config and accord version, and \
        hold every run exactly once together; otherwise the merge names the missing or \
        duplicated runs and writes nothing.
        """)

    @Argument(help: "The shards' output directories.")
    var shards: [String]

    @Option(help: "Directory of the merged store.")
    var out: String

    func run() throws {
      guard !shards.isEmpty else { throw InputError("sweep merge: give the shard directories") }
      try OutputGuard.check(
        "--out", outputs: OutputGuard.storeFiles(out),
        inputs: shards.flatMap(OutputGuard.storeFiles),
        force: true)
      let report = try SweepMerge.merge(directories: shards, into: out)
      print("merged \(report.shards) shards, \(report.runs) runs, into \(report.path)")
    }
  }
}
