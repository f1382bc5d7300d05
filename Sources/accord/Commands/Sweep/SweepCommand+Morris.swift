import AccordIO
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep morris DIR`: elementary-effects screening of a Morris sweep.
  struct Morris: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Morris screening (mu, mu*, sigma per factor) of a design: morris sweep, as CSV.",
      discussion: """
        mu* ranks the factors by importance; a sigma comparable to mu* marks non-linear \
        effects or interactions. Effects are per factor range. Run it before Sobol on \
        models with many factors, and keep the factors with a large mu*.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @OptionGroup var metric: AnalysisMetricOption

    @OptionGroup var missing: MissingOptions

    @OptionGroup var output: TableOutputOptions

    func run() throws {
      try output.check(directory: directory)
      try SweepHealth.check(directory: directory)
      let metric = self.metric.resolved(directory: directory)
      let (result, missingRuns) = try MorrisIndices.fromStore(
        directory: directory, metric: metric, missing: missing.policy)
      missing.note(count: missingRuns)
      func f(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
      try output.write(
        header: ["factor", "mu", "mu_star", "mu_star_conf", "sigma", "effects"],
        rows: result.factors.map {
          [
            CSV.field($0.name), f($0.mu), f($0.muStar), f($0.muStarConf), f($0.sigma),
            "\($0.effects)",
          ]
        })
    }
  }
}
