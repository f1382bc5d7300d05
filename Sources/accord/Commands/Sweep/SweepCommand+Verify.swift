import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep verify DIR`: SQLite's integrity check and every run's checksum.
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a sweep store: SQLite's integrity check and every run's checksum.",
      discussion: """
        Names the damaged runs (rows that no longer match the checksum written with \
        them) and exits with status 1 if any run is damaged or SQLite finds the file \
        damaged. `accord sweep run SWEEP --out DIR --resume` reruns exactly the damaged \
        runs. The store is only read.
        """)

    @Argument(help: "The sweep's output directory.")
    var directory: String

    func run() throws {
      let path = "\(directory)/sweep.sqlite"
      let health: SweepHealth
      do {
        health = try SweepHealth.read(path: path, verify: true, integrity: true)
      } catch let error as SweepStoreError {
        // A file SQLite cannot read at all is the worst damage: say so, and fail.
        print("damaged: \(error)")
        throw ExitCode(1)
      }
      print(health.summary)
      for problem in health.integrity.prefix(10) { print("  integrity: \(problem)") }
      if !health.damaged.isEmpty {
        print(
          "  damaged runs: "
            + SweepMerge.list(health.damaged.map { "run \($0)" }, limit: 50))
      }
      if health.unchecked > 0 {
        print("  \(health.unchecked) runs have no checksum (the store predates checksums)")
      }
      if health.integrity.isEmpty && health.damaged.isEmpty {
        print("ok: \(path): every run's rows match their checksums")
      } else {
        print(
          "damaged: \(path): rerun the damaged runs with `accord sweep run SWEEP --out \(directory) --resume`"
        )
        throw ExitCode(1)
      }
    }
  }
}
