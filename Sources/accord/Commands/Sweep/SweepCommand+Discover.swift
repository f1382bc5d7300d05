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
        Prints the peeling trajectory (coverage against density) and the chosen box with \
        each restricted factor's range and quasi-p-value; writes the trajectory to \
        FILE.csv and the coverage-density trade-off to FILE.svg. Categorical factors are \
        left out.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    @Option(name: .customLong("where"), help: "The condition: an SQL expression over runs.")
    var condition: String

    @Option(help: "Share of the box's runs peeled per step.")
    var alpha = 0.05

    @Option(help: "Stop peeling below this share of all runs.")
    var minMass = 0.05

    @Option(help: "Density the chosen box must reach.")
    var threshold = 0.8

    @Option(help: "Files to write: FILE.csv and FILE.svg (default: DIR/discover).")
    var out: String?

    func run() throws {
      let written = out ?? "\(directory)/discover"
      try OutputGuard.check(
        "--out", outputs: [written + ".csv", written + ".svg"],
        inputs: OutputGuard.storeFiles(directory))
      try SweepHealth.check(directory: directory)
      for (flag, value, range) in [
        ("--alpha", alpha, 0.001...0.5), ("--min-mass", minMass, 0.0...1.0),
        ("--threshold", threshold, 0.0...1.0),
      ] where !range.contains(value) {
        throw InputError(
          "\(flag): \(value) is out of range; allowed: [\(range.lowerBound), \(range.upperBound)]")
      }
      let (prim, skipped) = try Prim.fromStore(
        directory: directory, condition: condition, alpha: alpha, minMass: minMass,
        threshold: threshold)
      if !skipped.isEmpty {
        FileHandle.standardError.write(
          Data("categorical factors left out: \(skipped.joined(separator: ", "))\n".utf8))
      }
      func f(_ x: Double) -> String { String(format: "%.3f", x) }
      var csv = "box,coverage,density,mass,runs,restricted\n"
      print("peeling trajectory (\(prim.trajectory.count) boxes):")
      print("box  coverage  density  mass   restricted")
      for (i, b) in prim.trajectory.enumerated() {
        csv += "\(i),\(b.coverage),\(b.density),\(b.mass),\(b.count),\(b.restricted)\n"
        if i % max(1, prim.trajectory.count / 15) == 0 || i == prim.chosen
          || i == prim.trajectory.count - 1
        {
          print(
            String(
              format: "%3d  %8@  %7@  %5@  %d%@", i, f(b.coverage), f(b.density), f(b.mass),
              b.restricted, i == prim.chosen ? "  <- chosen" : ""))
        }
      }
      let box = prim.trajectory[prim.chosen]
      print(
        "chosen box \(prim.chosen): coverage \(f(box.coverage)), density \(f(box.density)), "
          + "mass \(f(box.mass)), \(box.count) runs")
      for (j, name) in prim.factors.enumerated() {
        guard let limits = box.limits[j] else { continue }
        print(
          "  \(name): [\(limits.lowerBound), \(limits.upperBound)]"
            + ", quasi-p \(String(format: "%.3g", prim.quasiP[j] ?? .nan))")
      }
      if box.restricted == 0 { print("  no factor restricted") }
      let stem = out ?? "\(directory)/discover"
      var chart = LineChart(
        title: "Peeling trajectory: \(condition)", xTitle: "coverage", yTitle: "density",
        caption: "PRIM (alpha \(alpha), minimum mass \(minMass)); box \(prim.chosen) chosen "
          + "(threshold density \(threshold)); \(directory).",
        series: [
          .init(
            name: "boxes",
            points: prim.trajectory.map {
              .init(x: $0.coverage, mean: $0.density, lower: $0.density, upper: $0.density)
            })
        ])
      chart.style = FigureStyle(valueRange: 0...1)
      try AtomicFile.write(csv, to: stem + ".csv")
      try AtomicFile.write(chart.svg, to: stem + ".svg")
      print("wrote \(stem).csv and \(stem).svg")
    }
  }
}
