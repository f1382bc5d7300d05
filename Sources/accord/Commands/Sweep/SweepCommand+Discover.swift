import AccordIO
import AccordPlot
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep discover DIR --where CONDITION`: PRIM scenario discovery.
  struct Discover: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find the box of factor values where a condition on the runs holds (PRIM).",
      discussion: """
        --where is an SQL condition over the runs table (e.g. 'agreement_step IS NULL'). \
        PRIM peels and then pastes as the EMA workbench does; numeric, integer and \
        categorical factors are all box dimensions. Prints the trajectory (coverage against \
        density), the chosen box and why it was chosen, and each restricted factor's limits \
        with their quasi-p-values. Writes FILE.csv (one row per box), FILE-limits.csv \
        (every box's limits, one row per box and factor) and FILE.svg (the trade-off). \
        --box N inspects and selects box N of the trajectory.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @Option(name: .customLong("where"), help: "The condition: an SQL expression over runs.")
    var condition: String

    @Option(help: "Share of the box's runs peeled per step (the workbench's peel_alpha).")
    var alpha = 0.05

    @Option(help: "Share of the runs next to the box pasted per step (paste_alpha).")
    var pasteAlpha = 0.05

    @Flag(inversion: .prefixedNo, help: "Paste the peeled box (as the workbench does).")
    var paste = true

    @Option(help: "Stop peeling below this share of all runs (mass_min).")
    var minMass = 0.05

    @Option(help: "Density a box must reach to count as found.")
    var threshold = 0.8

    @Option(help: "Select box N of the trajectory instead of the default choice.")
    var box: Int?

    @Option(help: "Files to write: FILE.csv, FILE-limits.csv and FILE.svg (default: DIR/discover).")
    var out: String?

    func run() throws {
      for (flag, value, range) in [
        ("--alpha", alpha, 0.001...0.5), ("--paste-alpha", pasteAlpha, 0.001...0.5),
        ("--min-mass", minMass, 0.0...1.0), ("--threshold", threshold, 0.0...1.0),
      ] where !range.contains(value) {
        throw InputError(
          "\(flag): \(value) is out of range; allowed: [\(range.lowerBound), \(range.upperBound)]")
      }
      if let box, box < 0 { throw InputError("--box: \(box) is out of range; allowed: 0 or more") }
      let written = out ?? "\(directory)/discover"
      try OutputGuard.check(
        "--out", outputs: [written + ".csv", written + "-limits.csv", written + ".svg"],
        inputs: OutputGuard.storeFiles(directory))
      try SweepHealth.check(directory: directory)
      var settings = Prim.Settings()
      settings.peelAlpha = alpha
      settings.pasteAlpha = pasteAlpha
      settings.paste = paste
      settings.minMass = minMass
      settings.threshold = threshold
      let prim = try Prim.fromStore(
        directory: directory, condition: condition, settings: settings, box: box)
      let report = PrimReport(prim: prim)
      print(report.text)
      let stem = out ?? "\(directory)/discover"
      let chosen = prim.trajectory[prim.chosen]
      var chart = TradeoffChart(
        title: "PRIM trade-off: \(condition)",
        caption: "PRIM as the EMA workbench (peel alpha \(alpha), paste alpha "
          + "\(paste ? "\(pasteAlpha)" : "off"), minimum mass \(minMass)); \(report.reason); "
          + "\(directory).",
        boxes: prim.trajectory.enumerated().map {
          .init(
            index: $0.offset, coverage: $0.element.coverage, density: $0.element.density,
            restricted: $0.element.restrictedCount)
        }, threshold: threshold, chosen: prim.chosen,
        chosenLabel: "box \(prim.chosen)\(prim.found ? "" : " (below threshold)"): density "
          + String(format: "%.3f", chosen.density))
      chart.style = FigureStyle(valueRange: 0...1)
      try AtomicFile.write(report.trajectoryCSV, to: stem + ".csv")
      try AtomicFile.write(report.limitsCSV, to: stem + "-limits.csv")
      try AtomicFile.write(chart.svg, to: stem + ".svg")
      print("wrote \(stem).csv, \(stem)-limits.csv and \(stem).svg")
    }
  }
}
