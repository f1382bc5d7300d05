import AccordConfig
import AccordIO
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep sobol DIR`: Sobol sensitivity indices of a Saltelli sweep.
  struct Sobol: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "First-order, total and (second_order: true) second-order Sobol indices, with "
        + "bootstrap 95% intervals, as CSV.",
      discussion: """
        Needs a sweep with design: saltelli. Replicates are averaged per design point; the \
        share of variance that is seed noise is reported apart from the parameter effects. \
        --metric takes a column of the runs table or an SQL expression over it; runs without \
        a value follow --missing (drop leaves out the base points they break). A sweep with \
        second_order: true also gives second-order indices, one row per factor pair i < j \
        (factor "i:j", measure second_order).
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @OptionGroup var metric: AnalysisMetricOption

    @OptionGroup var missing: MissingOptions

    @OptionGroup var output: TableOutputOptions

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
      try output.check(directory: directory)
      try SweepHealth.check(directory: directory)
      let metric = self.metric.resolved(directory: directory)
      let result = try SobolIndices.fromStore(
        directory: directory, metric: metric, bootstrap: bootstrap, seed: UInt32(seed),
        missing: missing.policy)
      missing.note(count: result.missingRuns)
      if result.droppedBasePoints > 0 {
        FileHandle.standardError.write(
          Data(
            "dropped \(result.droppedBasePoints) base points without a value; \(result.basePoints) used\n"
              .utf8))
      }
      // `measure`, not `index`: df.index is pandas' row index.
      let header = ["factor", "measure", "value", "ci95_lower", "ci95_upper"]
      var rows: [[String]] = []
      func f(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
      for (i, name) in result.factors.enumerated() {
        for (label, e) in [
          ("first_order", result.indices.firstOrder[i]), ("total", result.indices.total[i]),
        ] {
          rows.append([CSV.field(name), label, f(e.value), f(e.lower), f(e.upper)])
        }
      }
      let pairs = SobolIndices.pairs(result.factors.count)
      for (p, e) in result.indices.secondOrder.enumerated() {
        let name = "\(result.factors[pairs[p].0]):\(result.factors[pairs[p].1])"
        rows.append([CSV.field(name), "second_order", f(e.value), f(e.lower), f(e.upper)])
      }
      try output.write(header: header, rows: rows)
      if let noise = result.seedNoise {
        FileHandle.standardError.write(
          Data(
            "seed noise: \(String(format: "%.1f", 100 * noise))% of the variance of single runs\n"
              .utf8))
      } else if let why = result.seedNoiseOmitted {
        FileHandle.standardError.write(Data("seed noise: not reported: \(why)\n".utf8))
      }
    }
  }
}
