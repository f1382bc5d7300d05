import AccordSweep
import ArgumentParser

/// `--metric` of the analyses of one metric (`sweep sobol`, `sweep morris`).
struct AnalysisMetricOption: ParsableArguments {
  @Option(
    help:
      "The metric: a column of the runs table or an SQL expression (default: efficiency; y for model ishigami)."
  )
  var metric: String?

  /// The metric asked for, or the default of the store's model.
  func resolved(directory: String) -> String {
    if let metric { return metric }
    let model = (try? SweepStore.meta(directory: directory, key: "model")) ?? "accord"
    return model == "ishigami" ? "y" : "efficiency"
  }
}
