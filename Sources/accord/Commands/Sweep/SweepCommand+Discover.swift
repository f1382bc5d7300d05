import AccordIO
import AccordPlot
import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep discover DIR --where CONDITION`: scenario discovery by PRIM or CART.
  struct Discover: ParsableCommand {
    /// The scenario-discovery methods.
    enum Method: String, ExpressibleByArgument, CaseIterable {
      case prim, cart
    }

    static let configuration = CommandConfiguration(
      abstract:
        "Find the boxes of factor values where a condition on the runs holds (PRIM or CART).",
      discussion: """
        --where is an SQL condition over the runs table (e.g. 'agreement_step IS NULL'). \
        PRIM peels and then pastes as the EMA workbench does; numeric, integer and \
        categorical factors are all box dimensions. Prints the trajectory (coverage against \
        density), the chosen box and why it was chosen, and each restricted factor's limits \
        with their quasi-p-values. Writes FILE.csv (one row per box), FILE-limits.csv \
        (every box's limits, one row per box and factor) and FILE.svg (the trade-off). \
        --box N inspects and selects box N of the trajectory. --method cart grows the \
        workbench's classification tree instead (Gini, --min-mass per leaf) and reports its \
        leaves as boxes: FILE.csv has one row per leaf, FILE-limits.csv every leaf's limits, \
        and the leaves whose density reaches --threshold are printed as conditions.
        """)

    @Option(help: "The method: prim (peeling and pasting) or cart (a classification tree).")
    var method: Method = .prim

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

    @Option(
      help: "Stop peeling below this share of all runs; with cart, the least per leaf (mass_min).")
    var minMass = 0.05

    @Option(help: "Density a box must reach to count as found.")
    var threshold = 0.8

    @Option(help: "Select box N of the PRIM trajectory instead of the default choice.")
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
      if method == .cart {
        guard box == nil else {
          throw InputError(
            "--box selects a box of PRIM's trajectory; with --method cart every leaf is listed")
        }
        guard minMass <= 0.5 else {
          throw InputError("--min-mass: \(minMass) is out of range for cart; allowed: [0.0, 0.5]")
        }
        try runCart(stem: written)
        return
      }
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

    /// CART: the tree's leaves, their limits and the trade-off of its leaves.
    func runCart(stem: String) throws {
      let cart = try Cart.fromStore(directory: directory, condition: condition, minMass: minMass)
      let report = CartReport(cart: cart, threshold: threshold)
      print(report.text)
      let chosen = report.found.first ?? report.densest
      var chart = TradeoffChart(
        title: "CART leaves: \(condition)",
        caption: "CART as the EMA workbench (Gini, at least \(minMass) of the runs per leaf); "
          + "each point is a leaf; \(directory).",
        boxes: cart.leaves.enumerated().map {
          .init(
            index: $0.offset, coverage: $0.element.coverage, density: $0.element.density,
            restricted: $0.element.restrictedCount)
        }, threshold: threshold, chosen: chosen,
        chosenLabel: "leaf \(chosen)\(report.found.isEmpty ? " (below threshold)" : ""): density "
          + String(format: "%.3f", cart.leaves[chosen].density))
      chart.style = FigureStyle(valueRange: 0...1)
      try AtomicFile.write(report.leavesCSV, to: stem + ".csv")
      try AtomicFile.write(report.limitsCSV, to: stem + "-limits.csv")
      try AtomicFile.write(chart.svg, to: stem + ".svg")
      print("wrote \(stem).csv, \(stem)-limits.csv and \(stem).svg")
    }
  }
}
