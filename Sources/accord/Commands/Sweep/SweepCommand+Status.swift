import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep status DIR`.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how far a sweep in DIR has got, and list its failed runs.")

    /// Failed runs listed one per line.
    static let listed = 20

    @Argument(help: "The sweep's output directory.")
    var directory: String

    func run() throws {
      let path = "\(directory)/sweep.sqlite"
      guard FileManager.default.fileExists(atPath: path) else {
        throw InputError("\(path): no sweep store here")
      }
      let health = try SweepHealth.read(path: path, verify: true)
      print(health.summary)
      for failure in health.failures.prefix(Self.listed) {
        print(
          "  failed: run \(failure.run) (point \(failure.point), replicate \(failure.replicate), "
            + "seed \(failure.seed)): \(failure.message)")
      }
      if health.failures.count > Self.listed {
        print("  ... and \(health.failures.count - Self.listed) more failed runs")
      }
    }
  }
}
